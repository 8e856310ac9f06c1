import { describe, expect, it, vi } from 'vitest';
import type { RecordStoreState } from '@shared/ipc/record-store';
import { RecordStoreStateSchema } from '@shared/ipc/record-store';
import { EmbeddedStoreStartError } from './embedded-record-store';
import { RecordStoreSupervisor, type RecordStoreSupervisorDeps } from './record-store-supervisor';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const SECRET = 'c'.repeat(64);

/** A controllable launcher: each start waits until the test settles it. */
function harness(overrides: Partial<RecordStoreSupervisorDeps> = {}) {
  const states: RecordStoreState[] = [];
  const launches: Array<{ port: number; secret: string; resolve: () => void; reject: (e: Error) => void; log: (m: string) => void; onExit: (c: number) => void; stop: ReturnType<typeof vi.fn> }> = [];
  let nextPort = 41_000;
  const deps: RecordStoreSupervisorDeps = {
    embedded: true,
    secret: async () => SECRET,
    reservePort: vi.fn(async (preferred?: number) => (preferred ? preferred : nextPort++)),
    createStore: ({ port, secret, log, onExit }) => {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const started = new Promise<string>((res, rej) => {
        resolve = () => res(`http://127.0.0.1:${port}`);
        reject = rej;
      });
      const stop = vi.fn(async () => undefined);
      launches.push({ port, secret, resolve, reject, log, onExit, stop });
      return { start: () => started, stop };
    },
    onState: (state) => states.push(RecordStoreStateSchema.parse(state)),
    onUrlChanged: vi.fn(),
    log: () => undefined,
    ...overrides,
  };
  return { supervisor: new RecordStoreSupervisor(deps), deps, states, launches };
}

describe('RecordStoreSupervisor', () => {
  it('knows its URL before the store is up, so the window need not wait: starting → ready', async () => {
    const { supervisor, states, launches } = harness();
    await supervisor.prepare();
    expect(supervisor.state).toEqual({ state: 'starting', url: 'http://127.0.0.1:41000' });
    expect(supervisor.url).toBe('http://127.0.0.1:41000');
    const running = supervisor.run();
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatchObject({ port: 41_000, secret: SECRET });
    launches[0]!.resolve();
    await running;
    expect(states.map((s) => s.state)).toEqual(['starting', 'ready']);
    expect(supervisor.state).toEqual({ state: 'ready', url: 'http://127.0.0.1:41000' });
  });

  it('stays central and starts nothing when a central store is configured; no secret is ever handed out', async () => {
    const { supervisor, launches, states } = harness({ embedded: false });
    await supervisor.prepare();
    await supervisor.run();
    expect(supervisor.state).toEqual({ state: 'central' });
    expect(supervisor.url).toBeNull();
    expect(launches).toHaveLength(0);
    expect(states).toHaveLength(0);
    expect(supervisor.secretFor('http://127.0.0.1:4100')).toBeNull();
  });

  it('hands the secret only for the embedded store\'s own URL', async () => {
    const { supervisor } = harness();
    await supervisor.prepare();
    expect(supervisor.secretFor('http://127.0.0.1:41000')).toBe(SECRET);
    expect(supervisor.secretFor('http://127.0.0.1:41001')).toBeNull();
    expect(supervisor.secretFor('https://records.example:4100')).toBeNull();
    expect(supervisor.secretFor('http://127.0.0.1:41000/')).toBeNull();
  });

  it('reports an honest failure with the reason and the last output line, and retries on the same port', async () => {
    const { supervisor, states, launches, deps } = harness();
    await supervisor.prepare();
    const first = supervisor.run();
    launches[0]!.log('record store: failed to start: PGlite data folder is locked');
    launches[0]!.reject(new EmbeddedStoreStartError('exited', 'embedded record store exited with code 1 before listening'));
    await first;
    expect(supervisor.state).toMatchObject({ state: 'failed', url: 'http://127.0.0.1:41000', reason: { code: 'exited' } });
    const failed = supervisor.state as Extract<RecordStoreState, { state: 'failed' }>;
    expect(failed.reason.detail).toContain('exited with code 1');
    expect(failed.reason.detail).toContain('PGlite data folder is locked');
    const retried = Promise.all([supervisor.retry(), supervisor.retry()]);
    await vi.waitFor(() => expect(launches).toHaveLength(2));
    expect(launches[1]!.port).toBe(41_000);
    launches[1]!.resolve();
    await retried;
    expect(launches).toHaveLength(2);
    expect(states.map((s) => s.state)).toEqual(['starting', 'failed', 'starting', 'ready']);
    expect(deps.onUrlChanged).not.toHaveBeenCalled();
  });

  it('moves to another port when the old one is taken, and says the URL changed (the page reloads)', async () => {
    let taken = false;
    const { supervisor, launches, deps } = harness({ reservePort: vi.fn(async (preferred?: number) => (preferred && !taken ? preferred : taken ? 42_000 : 41_000)) });
    await supervisor.prepare();
    const first = supervisor.run();
    launches[0]!.reject(new EmbeddedStoreStartError('timeout', 'embedded record store did not start in time'));
    await first;
    expect(supervisor.state).toMatchObject({ state: 'failed', reason: { code: 'timeout' } });
    taken = true;
    const retried = supervisor.retry();
    await vi.waitFor(() => expect(launches).toHaveLength(2));
    expect(deps.onUrlChanged).toHaveBeenCalledWith('http://127.0.0.1:42000');
    expect(supervisor.secretFor('http://127.0.0.1:42000')).toBe(SECRET);
    launches[1]!.resolve();
    await retried;
    expect(supervisor.state).toEqual({ state: 'ready', url: 'http://127.0.0.1:42000' });
  });

  it('turns a crash after ready into failed, but not a stop on quit', async () => {
    const { supervisor, launches } = harness();
    await supervisor.prepare();
    const running = supervisor.run();
    launches[0]!.resolve();
    await running;
    launches[0]!.onExit(139);
    expect(supervisor.state).toMatchObject({ state: 'failed', reason: { code: 'exited', detail: expect.stringContaining('139') } });
    const again = supervisor.retry();
    await vi.waitFor(() => expect(launches).toHaveLength(2));
    launches[1]!.resolve();
    await again;
    await supervisor.stop();
    expect(launches[1]!.stop).toHaveBeenCalled();
    launches[1]!.onExit(0);
    expect(supervisor.state.state).toBe('ready');
  });

  it('fails (never throws) when no port or no secret can be had, without a URL to offer', async () => {
    const noPort = harness({ reservePort: async () => Promise.reject(new Error('EACCES')) });
    await noPort.supervisor.prepare();
    expect(noPort.supervisor.state).toEqual({ state: 'failed', reason: { code: 'port-unavailable', detail: 'EACCES' } });
    expect(noPort.supervisor.url).toBeNull();
    await noPort.supervisor.run();
    expect(noPort.launches).toHaveLength(0);
    const noSecret = harness({ secret: async () => Promise.reject(new Error('EROFS')) });
    await noSecret.supervisor.prepare();
    expect(noSecret.supervisor.state).toMatchObject({ state: 'failed', reason: { code: 'error', detail: expect.stringContaining('EROFS') } });
    expect(noSecret.supervisor.secretFor('http://127.0.0.1:41000')).toBeNull();
  });
});
