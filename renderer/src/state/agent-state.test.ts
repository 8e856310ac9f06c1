import { describe, expect, it } from 'vitest';
import type { AgentState } from '@shared/schemas/agent-state';
import type { CallInfo } from '../softphone/types';
import { AgentStateController, DispositionRequiredError } from './agent-state';
import { callInfo } from '../../../test/fakes/web/call-info';

const call = (patch: Partial<CallInfo>): CallInfo => callInfo(patch);

function setup(disposed: Set<string> = new Set()) {
  const saved: AgentState[] = [];
  let clock = 1000;
  const ctl = new AgentStateController({ save: async (s) => void saved.push(s), hasDisposition: async (id) => disposed.has(id), now: () => (clock += 1000) });
  return { ctl, saved, disposed };
}

describe('agent state', () => {
  it('goes on call while a call is up and into after-call work when an answered call ends', async () => {
    const { ctl, saved } = setup();
    await ctl.setReady();
    const ringing = call({});
    ctl.onCalls([ringing], ringing);
    expect(ctl.getSnapshot().state).toBe('ready');
    const active = call({ state: 'active', answeredAt: 5 });
    ctl.onCalls([active], active);
    expect(ctl.getSnapshot().state).toBe('on-call');
    const ended = call({ state: 'ended', answeredAt: 5, endedAt: 9, endReason: 'remote-hangup' });
    ctl.onCalls([], ended);
    expect(ctl.getSnapshot()).toMatchObject({ state: 'after-call-work', wrapUpCallId: 'c1' });
    await ctl.flushed();
    expect(saved.map((s) => s.state)).toEqual(['ready', 'on-call', 'after-call-work']);
  });

  it('needs the case disposition before ready again', async () => {
    const { ctl, disposed } = setup();
    const active = call({ state: 'active', answeredAt: 5 });
    ctl.onCalls([active], active);
    ctl.onCalls([], { ...active, state: 'ended', endedAt: 9 });
    await expect(ctl.setReady()).rejects.toBeInstanceOf(DispositionRequiredError);
    expect(ctl.getSnapshot().state).toBe('after-call-work');
    // A break does not skip the disposition.
    ctl.setNotReady('meal');
    await expect(ctl.setReady()).rejects.toBeInstanceOf(DispositionRequiredError);
    expect(ctl.getSnapshot()).toMatchObject({ state: 'not-ready', wrapUpCallId: 'c1' });
    disposed.add('c1');
    await ctl.setReady();
    expect(ctl.getSnapshot()).toMatchObject({ state: 'ready', wrapUpCallId: null });
  });

  it('keeps a reason only while not ready and ignores not-ready during a call', async () => {
    const { ctl, saved } = setup();
    ctl.setNotReady('meal');
    expect(ctl.getSnapshot()).toMatchObject({ state: 'not-ready', reason: 'meal' });
    const out = call({ direction: 'outbound', state: 'dialing' });
    ctl.onCalls([out], out);
    ctl.setNotReady('training');
    expect(ctl.getSnapshot().state).toBe('on-call');
    ctl.onCalls([], { ...out, state: 'ended', endReason: 'failed' });
    expect(ctl.getSnapshot().state).toBe('ready');
    ctl.setOffline();
    await ctl.flushed();
    expect(saved).toEqual([
      { state: 'not-ready', reason: 'meal', since: expect.any(Number) },
      { state: 'on-call', reason: null, since: expect.any(Number) },
      { state: 'ready', reason: null, since: expect.any(Number) },
      { state: 'offline', reason: null, since: expect.any(Number) },
    ]);
  });

  it('after-call work ends by itself after the wrap-up time, once the case is saved; it can be extended', async () => {
    let clock = 0;
    const disposed = new Set<string>();
    const saved: AgentState[] = [];
    const ctl = new AgentStateController({ save: async (st) => void saved.push(st), hasDisposition: async (id) => disposed.has(id), now: () => clock, wrapUpMs: 60_000 });
    const active = call({ state: 'active', answeredAt: 5 });
    ctl.onCalls([active], active);
    ctl.onCalls([], { ...active, state: 'ended', endedAt: 9 });
    expect(ctl.getSnapshot()).toMatchObject({ state: 'after-call-work', wrapUpUntil: 60_000 });
    clock = 59_999;
    disposed.add('c1');
    await ctl.tick();
    expect(ctl.getSnapshot().state).toBe('after-call-work');
    // One key: 30 s more.
    ctl.extendWrapUp();
    expect(ctl.getSnapshot().wrapUpUntil).toBe(90_000);
    clock = 90_000;
    disposed.delete('c1');
    // Time is up but the case is not saved: the agent stays in after-call work.
    await ctl.tick();
    expect(ctl.getSnapshot().state).toBe('after-call-work');
    disposed.add('c1');
    await ctl.tick();
    expect(ctl.getSnapshot()).toMatchObject({ state: 'ready', wrapUpUntil: null });
    await ctl.flushed();
    expect(saved.map((st) => st.state)).toEqual(['on-call', 'after-call-work', 'ready']);
    // A break during after-call work is not ended by the wrap-up timer.
    ctl.onCalls([active], active);
    ctl.onCalls([], { ...active, state: 'ended', endedAt: 9 });
    ctl.setNotReady('meal');
    clock += 120_000;
    await ctl.tick();
    expect(ctl.getSnapshot().state).toBe('not-ready');
  });

  it('wraps up for the centre’s configured time, not the default', async () => {
    let clock = 0;
    const ctl = new AgentStateController({ save: async () => undefined, hasDisposition: async () => true, now: () => clock });
    // Sent by the record store at sign-in (ROUTING_WRAP_UP_MS).
    ctl.setWrapUpMs(3000);
    const active = call({ state: 'active', answeredAt: 5 });
    ctl.onCalls([active], active);
    clock = 10_000;
    ctl.onCalls([], { ...active, state: 'ended', endedAt: 9 });
    expect(ctl.getSnapshot().wrapUpUntil).toBe(13_000);
    clock = 12_999;
    await ctl.tick();
    expect(ctl.getSnapshot().state).toBe('after-call-work');
    clock = 13_000;
    await ctl.tick();
    expect(ctl.getSnapshot().state).toBe('ready');
  });

  it('starts a call-taker ready and a supervisor not ready (班长值守) at sign-in', async () => {
    const agent = setup();
    await agent.ctl.signIn('ready');
    expect(agent.ctl.getSnapshot()).toMatchObject({ state: 'ready', reason: null });
    const supervisor = setup();
    await supervisor.ctl.signIn('supervising');
    expect(supervisor.ctl.getSnapshot()).toMatchObject({ state: 'not-ready', reason: 'supervising' });
    await supervisor.ctl.flushed();
    expect(supervisor.saved).toEqual([{ state: 'not-ready', reason: 'supervising', since: expect.any(Number) }]);
    // Only when the supervisor chooses 就绪 are they routed calls.
    await supervisor.ctl.setReady();
    expect(supervisor.ctl.getSnapshot().state).toBe('ready');
  });
});
