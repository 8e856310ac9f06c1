import type { App, WebContents } from 'electron';
import { isTrustedUrl } from './app-origin';
import { isOpenableExternalUrl, openExternalSafely } from './open-external';

/**
 * Keeps every web contents on the app's own origin: no navigation or redirect elsewhere,
 * no new windows (allowlisted links go to the system browser instead) and no `<webview>`.
 * Installed on `web-contents-created`, so it covers contents created later too.
 */

interface PreventableEvent {
  preventDefault(): void;
}

interface UrlEvent extends PreventableEvent {
  url?: string;
}

/** Applies the rules to one web contents. Exported for tests. */
export function guardWebContents(contents: WebContents): void {
  const stayOnOrigin = (event: UrlEvent, legacyUrl?: string): void => {
    // Electron ≥ 25 puts the URL on the event; the positional argument is deprecated.
    const target = event.url ?? legacyUrl;
    if (!isTrustedUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnOrigin);
  contents.on('will-frame-navigate', (event) => stayOnOrigin(event));
  contents.on('will-redirect', stayOnOrigin);

  contents.setWindowOpenHandler(({ url }) => {
    if (isOpenableExternalUrl(url)) {
      openExternalSafely(url).catch((error: unknown) => console.error('openExternal failed', error));
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event: PreventableEvent) => event.preventDefault());
}

/** Installs the guard for every web contents the app creates. Safe to call before ready. */
export function installNavigationGuards(electronApp: Pick<App, 'on'>): void {
  electronApp.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}
