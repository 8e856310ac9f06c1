import { sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import { EventStream } from '../../renderer/src/sync/event-stream';
import { queryRows } from '../../server/db/database';
import { pullScope } from '../../server/sync/pull-scope';
import { FaultyEvents } from './faulty-events';
import type { ServerHandle } from './faulty-transport';

/** How long the end of a run waits for a poke-following client's last poke. */
const POKE_WAIT_MS = 5_000;

/** A workstation's real poke stream (`EventStream`) over a faulty connection. */
export interface PokeFollower {
  stream: EventStream;
  faults: FaultyEvents;
  /** A poke arrived since the harness last acted on it. */
  poked: boolean;
}

/**
 * Starts the real poke stream for a client that follows pokes. Pokes only mark the client:
 * the harness pulls for it at step boundaries, so the step order stays the seed's.
 */
export function followPokes(url: () => string, token: string, chance: (p: number) => boolean): PokeFollower {
  const faults = new FaultyEvents(url, token, chance);
  const follower: PokeFollower = { faults, poked: false, stream: null as unknown as EventStream };
  follower.stream = new EventStream(faults, {
    onPoke: (seq) => {
      faults.lastPoke = Math.max(faults.lastPoke, seq);
      follower.poked = true;
    },
    backoffBaseMs: 2,
    backoffCapMs: 20,
  });
  follower.stream.start();
  return follower;
}

/** The newest change a user's scope can pull: the poke a follower must see before it is level. */
async function latestSeqFor(server: ServerHandle, user: SessionUser): Promise<number> {
  const units = await pullScope(server.db.orm, user);
  const [row] = await queryRows<{ seq: string | number }>(
    server.db.orm,
    sql`SELECT coalesce(max(seq), 0) AS seq FROM change_log WHERE org_unit_id IN (${sql.join(units.map((u) => sql`${u}::uuid`), sql`, `)})`,
  );
  return Number(row?.seq ?? 0);
}

/**
 * The end of a run, once nothing is written: waits (bounded) until the follower has been
 * poked up to the newest change in its scope. Returns the violation, or null.
 */
export async function awaitLevelPoke(server: ServerHandle, user: SessionUser, follower: PokeFollower): Promise<string | null> {
  const target = await latestSeqFor(server, user);
  const deadline = Date.now() + POKE_WAIT_MS;
  while (follower.faults.lastPoke < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  return follower.faults.lastPoke < target ? `no poke reached seq ${target} (last poke ${follower.faults.lastPoke})` : null;
}
