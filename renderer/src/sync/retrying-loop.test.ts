import { describe, expect, it } from 'vitest';
import { RetryingLoop } from './retrying-loop';

/** A loop whose `settled` step waits until the test lets it go, counting drains. */
class GatedLoop extends RetryingLoop {
  drains = 0;
  fail = false;
  private release: (() => void) | null = null;
  settling: Promise<void> | null = null;
  private settlingStarted: (() => void) | null = null;

  constructor() {
    super({ intervalMs: 60_000, backoffBaseMs: 60_000, backoffCapMs: 60_000 });
  }
  protected async drain(): Promise<void> {
    this.drains += 1;
    if (this.fail) throw new Error('down');
  }
  protected succeeded(): void {}
  protected needsSignIn(): void {}
  protected failed(): void {}
  protected override settled(): Promise<void> {
    const started = this.settlingStarted;
    this.settlingStarted = null;
    started?.();
    return new Promise((resolve) => (this.release = resolve));
  }
  /** Resolves once the current run has reached `settled`. */
  whenSettling(): Promise<void> {
    return new Promise((resolve) => (this.settlingStarted = resolve));
  }
  letGo(): void {
    this.release?.();
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RetryingLoop', () => {
  it('a kick that arrives while a successful run is settling still gets a run of its own', async () => {
    const loop = new GatedLoop();
    const settling = loop.whenSettling();
    loop.start();
    await settling;
    expect(loop.drains).toBe(1);
    // A local write lands now: the drain loop has been left already.
    void loop.kick();
    const second = loop.whenSettling();
    loop.letGo();
    await second;
    expect(loop.drains).toBe(2);
    loop.letGo();
    loop.stop();
  });

  it('after a failed run, a kick during settling waits for the backoff instead of retrying at once', async () => {
    const loop = new GatedLoop();
    loop.fail = true;
    const settling = loop.whenSettling();
    loop.start();
    await settling;
    void loop.kick();
    loop.letGo();
    await tick();
    await tick();
    expect(loop.drains).toBe(1);
    loop.stop();
  });
});
