import { describe, expect, it, vi } from 'vitest';
import { MemoryHost } from '../host/memory-host';
import type { CallInfo } from '../softphone/types';
import { AgentStateController } from './agent-state';
import { callActivity, connectDesktop, runShortcut } from './desktop-bridge';
import type { Workstation } from './workstation';
import { callInfo } from '../../../test/fakes/web/call-info';

const call = (over: Partial<CallInfo>): CallInfo => callInfo({ sipCallId: 's1', ...over });

function fakeWorkstation(host: MemoryHost) {
  let calls: CallInfo[] = [];
  const listeners = new Set<() => void>();
  const ws = {
    host,
    agentState: new AgentStateController({ save: async () => {}, hasDisposition: async () => false }),
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    getSnapshot: () => ({ calls }),
    answer: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    setMuted: vi.fn(),
    setCalls(next: CallInfo[]) {
      calls = next;
      listeners.forEach((l) => l());
    },
  };
  return ws;
}

describe('callActivity', () => {
  it('counts live calls and names the newest inbound ringing one', () => {
    expect(callActivity([])).toEqual({ live: 0, incoming: null });
    expect(callActivity([call({ id: 'a', state: 'active' }), call({ id: 'b' }), call({ id: 'x', state: 'ended' })])).toEqual({ live: 2, incoming: { callId: 'b', from: '13800138000' } });
    expect(callActivity([call({ direction: 'outbound', state: 'dialing' })])).toEqual({ live: 1, incoming: null });
  });
});

describe('runShortcut', () => {
  const ws = (calls: CallInfo[]) => ({ getSnapshot: () => ({ calls }), answer: vi.fn(async () => {}), hangup: vi.fn(async () => {}), setMuted: vi.fn() }) as never as Parameters<typeof runShortcut>[0] & Record<'answer' | 'hangup' | 'setMuted', ReturnType<typeof vi.fn>>;
  it('answers the ringing call, hangs up the active one, toggles mute', () => {
    const w = ws([call({ id: 'a', state: 'active', muted: true }), call({ id: 'r' })]);
    runShortcut(w, 'answer');
    expect(w.answer).toHaveBeenCalledWith('r');
    runShortcut(w, 'hangup');
    expect(w.hangup).toHaveBeenCalledWith('a');
    runShortcut(w, 'mute');
    expect(w.setMuted).toHaveBeenCalledWith('a', false);
  });
  it('does nothing without a fitting call', () => {
    const w = ws([call({ id: 'h', state: 'active', held: true })]);
    runShortcut(w, 'answer');
    runShortcut(w, 'mute');
    expect(w.answer).not.toHaveBeenCalled();
    expect(w.setMuted).not.toHaveBeenCalled();
  });
});

describe('connectDesktop', () => {
  it('reports call activity once per change and the agent state', async () => {
    const host = new MemoryHost();
    const ws = fakeWorkstation(host);
    const off = connectDesktop(ws as never as Workstation);
    ws.setCalls([call({})]);
    ws.setCalls([call({})]);
    ws.setCalls([call({ state: 'active' })]);
    await Promise.resolve();
    expect(host.callActivity).toEqual([
      { live: 0, incoming: null },
      { live: 1, incoming: { callId: 'c1', from: '13800138000' } },
      { live: 1, incoming: null },
    ]);
    await ws.agentState.setReady();
    expect(host.agentStates).toEqual(['offline', 'ready']);
    expect(host.dialReady).toBe(true);
    off();
    await Promise.resolve();
    expect(host.dialReady).toBe(false);
    ws.setCalls([]);
    expect(host.callActivity).toHaveLength(3);
  });

  it('runs global shortcuts and tray choices from the host', async () => {
    const host = new MemoryHost();
    const ws = fakeWorkstation(host);
    connectDesktop(ws as never as Workstation);
    ws.setCalls([call({ id: 'r' })]);
    host.emit('event:shortcut', { action: 'answer' });
    expect(ws.answer).toHaveBeenCalledWith('r');
    host.emit('event:tray-action', { action: 'ready' });
    await vi.waitFor(() => expect(ws.agentState.getSnapshot().state).toBe('ready'));
    host.emit('event:tray-action', { action: 'not-ready' });
    // Not ready needs a reason: the window comes up and the tray is told the real state.
    expect(host.focusCount).toBe(1);
    expect(host.agentStates.at(-1)).toBe('ready');
  });
});
