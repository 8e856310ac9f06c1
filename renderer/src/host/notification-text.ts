import type { CallActivity, DesktopTexts } from '@shared/ipc/desktop';

const TITLE_MAX = 200;
const BODY_MAX = 1000;

/**
 * The call activity with the incoming-call notification in the page's language, cut to the
 * contract's caps; unchanged when the page has not said its words yet (main then falls back).
 */
export function withNotificationText(activity: CallActivity, texts: DesktopTexts | null): CallActivity {
  const incoming = activity.incoming;
  const title = texts?.incomingCallTitle.trim().slice(0, TITLE_MAX);
  if (!incoming || !texts || !title) return activity;
  const body = (incoming.from.trim() || texts.unknownCaller).slice(0, BODY_MAX);
  return { ...activity, incoming: { ...incoming, notification: { title, body } } };
}
