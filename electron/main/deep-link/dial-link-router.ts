import type { BrowserWindow } from 'electron';
import { sendEvent } from '../ipc/send-event';
import { focusWindow } from '../services/notifications';
import { dialLinkFromArgv, parseDialLink } from './parse-dial-link';

/**
 * Takes dial links from wherever the OS delivers them (first instance's argv, a second
 * instance's argv, macOS `open-url`), and hands the parsed number to the page as
 * `event:dial`. A link that arrives before the page can dial (loading, signed out) is kept (only
 * the latest) and delivered once the page says it can.
 */
export class DialLinkRouter {
  private pending: string | null = null;
  private pageReady = false;

  constructor(private readonly getWindow: () => BrowserWindow | null) {}

  /** A raw link (macOS `open-url`). Returns the number accepted, or null if refused. */
  fromUrl(url: unknown): string | null {
    return this.accept(parseDialLink(url));
  }

  /** A command line (first instance or `second-instance`). */
  fromArgv(argv: readonly unknown[]): string | null {
    return this.accept(dialLinkFromArgv(argv));
  }

  /** The page is signed in and subscribed (`dial:ready`): deliver what waited. */
  onPageReady(): void {
    this.pageReady = true;
    if (this.pending) this.deliver(this.pending);
  }

  /** The page is gone, reloading or signed out: hold links until it is ready again. */
  onPageGone(): void {
    this.pageReady = false;
  }

  private accept(number: string | null): string | null {
    if (!number) return null;
    if (this.pageReady) this.deliver(number);
    else this.pending = number;
    return number;
  }

  private deliver(number: string): void {
    const window = this.getWindow();
    if (!window || window.isDestroyed()) {
      this.pending = number;
      return;
    }
    focusWindow(window);
    this.pending = sendEvent(window.webContents, 'event:dial', { number }) ? null : number;
  }
}
