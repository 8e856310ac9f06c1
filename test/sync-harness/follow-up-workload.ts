import { sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { DeskDb, LocalFollowUp } from '../../renderer/src/storage/db';
import { completeFollowUp, createFollowUp, deleteFollowUp, updateFollowUp } from '../../renderer/src/storage/follow-up-repository';
import { queryRows, type Orm } from '../../server/db/database';
import type { Prng } from './prng';

/** Client clock of the run: fixed, so follow-up times are reproducible from the seed. */
const RUN_EPOCH = 1_767_225_600_000;

/** What the follow-up workload needs of a simulated workstation. */
export interface FollowUpActor {
  name: string;
  db: DeskDb;
  user: SessionUser;
  /** This client's follow-ups, at the last version it wrote. */
  ownFollowUps: Map<string, LocalFollowUp>;
  /** Follow-ups this client deleted: they must never show here again. */
  deletedHere: Set<string>;
}

/**
 * Follow-up writes of one run: a workstation creates, edits and closes its own, and deletes
 * any it knows (its own or a colleague's), so deletes race edits and other deletes, and
 * real tombstones flow to every replica.
 */
export class FollowUpWorkload {
  creates = 0;
  deletes = 0;
  /** Every follow-up any client deleted. */
  readonly deleted = new Set<string>();
  private clock = RUN_EPOCH;

  constructor(
    private readonly rng: Prng,
    private readonly seed: number,
  ) {}

  async write(c: FollowUpActor): Promise<void> {
    const rng = this.rng;
    this.clock += 1000;
    const known = await c.db.followUps.toArray();
    const ownOpen = known.filter((f) => c.ownFollowUps.has(f.id) && f.state === 'open');
    const roll = rng.next();
    let row: LocalFollowUp | null = null;
    if (roll < 0.35 || known.length === 0) row = await this.create(c);
    else if (roll < 0.5 && ownOpen.length > 0) {
      const target = rng.pick(ownOpen);
      const patch = rng.chance(0.5) ? { note: `seed ${this.seed} 回访备注 ${rng.int(1e9)}` } : { dueAt: RUN_EPOCH + rng.int(1e9) };
      row = await updateFollowUp(c.db, target.id, patch, this.clock);
    } else if (roll < 0.62 && ownOpen.length > 0) {
      row = await completeFollowUp(c.db, rng.pick(ownOpen).id, rng.chance(0.7) ? 'done' : 'cancelled', this.clock);
    } else if (roll >= 0.62) {
      const target = rng.pick(known);
      await deleteFollowUp(c.db, target.id);
      c.deletedHere.add(target.id);
      this.deleted.add(target.id);
      this.deletes++;
    } else row = await this.create(c);
    if (row) c.ownFollowUps.set(row.id, row);
  }

  private async create(c: FollowUpActor): Promise<LocalFollowUp> {
    const rng = this.rng;
    const records = await c.db.callRecords.toCollection().primaryKeys();
    this.creates++;
    return createFollowUp(
      c.db,
      {
        assigneeId: c.user.id,
        orgUnitId: c.user.orgUnitId,
        dueAt: RUN_EPOCH + rng.int(1e9),
        note: rng.chance(0.8) ? `seed ${this.seed} 跟进 ${rng.int(1e9)}` : '',
        callerNumber: `+86139${String(rng.int(1e8)).padStart(8, '0')}`,
        callRecordId: records.length > 0 && rng.chance(0.5) ? rng.pick(records) : null,
      },
      this.clock,
    );
  }
}

/** Mid-run: a follow-up deleted here never comes back (no older pulled version may resurrect it). */
export async function resurrectedFollowUps(c: FollowUpActor): Promise<string[]> {
  return (await c.db.followUps.bulkGet([...c.deletedHere])).flatMap((f) => (f ? [f.id] : []));
}

const followUpFields = (f: Pick<LocalFollowUp, 'id' | 'caseId' | 'callRecordId' | 'callerNumber' | 'dueAt' | 'note' | 'state' | 'assigneeId' | 'doneAt'>) =>
  JSON.stringify([f.id, f.caseId, f.callRecordId, f.callerNumber, f.dueAt, f.note, f.state, f.assigneeId, f.doneAt]);

/**
 * Deleted follow-ups are gone from the server and every replica, with a tombstone as their
 * last change; the rest are their owner's last written version (a colleague's late delete
 * wins over it), and every replica holds exactly the server's set.
 */
export async function checkFollowUps(orm: Orm, clients: FollowUpActor[], deleted: Set<string>): Promise<string[]> {
  const v: string[] = [];
  const rows = await queryRows<Record<string, unknown>>(orm, sql`SELECT id, case_id, call_record_id, caller_number, due_at, note, state, assignee_id, done_at FROM follow_ups`);
  const byId = new Map(
    rows.map((r) => {
      const f = {
        id: r.id as string,
        caseId: r.case_id as string | null,
        callRecordId: r.call_record_id as string | null,
        callerNumber: r.caller_number as string | null,
        dueAt: Number(r.due_at),
        note: r.note as string,
        state: r.state as LocalFollowUp['state'],
        assigneeId: r.assignee_id as string,
        doneAt: r.done_at === null ? null : Number(r.done_at),
      };
      return [f.id, f];
    }),
  );
  const last = await queryRows<{ entity_id: string; tombstone: boolean }>(
    orm,
    sql`SELECT DISTINCT ON (entity_id) entity_id, data IS NULL AS tombstone FROM change_log WHERE entity = 'followUp' ORDER BY entity_id, seq DESC`,
  );
  const tombstoned = new Set(last.filter((r) => r.tombstone).map((r) => r.entity_id));
  for (const id of deleted) {
    if (byId.has(id)) v.push(`deleted follow-up ${id} still on the server`);
    if (!tombstoned.has(id)) v.push(`deleted follow-up ${id} has no tombstone as its last change`);
  }
  const owned = new Set<string>();
  for (const c of clients) {
    for (const [id, f] of c.ownFollowUps) {
      owned.add(id);
      if (deleted.has(id)) continue;
      const stored = byId.get(id);
      if (!stored) v.push(`${c.name}: follow-up ${id} lost`);
      else if (followUpFields(stored) !== followUpFields(f)) v.push(`${c.name}: follow-up ${id} on the server is not the last version written`);
    }
  }
  for (const id of byId.keys()) if (!owned.has(id)) v.push(`server has follow-up ${id} nobody created`);
  const serverSet = JSON.stringify([...byId.values()].map(followUpFields).sort());
  for (const c of clients) {
    const local = await c.db.followUps.toArray();
    const kept = local.filter((f) => deleted.has(f.id)).length;
    if (kept > 0) v.push(`${c.name}: ${kept} deleted follow-ups still shown`);
    if (JSON.stringify(local.map(followUpFields).sort()) !== serverSet) v.push(`${c.name}: follow-ups did not converge`);
  }
  return v;
}
