import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserAgent } from 'sip.js';
import { RegistrationKeeper } from './sip-registration';
import { SIP_AUTH_FAILED, type RegistrationStatus } from './types';

/**
 * sip.js's Registerer, reduced to what the keeper relies on and in the same order sip.js
 * does it: a rejected REGISTER first flips the state to Unregistered, then calls the
 * request's onReject; its refresh timer calls `this.register()` with no options.
 */
const fake = vi.hoisted(() => {
  const RegistererState = { Initial: 'Initial', Registered: 'Registered', Unregistered: 'Unregistered', Terminated: 'Terminated' } as const;
  type Delegate = { onAccept?: (r: unknown) => void; onReject?: (r: unknown) => void };
  class Registerer {
    static all: Registerer[] = [];
    sent: Array<Delegate | undefined> = [];
    state: string = RegistererState.Initial;
    private listeners: Array<(s: string) => void> = [];
    readonly stateChange = { addListener: (l: (s: string) => void) => void this.listeners.push(l) };
    constructor() {
      Registerer.all.push(this);
    }
    register(options: { requestDelegate?: Delegate } = {}): Promise<unknown> {
      this.sent.push(options.requestDelegate);
      return Promise.resolve({});
    }
    /** What sip.js's refresh timer does. */
    refresh(): void {
      void this.register();
    }
    accept(): void {
      this.transition(RegistererState.Registered);
      this.sent.at(-1)?.onAccept?.({ message: { statusCode: 200 } });
    }
    reject(statusCode: number): void {
      this.transition(RegistererState.Unregistered);
      this.sent.at(-1)?.onReject?.({ message: { statusCode } });
    }
    /** The registration expired without a successful refresh (no answer reached us). */
    expire(): void {
      this.transition(RegistererState.Unregistered);
    }
    transition(state: string): void {
      if (this.state === state) return;
      this.state = state;
      this.listeners.forEach((l) => l(state));
    }
    dispose = async () => undefined;
    unregister = async () => undefined;
  }
  return { Registerer, RegistererState };
});
vi.mock('sip.js', () => ({ Registerer: fake.Registerer, RegistererState: fake.RegistererState }));

const CAP_MS = 4000;
const opts = { registerExpiresSec: 300, reconnectBaseMs: 1000, reconnectCapMs: CAP_MS };

function setUp() {
  const statuses: RegistrationStatus[] = [];
  let connected = true;
  const ua = {
    start: vi.fn(async () => undefined),
    isConnected: () => connected,
    reconnect: vi.fn(async () => {
      connected = true;
    }),
  };
  const keeper = new RegistrationKeeper(opts, (s) => statuses.push(s), () => undefined);
  const registers = () => fake.Registerer.all.reduce((n, r) => n + r.sent.length, 0);
  const current = () => fake.Registerer.all.at(-1)!;
  return {
    keeper,
    ua,
    statuses,
    registers,
    current,
    dropTransport: () => {
      connected = false;
    },
    async start() {
      await keeper.attach(ua as unknown as UserAgent);
      keeper.onConnect();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

/** Asserts that the next REGISTER goes out within the cap (and not before the status says). */
async function expectNextRegisterWithinCap(t: ReturnType<typeof setUp>): Promise<void> {
  const before = t.registers();
  const status = t.keeper.status;
  expect(status.state).toBe('reconnecting');
  expect(status.nextRetryAt! - Date.now()).toBeLessThanOrEqual(CAP_MS);
  await vi.advanceTimersByTimeAsync(CAP_MS);
  expect(t.registers()).toBe(before + 1);
}

describe('RegistrationKeeper: a phone that always heals', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    fake.Registerer.all = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([503, 500, 408, 404, 480, 486])('retries a REGISTER answered %i within the cap', async (code) => {
    const t = setUp();
    await t.start();
    expect(t.registers()).toBe(1);
    t.current().reject(code);
    expect(t.keeper.status.reason).toBe(`sip-${code}`);
    await expectNextRegisterWithinCap(t);
    t.current().accept();
    expect(t.keeper.status.state).toBe('registered');
  });

  it.each([503, 500, 408])("retries when sip.js's own refresh REGISTER is answered %i", async (code) => {
    const t = setUp();
    await t.start();
    t.current().accept();
    t.current().refresh();
    expect(t.registers()).toBe(2);
    t.current().reject(code);
    await expectNextRegisterWithinCap(t);
  });

  it('retries when the registration lapsed without any answer (refresh never answered)', async () => {
    const t = setUp();
    await t.start();
    t.current().accept();
    t.current().expire();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.keeper.status.reason).toBe('unregistered');
    await expectNextRegisterWithinCap(t);
  });

  it('reconnects and registers again after a transport loss', async () => {
    const t = setUp();
    await t.start();
    t.current().accept();
    t.dropTransport();
    t.keeper.onDisconnect(new Error('socket closed'));
    expect(t.keeper.status).toMatchObject({ state: 'reconnecting', reason: 'transport-lost' });
    expect(t.keeper.status.nextRetryAt! - Date.now()).toBeLessThanOrEqual(CAP_MS);
    await vi.advanceTimersByTimeAsync(CAP_MS);
    expect(t.ua.reconnect).toHaveBeenCalledTimes(1);
    t.keeper.onConnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.registers()).toBe(2);
  });

  it('keeps every retry under the cap however long the PBX keeps failing, one retry per failure', async () => {
    const t = setUp();
    await t.start();
    for (let i = 0; i < 12; i++) {
      t.current().reject(503);
      await expectNextRegisterWithinCap(t);
    }
    expect(t.registers()).toBe(13);
  });

  it.each([401, 407, 403])('stops on %i (credentials refused) and says the SIP password is wrong', async (code) => {
    const t = setUp();
    await t.start();
    t.current().reject(code);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.keeper.status).toEqual({ state: 'failed', reason: SIP_AUTH_FAILED });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.registers()).toBe(1);
    expect(t.keeper.status.state).toBe('failed');
  });
});
