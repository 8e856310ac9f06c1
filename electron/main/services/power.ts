import { powerSaveBlocker } from 'electron';
import type { PowerSaveBlocker } from 'electron';

/**
 * Keeps the machine from suspending the app while any call is live: a suspended process
 * drops the call's audio and its SIP dialog. Display sleep is still allowed
 * (`prevent-app-suspension`), the screen is not what the call needs.
 */
export class CallPowerGuard {
  private blockerId: number | null = null;

  constructor(private readonly blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'> = powerSaveBlocker) {}

  /** Called with the number of live calls on every change. */
  update(liveCalls: number): void {
    if (liveCalls > 0 && !this.holding) {
      this.blockerId = this.blocker.start('prevent-app-suspension');
    } else if (liveCalls === 0 && this.blockerId !== null) {
      if (this.blocker.isStarted(this.blockerId)) this.blocker.stop(this.blockerId);
      this.blockerId = null;
    }
  }

  /** Whether the blocker is held. */
  get holding(): boolean {
    return this.blockerId !== null && this.blocker.isStarted(this.blockerId);
  }

  /** Lets go (quit, or the page that reported the calls is gone). */
  release(): void {
    this.update(0);
  }
}
