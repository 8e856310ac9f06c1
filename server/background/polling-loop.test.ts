import { describe, expect, it } from 'vitest';
import { startPollingLoop, wakeRegistry } from './polling-loop';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
};

describe('the leased workers’ polling loop', () => {
  it('a wake during a pass runs another pass at once, not after the interval', async () => {
    let passes = 0;
    let release: () => void = () => undefined;
    const loop = startPollingLoop({
      intervalMs: 60_000,
      pass: async () => {
        passes += 1;
        if (passes === 1) await new Promise<void>((r) => (release = r));
        return false;
      },
      onError: () => undefined,
    });
    await until(() => passes === 1);
    loop.wake();
    release();
    await until(() => passes === 2);
    expect(passes).toBe(2);
    await loop.stop();
  });

  it('a full pass is followed at once; a failing pass is reported; stop ends it and the registry forgets it', async () => {
    const errors: string[] = [];
    let passes = 0;
    const registry = wakeRegistry<object>();
    const key = {};
    const loop = startPollingLoop({
      intervalMs: 60_000,
      pass: async () => {
        passes += 1;
        if (passes === 2) throw new Error('database down');
        return passes < 2;
      },
      onError: (e) => errors.push(e.message),
    });
    registry.add(key, loop);
    await until(() => passes === 2);
    expect(errors).toEqual(['database down']);
    expect(registry.wake(key)).toBe(true);
    await until(() => passes === 3);
    expect(passes).toBe(3);
    await loop.stop();
    registry.remove(key, loop);
    expect(registry.wake(key)).toBe(false);
  });
});
