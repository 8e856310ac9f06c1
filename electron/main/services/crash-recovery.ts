import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';
import type { MainLabels } from './labels';

/** Limits of the crash-loop guard. */
export interface CrashRecoveryOptions {
  /** Reloads allowed within `windowMs` before giving up (default 3). */
  maxReloads?: number;
  /** The sliding window (default one minute). */
  windowMs?: number;
  now?: () => number;
  log: (message: string) => void;
  labels: () => Pick<MainLabels, 'crashedTitle' | 'crashedBody'>;
  /** Told when the page is gone, e.g. to release the power blocker and hold deep links. */
  onGone?: () => void;
}

/**
 * Reloads the page when its renderer process dies (crash, OOM, killed): the page restores
 * its state from IndexedDB and the note journal on start. A page that keeps dying is not
 * reloaded forever: after `maxReloads` within `windowMs` a static error page is shown.
 */
export class CrashRecovery {
  private reloads: number[] = [];
  private readonly maxReloads: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CrashRecoveryOptions) {
    this.maxReloads = options.maxReloads ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Watches a window's renderer. */
  attach(window: BrowserWindow): void {
    window.webContents.on('render-process-gone', (_event, details) => this.onGone(window, details));
  }

  /** Reacts to one `render-process-gone`; returns what it did. */
  onGone(window: BrowserWindow, details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): 'ignored' | 'reloaded' | 'gave-up' {
    // A clean exit is the window closing, not a crash.
    if (details.reason === 'clean-exit' || window.isDestroyed()) return 'ignored';
    this.options.onGone?.();
    const now = this.now();
    this.reloads = this.reloads.filter((at) => now - at < this.windowMs);
    if (this.reloads.length >= this.maxReloads) {
      this.options.log(`renderer gone (${details.reason}, exit ${details.exitCode}); ${this.reloads.length} reloads within ${this.windowMs} ms, showing the error page`);
      void window.loadURL(errorPageUrl(this.options.labels())).catch(() => undefined);
      return 'gave-up';
    }
    this.reloads.push(now);
    this.options.log(`renderer gone (${details.reason}, exit ${details.exitCode}); reloading (${this.reloads.length}/${this.maxReloads})`);
    window.webContents.reload();
    return 'reloaded';
  }
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained page (no script, no network) saying what happened and what to do. */
export function errorPageUrl(labels: Pick<MainLabels, 'crashedTitle' | 'crashedBody'>): string {
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(labels.crashedTitle)}</title><style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:40rem;color:#212529}h1{font-size:1.4rem}</style></head><body><h1>${escapeHtml(labels.crashedTitle)}</h1><p>${escapeHtml(labels.crashedBody)}</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
