import { and, asc, desc, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { ScreenPopResponse, ScreenPopWarning } from '../../shared/schemas/history';
import { WARNING_GRADES, type WarningGrade, type WarningState } from '../../shared/schemas/warning';
import type { FraudType } from '../../shared/schemas/template';
import type { Orm } from '../db/database';
import { freezeRecords, warningContacts, warningInstructions, warningVisits } from '../db/schema';
import { maskName } from '../freeze/mask';
import { toMaskedView, viewColumns } from '../freeze/lookup';
import { numberSpellings } from '../../shared/phone/number-spellings';

/** Most warnings and freeze records a pop shows; more is flagged as truncated. */
export const SCREEN_POP_LIMIT = 10;
/** Instructions in these states are finished: nothing for the call-taker to act on. */
const FINISHED_STATES: WarningState[] = ['closed', 'void'];

const textArray = (values: string[]) => sql`ARRAY[${sql.join(
  values.map((v) => sql`${v}`),
  sql`, `,
)}]::text[]`;

/** Where the caller may see instructions: their units' own, plus visits dispatched to them. */
function inScope(unitIds: string[]): SQL {
  const visited = sql`select ${warningVisits.instructionId} from ${warningVisits} where ${inArray(warningVisits.stationUnitId, unitIds)}`;
  return or(inArray(warningInstructions.orgUnitId, unitIds), sql`${warningInstructions.id} in (${visited})`) as SQL;
}

const GRADE_RANK = sql`array_position(ARRAY['extreme','high','medium','low']::text[], ${warningInstructions.grade})`;

/**
 * Open warning instructions whose person has the caller's number, or where the caller was
 * contacted as a relative or friend, in the given units; most urgent first.
 */
async function linkedWarnings(orm: Orm, spellings: string[], unitIds: string[]): Promise<{ items: ScreenPopWarning[]; truncated: boolean }> {
  const open = notInArray(warningInstructions.state, FINISHED_STATES);
  const columns = {
    id: warningInstructions.id,
    grade: warningInstructions.grade,
    state: warningInstructions.state,
    fraudType: warningInstructions.fraudType,
    personName: warningInstructions.personName,
    issuedAt: warningInstructions.issuedAt,
  };
  const asPerson = await orm
    .select(columns)
    .from(warningInstructions)
    .where(and(open, inScope(unitIds), sql`jsonb_exists_any(${warningInstructions.phones}, ${textArray(spellings)})`))
    .orderBy(GRADE_RANK, desc(warningInstructions.issuedAt), asc(warningInstructions.id))
    .limit(SCREEN_POP_LIMIT + 1);
  const asRelative = await orm
    .select({ ...columns, relation: warningContacts.relation })
    .from(warningContacts)
    .innerJoin(warningInstructions, eq(warningContacts.instructionId, warningInstructions.id))
    .where(and(open, inScope(unitIds), inArray(warningContacts.number, spellings)))
    .orderBy(GRADE_RANK, desc(warningInstructions.issuedAt), asc(warningInstructions.id))
    .limit(SCREEN_POP_LIMIT + 1);
  const seen = new Set<string>();
  const items: ScreenPopWarning[] = [];
  for (const row of [...asPerson.map((r) => ({ ...r, relation: null })), ...asRelative]) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    items.push({
      id: row.id,
      grade: row.grade as WarningGrade,
      state: row.state as WarningState,
      fraudType: row.fraudType as FraudType,
      personName: maskName(row.personName),
      issuedAt: Number(row.issuedAt),
      matchedBy: row.relation === null ? 'person' : 'relative',
      relation: row.relation,
    });
  }
  items.sort((a, b) => WARNING_GRADES.indexOf(a.grade) - WARNING_GRADES.indexOf(b.grade) || b.issuedAt - a.issuedAt);
  return { items: items.slice(0, SCREEN_POP_LIMIT), truncated: items.length > SCREEN_POP_LIMIT };
}

/** Freeze records on the caller's phone, newest measure first (not org-scoped, like every freeze look-up). */
async function linkedFreezes(orm: Orm, spellings: string[]) {
  const rows = await orm
    .select(viewColumns)
    .from(freezeRecords)
    .where(inArray(freezeRecords.phone, spellings))
    .orderBy(desc(freezeRecords.startsAt), asc(freezeRecords.id))
    .limit(SCREEN_POP_LIMIT + 1);
  return { items: rows.slice(0, SCREEN_POP_LIMIT).map(toMaskedView), truncated: rows.length > SCREEN_POP_LIMIT };
}

/** What the screen-pop shows from the record store about a ringing number (masked). */
export async function screenPopFor(orm: Orm, number: string, unitIds: string[], now = Date.now()): Promise<ScreenPopResponse> {
  const spellings = numberSpellings(number);
  const [warnings, freezes] = await Promise.all([linkedWarnings(orm, spellings, unitIds), linkedFreezes(orm, spellings)]);
  return { warnings: warnings.items, warningsTruncated: warnings.truncated, freezes: freezes.items, freezesTruncated: freezes.truncated, at: now };
}
