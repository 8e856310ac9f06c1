import type { CallActivity } from '@shared/ipc/desktop';
import type { CallInfo } from '../softphone/types';
import type { Workstation } from './workstation';

/**
 * Connects a signed-in workstation to its desktop host: call activity (power-save blocker,
 * window attention) and the agent state (tray) go out; global shortcuts and tray choices
 * come in. Hosts without a desktop accept the reports and never fire the events.
 * Returns the disconnect function.
 */
export function connectDesktop(ws: Workstation): () => void {
  const host = ws.host;
  let lastActivity = '';
  const reportCalls = (): void => {
    const activity = callActivity(ws.getSnapshot().calls);
    const key = JSON.stringify(activity);
    if (key === lastActivity) return;
    lastActivity = key;
    void host.desktop.reportCallActivity(activity).catch((e: unknown) => console.warn('call activity not reported', e));
  };
  const reportAgent = (): void => {
    void host.desktop.reportAgentState(ws.agentState.getSnapshot().state).catch((e: unknown) => console.warn('agent state not reported', e));
  };
  const offs = [
    ws.subscribe(reportCalls),
    ws.agentState.subscribe(reportAgent),
    host.on('event:shortcut', ({ action }) => runShortcut(ws, action)),
    host.on('event:tray-action', ({ action }) => {
      if (action === 'ready') {
        // Refused while the wrapped-up case lacks its disposition: show the window where that is done.
        ws.agentState.setReady().catch(() => {
          reportAgent();
          void host.focusWindow();
        });
      } else {
        // Not ready needs a reason, which only the window asks for.
        reportAgent();
        void host.focusWindow();
      }
    }),
  ];
  reportCalls();
  reportAgent();
  // Subscribed (the workstation listens to event:dial from sign-in): links waiting in main may come.
  const dialReady = (ready: boolean) => void host.desktop.setDialReady(ready).catch((e: unknown) => console.warn('dial readiness not reported', e));
  dialReady(true);
  return () => {
    dialReady(false);
    offs.forEach((off) => off());
  };
}

/** What main needs to know: how many calls are live, and the newest inbound call ringing. */
export function callActivity(calls: readonly CallInfo[]): CallActivity {
  const live = calls.filter((c) => c.state !== 'ended');
  const ringing = live.filter((c) => c.state === 'ringing' && c.direction === 'inbound').at(-1);
  return { live: Math.min(live.length, 16), incoming: ringing ? { callId: ringing.id, from: ringing.remoteNumber.slice(0, 64) } : null };
}

/** A global shortcut: answer the ringing call, hang up the current one, toggle mute on it. */
export function runShortcut(ws: Pick<Workstation, 'getSnapshot' | 'answer' | 'hangup' | 'setMuted'>, action: 'answer' | 'hangup' | 'mute'): void {
  const calls = ws.getSnapshot().calls.filter((c) => c.state !== 'ended');
  const ringing = calls.filter((c) => c.state === 'ringing').at(-1);
  const current = calls.filter((c) => c.state === 'active' && !c.held).at(-1) ?? calls.filter((c) => c.state === 'dialing' || c.state === 'early').at(-1);
  const warn = (e: unknown) => console.warn(`shortcut ${action} failed`, e);
  if (action === 'answer' && ringing) void ws.answer(ringing.id).catch(warn);
  else if (action === 'hangup' && (current ?? ringing)) void ws.hangup((current ?? ringing)!.id).catch(warn);
  else if (action === 'mute' && current?.state === 'active') ws.setMuted(current.id, !current.muted);
}
