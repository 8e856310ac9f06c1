import { and, asc, count, inArray, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { WARNING_GRADES, WARNING_STATES, type WarningGrade, type WarningState } from '../../shared/schemas/warning';
import { SUPERVISOR_OPEN_MAX, SUPERVISOR_OVERDUE_MAX, type BoardInstruction, type SupervisorBoard } from '../../shared/schemas/supervisor';
import type { Orm } from '../db/database';
import { warningInstructions } from '../db/schema';
import { gradeSetting, overdueAt, type WarningServerConfig } from '../warnings/grade-config';
import { hasOutcome } from '../warnings/state-machine';
import { supervisedAgents } from './supervised-agents';

/** Final states: no longer on the board. */
const FINAL_STATES: WarningState[] = ['closed', 'void'];
/** States in which the overdue clock still runs (no outcome yet). */
const CLOCK_STATES: WarningState[] = WARNING_STATES.filter((s) => !hasOutcome(s));

/** Most urgent grade first, in the canonical order. */
const GRADE_ORDER = sql.raw(`array_position(ARRAY[${WARNING_GRADES.map((g) => `'${g}'`).join(',')}]::text[], grade)`);

/**
 * `issued_at + overdue minutes of its grade` as SQL, so the overdue list is selected, counted
 * and ordered in the database however many instructions a city has open.
 */
function overdueAtSql(config: Pick<WarningServerConfig, 'grades'>): SQL {
  const cases = WARNING_GRADES.map((g) => sql`WHEN ${g} THEN ${gradeSetting(config, g).overdueMinutes * 60_000}::bigint`);
  return sql`(${warningInstructions.issuedAt} + CASE ${warningInstructions.grade} ${sql.join(cases, sql` `)} END)`;
}

const BOARD_COLUMNS = {
  id: warningInstructions.id,
  sourceId: warningInstructions.sourceId,
  grade: warningInstructions.grade,
  state: warningInstructions.state,
  personName: warningInstructions.personName,
  issuedAt: warningInstructions.issuedAt,
  orgUnitId: warningInstructions.orgUnitId,
  assigneeId: warningInstructions.assigneeId,
};

type BoardRow = { [K in keyof typeof BOARD_COLUMNS]: (typeof BOARD_COLUMNS)[K]['_']['data'] | null };

/**
 * The supervisor's board for `unitIds` (their pull scope): open instructions per grade × state,
 * the open list, the overdue list (oldest first) with the server's verdict at `config.now()`,
 * and the agents' current states.
 */
export async function supervisorBoard(orm: Orm, unitIds: string[], config: WarningServerConfig): Promise<SupervisorBoard> {
  const now = config.now();
  const view = (r: BoardRow): BoardInstruction => {
    const item = { grade: r.grade as WarningGrade, issuedAt: r.issuedAt as number, state: r.state as WarningState };
    const at = overdueAt(config, item);
    return {
      id: r.id as string,
      sourceId: r.sourceId as string,
      grade: item.grade,
      state: item.state,
      personName: r.personName as string,
      issuedAt: item.issuedAt,
      orgUnitId: r.orgUnitId as string,
      assigneeId: r.assigneeId ?? null,
      overdueAt: at,
      overdue: !hasOutcome(item.state) && now >= at,
    };
  };
  const inScope = inArray(warningInstructions.orgUnitId, unitIds);
  const open = and(inScope, notInArray(warningInstructions.state, FINAL_STATES));
  const overdueWhere = and(inScope, inArray(warningInstructions.state, CLOCK_STATES), lte(overdueAtSql(config), now));

  const counted = await orm
    .select({ grade: warningInstructions.grade, state: warningInstructions.state, count: count() })
    .from(warningInstructions)
    .where(open)
    .groupBy(warningInstructions.grade, warningInstructions.state);
  const openRows = await orm
    .select(BOARD_COLUMNS)
    .from(warningInstructions)
    .where(open)
    .orderBy(GRADE_ORDER, asc(warningInstructions.issuedAt), asc(warningInstructions.id))
    .limit(SUPERVISOR_OPEN_MAX);
  const [overdueCount] = await orm.select({ n: count() }).from(warningInstructions).where(overdueWhere);
  const overdueRows = await orm
    .select(BOARD_COLUMNS)
    .from(warningInstructions)
    .where(overdueWhere)
    .orderBy(asc(warningInstructions.issuedAt), GRADE_ORDER, asc(warningInstructions.id))
    .limit(SUPERVISOR_OVERDUE_MAX);

  const counts = counted
    .map((c) => ({ grade: c.grade as WarningGrade, state: c.state as WarningState, count: Number(c.count) }))
    .sort((a, b) => WARNING_GRADES.indexOf(a.grade) - WARNING_GRADES.indexOf(b.grade) || WARNING_STATES.indexOf(a.state) - WARNING_STATES.indexOf(b.state));
  return {
    at: now,
    grades: config.grades,
    counts,
    openTotal: counts.reduce((sum, c) => sum + c.count, 0),
    open: openRows.map(view),
    overdueTotal: Number(overdueCount?.n ?? 0),
    overdue: overdueRows.map(view),
    agents: await supervisedAgents(orm, unitIds),
  };
}
