import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from '../db/database';

/** The PostgreSQL notification channel every instance listens on for committed changes. */
export const CHANGES_CHANNEL = 'hotline_changes';

/** NOTIFY payloads are capped at 8000 bytes; past this size we say "every unit" instead. */
const MAX_PAYLOAD = 7000;

/**
 * What one committed push batch changed: the org units it touched (`'*'` for "maybe any")
 * and the highest seq it wrote. Carries no data: clients learn the data by pulling.
 */
export interface ChangeNotice {
  orgUnitIds: string[] | '*';
  maxSeq: number;
}

const PayloadSchema = z.object({ o: z.union([z.array(z.string()), z.literal('*')]), s: z.number().int().nonnegative() });

export function encodeNotice(notice: ChangeNotice): string {
  const payload = JSON.stringify({ o: notice.orgUnitIds, s: notice.maxSeq });
  return payload.length <= MAX_PAYLOAD ? payload : JSON.stringify({ o: '*', s: notice.maxSeq });
}

/** Parses a payload; null for anything malformed (another writer on the channel must not crash us). */
export function decodeNotice(payload: string): ChangeNotice | null {
  try {
    const parsed = PayloadSchema.safeParse(JSON.parse(payload));
    return parsed.success ? { orgUnitIds: parsed.data.o, maxSeq: parsed.data.s } : null;
  } catch {
    return null;
  }
}

/**
 * Queues a notification inside the push transaction. PostgreSQL delivers NOTIFY only when
 * the transaction commits (and drops it on rollback), so listeners never hear of a batch
 * that is not visible to a pull yet.
 */
export async function notifyChanges(tx: Orm, rows: ReadonlyArray<{ seq: number; orgUnitId: string }>): Promise<void> {
  if (rows.length === 0) return;
  const orgUnitIds = [...new Set(rows.map((r) => r.orgUnitId))];
  const maxSeq = Math.max(...rows.map((r) => r.seq));
  await tx.execute(sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${encodeNotice({ orgUnitIds, maxSeq })})`);
}
