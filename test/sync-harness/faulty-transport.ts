import type { FastifyInstance } from 'fastify';
import type { SessionUser } from '../../shared/schemas/auth';
import { PullResponseSchema, PushResponseSchema, type PullResponse, type PushRequest, type PushResponse } from '../../shared/sync/protocol';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../renderer/src/sync/record-store-client';
import type { Database } from '../../server/db/database';
import { push as serverPush } from '../../server/sync/push';
import type { Prng } from './prng';

/** Per-request fault probabilities. */
export interface FaultRates {
  /** The request never reaches the server. */
  dropRequest: number;
  /** The server applies it, the answer is lost. */
  dropAck: number;
  /** The request arrives twice (the client sees the second answer). */
  duplicate: number;
  /** A copy is held back and delivered later, after newer requests (reordering). */
  hold: number;
  /** The server dies inside the batch's transaction (rolled back) and restarts. */
  crashMidBatch: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropAck: 0, duplicate: 0, hold: 0, crashMidBatch: 0 };

/** The record store under test: one database, an app that can be restarted on it. */
export interface ServerHandle {
  db: Database;
  app(): FastifyInstance;
  restart(): Promise<void>;
  /** Base URL of the app listening on loopback, for clients that follow the real event stream. */
  url?(): string;
}

class SimulatedCrash extends Error {}

/** What the negative control needs to count applications per original mutation id. */
export interface DedupBypass {
  /** Fresh id sent → the client's original id. */
  originalOf: Map<string, string>;
}

/**
 * One client's network to the record store, through `app.inject`, with seeded faults.
 * With `bypass` set, every send gets fresh mutation ids (mapped back on the answer), which
 * is the server's deduplication switched off as far as the server can tell: the negative
 * control, which the harness's invariants must catch.
 */
export class FaultyTransport {
  faults: FaultRates;
  /** Requests held back for a later, out-of-order delivery. */
  readonly held: PushRequest[] = [];

  constructor(
    private readonly server: ServerHandle,
    private readonly token: string,
    private readonly user: SessionUser,
    private readonly rng: Prng,
    faults: FaultRates,
    private readonly bypass: DedupBypass | null,
  ) {
    this.faults = faults;
  }

  async push(request: PushRequest): Promise<PushResponse> {
    const f = this.faults;
    if (this.rng.chance(f.dropRequest)) throw unreachable('request dropped');
    if (this.rng.chance(f.crashMidBatch)) {
      const body = this.bypass ? this.withFreshIds(request) : request;
      await this.server.db.orm
        .transaction(async (tx) => {
          await serverPush(tx, this.user, body);
          throw new SimulatedCrash();
        })
        .catch((error: unknown) => {
          if (!(error instanceof SimulatedCrash)) throw error;
        });
      await this.server.restart();
      throw unreachable('server crashed mid-batch');
    }
    if (this.rng.chance(f.hold)) this.held.push(request);
    let response = await this.send(request);
    if (this.rng.chance(f.duplicate)) response = await this.send(request);
    if (this.rng.chance(f.dropAck)) throw unreachable('acknowledgement dropped');
    if (!this.bypass) return response;
    return { results: response.results.map((r) => ({ ...r, mutationId: this.bypass?.originalOf.get(r.mutationId) ?? r.mutationId })) };
  }

  /** Delivers one held request late (its answer goes nowhere, like a retry that lost the race). */
  async deliverHeld(index: number): Promise<void> {
    const [body] = this.held.splice(index, 1);
    if (body) await this.send(body).catch(() => undefined);
  }

  async pull(cursor: number, limit?: number, purgedThrough = 0): Promise<PullResponse> {
    if (this.rng.chance(this.faults.dropRequest)) throw unreachable('pull dropped');
    const query = `cursor=${cursor}&purgedThrough=${purgedThrough}${limit === undefined ? '' : `&limit=${limit}`}`;
    const body = await this.request('GET', `/api/v1/sync/pull?${query}`);
    if (this.rng.chance(this.faults.dropAck)) throw unreachable('pull answer dropped');
    return PullResponseSchema.parse(body);
  }

  /** One delivery; without deduplication the server cannot tell it from a new request, so it gets new ids. */
  private async send(request: PushRequest): Promise<PushResponse> {
    const body = this.bypass ? this.withFreshIds(request) : request;
    return PushResponseSchema.parse(await this.request('POST', '/api/v1/sync/push', body));
  }

  private async request(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<unknown> {
    const res = await this.server.app().inject({ method, url, headers: { authorization: `Bearer ${this.token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    const json: unknown = res.body ? JSON.parse(res.body) : null;
    if (res.statusCode !== 200) {
      const err = json as { error?: string; message?: string } | null;
      throw new RecordStoreHttpError(res.statusCode, err?.error ?? `http-${res.statusCode}`, err?.message ?? res.body.slice(0, 200));
    }
    return json;
  }

  private withFreshIds(request: PushRequest): PushRequest {
    const bypass = this.bypass as DedupBypass;
    return {
      ...request,
      mutations: request.mutations.map((m) => {
        const fresh = this.rng.uuid();
        bypass.originalOf.set(fresh, m.mutationId);
        return { ...m, mutationId: fresh };
      }),
    };
  }
}

function unreachable(why: string): RecordStoreUnreachableError {
  return new RecordStoreUnreachableError(new Error(why));
}
