/**
 * A workstation without a browser, for the city-scale benchmark: speaks the record store's
 * sync protocol over HTTP as the renderer does (sign in, push numbered mutations with the
 * acknowledged point, pull by cursor, freeze look-ups, the warning list) and records each
 * request's latency and any error status. Test kit only.
 */
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../shared/sync/mutations';

/** One request's outcome as the benchmark counts it. */
export interface Sample {
  kind: 'push' | 'pull' | 'lookup' | 'warnings' | 'login';
  ms: number;
  /** HTTP status, or 0 when the request failed without one. */
  status: number;
}

/** Where every workstation reports; the benchmark reads it at the end. */
export class SampleLog {
  readonly samples: Sample[] = [];
  readonly errors: Array<Sample & { detail: string }> = [];
  add(sample: Sample, detail?: string): void {
    this.samples.push(sample);
    if (sample.status !== 200) this.errors.push({ ...sample, detail: (detail ?? '').slice(0, 300) });
  }
}

export class CityWorkstation {
  private token = '';
  private readonly clientId = randomUUID();
  /** The outbox's next number and the highest number acknowledged with nothing below pending. */
  private nextClientSeq = 1;
  private ackedThrough = 0;
  cursor: number;
  purgedThrough = 0;
  pulledChanges = 0;
  pushedMutations = 0;

  constructor(
    readonly base: string,
    readonly username: string,
    private readonly password: string,
    private readonly log: SampleLog,
    initialCursor: number,
  ) {
    this.cursor = initialCursor;
  }

  private async request(kind: Sample['kind'], method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const t0 = performance.now();
    let status = 0;
    let detail = '';
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), 'accept-encoding': 'br, gzip' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.status;
      const text = await res.text();
      if (status !== 200) detail = text;
      return status === 200 ? JSON.parse(text) : undefined;
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
      return undefined;
    } finally {
      this.log.add({ kind, ms: performance.now() - t0, status }, detail);
    }
  }

  async signIn(): Promise<boolean> {
    const answer = (await this.request('login', 'POST', '/auth/login', { username: this.username, password: this.password })) as { token?: string } | undefined;
    this.token = answer?.token ?? '';
    return this.token !== '';
  }

  /** Pushes one batch, numbered as an outbox would number it; on success everything sent is acknowledged. */
  async push(mutations: Mutation[]): Promise<void> {
    const numbered = mutations.map((m) => ({ ...m, clientSeq: this.nextClientSeq++ }));
    const answer = (await this.request('push', 'POST', '/sync/push', { clientId: this.clientId, mutations: numbered, ackedThrough: this.ackedThrough })) as { results: unknown[] } | undefined;
    if (answer) {
      this.ackedThrough = numbered.at(-1)!.clientSeq;
      this.pushedMutations += mutations.length;
    }
  }

  /** Pulls pages until the store says no more (bounded), as the pull loop does after a poke. */
  async pull(maxPages = 5): Promise<void> {
    for (let page = 0; page < maxPages; page++) {
      const answer = (await this.request('pull', 'GET', `/sync/pull?cursor=${this.cursor}&limit=500&purgedThrough=${this.purgedThrough}`)) as
        | { changes: unknown[]; cursor: number; more: boolean; purgedThrough: number }
        | undefined;
      if (!answer) return;
      this.pulledChanges += answer.changes.length;
      this.cursor = answer.cursor;
      if (this.cursor === 0 || answer.purgedThrough > this.purgedThrough) this.purgedThrough = answer.purgedThrough;
      if (!answer.more) return;
    }
  }

  async lookup(probe: { by: string; value: string; partialNumber?: string }): Promise<void> {
    await this.request('lookup', 'POST', '/freeze-records/lookup', probe);
  }

  async warnings(): Promise<void> {
    await this.request('warnings', 'GET', '/warning-instructions');
  }
}
