import type { LocalCase } from '../storage/db';

/**
 * The case the workstation has just opened for an answered call, as its transaction committed
 * it (so durable, never a guess), held until the case panel's live query reads it back. The
 * panel shows the form from this row at once instead of waiting for the database's change
 * notification (gathered over a frame) and a second read: about a frame and a read off each
 * answer (issue 17's answer → case budget). One row at most, so nothing grows over a shift.
 */
export class OpenedCase {
  private row: LocalCase | null = null;
  private readonly listeners = new Set<() => void>();

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The committed row of the case opened last, until the panel's own read took over. Kept when
   * its call ends: dropped before the live query had read the case, the form unmounted for a
   * moment and a closing key pressed right after hanging up went nowhere (the 200-call soak
   * lost one in about every other run). Its call facts may lag the database until then.
   */
  readonly get = (): LocalCase | null => this.row;

  /** A case's open committed. */
  set(row: LocalCase): void {
    this.row = row;
    this.notify();
  }

  /** Drops the row once the live query has read the case (which then follows every later change). */
  forget(match: (row: LocalCase) => boolean): void {
    if (!this.row || !match(this.row)) return;
    this.row = null;
    this.notify();
  }

  private notify(): void {
    this.listeners.forEach((l) => l());
  }
}
