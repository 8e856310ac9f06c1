import { describe, expect, it, vi } from 'vitest';
import { runWhileLeader } from './leader-lock';

/** A tiny in-memory LockManager with the exclusive-queue semantics of the Web Locks API. */
function fakeLocks() {
  const queues = new Map<string, Array<() => void>>();
  const held = new Set<string>();
  const manager = {
    request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void> | undefined) {
      return new Promise<void>((resolve, reject) => {
        const run = () => {
          held.add(name);
          void Promise.resolve(callback()).then(() => {
            held.delete(name);
            resolve();
            queues.get(name)?.shift()?.();
          });
        };
        if (!held.has(name)) return run();
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        queue.push(run);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(run), 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
  };
  return manager as unknown as LockManager;
}

describe('runWhileLeader', () => {
  it('lets only one window run the loop and hands over when it leaves', async () => {
    const locks = fakeLocks();
    const a = { start: vi.fn(), stop: vi.fn() };
    const b = { start: vi.fn(), stop: vi.fn() };
    const releaseA = runWhileLeader('sync', a.start, a.stop, locks);
    runWhileLeader('sync', b.start, b.stop, locks);
    await Promise.resolve();
    expect(a.start).toHaveBeenCalledTimes(1);
    expect(b.start).not.toHaveBeenCalled();
    releaseA();
    await vi.waitFor(() => expect(b.start).toHaveBeenCalledTimes(1));
    expect(a.stop).toHaveBeenCalledTimes(1);
  });

  it('a waiter that gives up never starts', async () => {
    const locks = fakeLocks();
    const a = { start: vi.fn(), stop: vi.fn() };
    const b = { start: vi.fn(), stop: vi.fn() };
    const releaseA = runWhileLeader('sync', a.start, a.stop, locks);
    const releaseB = runWhileLeader('sync', b.start, b.stop, locks);
    releaseB();
    releaseA();
    await new Promise((r) => setTimeout(r, 10));
    expect(b.start).not.toHaveBeenCalled();
    expect(b.stop).not.toHaveBeenCalled();
  });

  it('runs at once without Web Locks', () => {
    const start = vi.fn();
    runWhileLeader('sync', start, vi.fn(), undefined);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
