import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { WARNING_GRADES, type WarningGrade, type WarningListResponse, type WarningState } from '../../shared/schemas/warning';
import type { Orm } from '../db/database';
import { warningInstructions, warningVisits } from '../db/schema';
import { isOverdue, overdueAt, type WarningServerConfig } from './grade-config';
import { loadViews } from './warning-store';

/** Largest list answer: a busy station's whole day, with room (the workstation virtualises it). */
export const WARNING_LIST_MAX = 10_000;

export interface ListFilter {
  /** Units whose own instructions are listed (the caller's unit; with `tree`, everything under it). */
  unitIds: string[];
  /** The caller's unit: instructions with a visit dispatched to it are listed too. */
  stationUnitId: string;
  states?: WarningState[];
  grades?: WarningGrade[];
  /** Only instructions overdue now. */
  overdueOnly?: boolean;
}

const GRADE_ORDER = sql.raw(`array_position(ARRAY[${WARNING_GRADES.map((g) => `'${g}'`).join(',')}]::text[], ${'grade'})`);

/**
 * A person who pressed 2 on an automatic call (issue 19) asked for an officer: within its grade
 * such an instruction goes before the rest (renderer/src/features/warnings/queue-order.ts agrees).
 */
const CALLBACK_FIRST = sql`coalesce((SELECT j.priority FROM auto_call_jobs j WHERE j.instruction_id = ${warningInstructions.id} AND j.status = 'escalated'), false) DESC`;

/**
 * The queue: most urgent grade first, then callbacks the person asked for, then oldest first, each with the server's overdue
 * verdict at `config.now()` so every workstation agrees on what alarms.
 */
export async function listInstructions(orm: Orm, filter: ListFilter, config: WarningServerConfig): Promise<WarningListResponse> {
  const visited = orm.select({ id: warningVisits.instructionId }).from(warningVisits).where(eq(warningVisits.stationUnitId, filter.stationUnitId));
  const conditions: SQL[] = [or(inArray(warningInstructions.orgUnitId, filter.unitIds), inArray(warningInstructions.id, visited)) as SQL];
  if (filter.states?.length) conditions.push(inArray(warningInstructions.state, filter.states));
  if (filter.grades?.length) conditions.push(inArray(warningInstructions.grade, filter.grades));
  const rows = await orm
    .select()
    .from(warningInstructions)
    .where(and(...conditions))
    .orderBy(GRADE_ORDER, CALLBACK_FIRST, asc(warningInstructions.issuedAt), asc(warningInstructions.id))
    .limit(WARNING_LIST_MAX);
  const now = config.now();
  const views = await loadViews(orm, rows);
  const items = views.map((v) => ({ ...v, overdue: isOverdue(config, v, now), overdueAt: overdueAt(config, v) })).filter((v) => !filter.overdueOnly || v.overdue);
  return { items, at: now };
}
