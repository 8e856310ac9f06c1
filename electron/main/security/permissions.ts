import type { Session } from 'electron';
import { isTrustedOrigin, isTrustedUrl } from './app-origin';

/**
 * The permission table (Signal-style): a call-taker's workstation needs the microphone and
 * notifications, nothing else. Every permission not listed here is denied, and listed ones
 * are granted only to the app's own top frame.
 */

/** What a rule sees about a request or check. */
export interface PermissionContext {
  /** Media types asked for (`media` requests list several; checks name one). */
  mediaTypes: readonly string[];
}

type Rule = (context: PermissionContext) => boolean;

/** Microphone only: a request naming video (camera) or nothing at all is refused. */
const audioOnly: Rule = ({ mediaTypes }) => mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');

/** The whole table. Exported read-only so tests can assert nothing else sneaks in. */
export const PERMISSION_TABLE: Readonly<Record<string, Rule>> = Object.freeze({
  media: audioOnly,
  notifications: () => true,
});

/**
 * The one decision both handlers use. `origin` is the requesting origin or URL; `isMainFrame`
 * keeps a (hypothetical) embedded frame from borrowing the app's grants.
 */
export function isPermissionAllowed(permission: string, origin: string | undefined, isMainFrame: boolean, context: PermissionContext): boolean {
  if (!Object.hasOwn(PERMISSION_TABLE, permission)) return false;
  if (!isMainFrame) return false;
  if (!(isTrustedOrigin(origin) || isTrustedUrl(origin))) return false;
  const rule = PERMISSION_TABLE[permission];
  return rule !== undefined && rule(context);
}

/** The session methods the policy installs handlers on. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler'
>;

/** Installs the table on a session; call once for `session.defaultSession` when ready. */
export function installPermissionPolicy(session: PermissionSession): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const origin = ('securityOrigin' in details ? details.securityOrigin : undefined) ?? details.requestingUrl;
    callback(isPermissionAllowed(permission, origin, details.isMainFrame, { mediaTypes }));
  });

  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    const mediaTypes = details.mediaType ? [details.mediaType] : [];
    return isPermissionAllowed(permission, requestingOrigin, details.isMainFrame, { mediaTypes });
  });

  // HID, serial and USB devices: never.
  session.setDevicePermissionHandler(() => false);
  // Screen, window or tab capture: never (a hotline desk shows personal data).
  // Electron 41 types the refusal as an empty Streams object; null (45+) means the same.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}
