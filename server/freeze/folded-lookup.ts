import type { Role, SessionUser } from '../../shared/schemas/auth';
import type { FreezeLookupRequest, FreezeLookupResponse } from '../../shared/schemas/freeze';
import type { Database } from '../db/database';
import { LOOKUP_LIMIT, normalisedLookupValue, toMaskedView } from './lookup';

/**
 * A freeze look-up and its caller's session check in ONE statement (issue 18). Under load the
 * session check was a round trip of its own on every look-up; here the session (live, not
 * expired, user not disabled: the same rule as `findSession`), the caller's role and the
 * unit of the linked case are read in a CTE, and the look-up runs only for a live session
 * whose role may look up (a LATERAL join on the caller row). Nothing is cached: a signed-out,
 * expired or disabled session is refused by the very statement that would read the records,
 * on every instance at once.
 */

/** What the folded statement says about the caller; null when the token names no live session. */
export interface FoldedCaller {
  user: SessionUser;
  /** Org unit of the linked case, when the request names one the server holds. */
  caseUnitId: string | null;
}

export interface FoldedLookupResult {
  caller: FoldedCaller | null;
  /** The answer; empty when the caller is unknown or their role may not look up. */
  answer: FreezeLookupResponse;
  /** The normalised search value (for the audit's masked copy). */
  value: string;
}

const RECORD_COLUMNS = `f.id, f.holder_name AS "holderName", f.id_number AS "idNumber", f.phone, f.account_kind AS "accountKind", f.account_number AS "accountNumber",
  f.institution, f.measure_type AS "measureType", f.authority, f.authority_phone AS "authorityPhone", f.notice_number AS "noticeNumber",
  f.starts_at AS "startsAt", f.expires_at AS "expiresAt", f.holder_role AS "holderRole", f.status`;

// Role names are a fixed enum (a CHECK on users.role), never request input, so they are inlined.
const roleList = (roles: readonly Role[]) => roles.map((r) => `'${r.replace(/[^a-z-]/g, '')}'`).join(', ');

/** The WHERE of one look-up shape over `f`; $3 is the value, $4 and $5 the last 4 digits and the tail pattern. Each shape is one index. */
function shapeCondition(by: FreezeLookupRequest['by']): string {
  switch (by) {
    case 'account':
      return 'f.account_number = $3';
    case 'idNumber':
      return 'f.id_number = $3';
    case 'phone':
      return 'f.phone = $3';
    case 'name':
      // right(…, 4) hits the (name, tail) expression indexes; the LIKE then checks all given digits.
      return `f.holder_name = $3 AND ((right(f.account_number, 4) = $4 AND f.account_number LIKE $5) OR (right(f.id_number, 4) = $4 AND f.id_number LIKE $5))`;
  }
}

/** The statement text of one shape; $1 is the session's token hash, $2 the linked case id (or null). */
export function foldedLookupSql(by: FreezeLookupRequest['by'], roles: readonly Role[]): string {
  return `WITH caller AS (
  SELECT u.id, u.username, u.display_name, u.role, u.org_unit_id, u.sip_extension,
    (SELECT c.org_unit_id FROM cases c WHERE c.id = $2::uuid) AS case_unit_id
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL
  LIMIT 1
)
SELECT caller.id AS caller_id, caller.username AS caller_username, caller.display_name AS caller_display_name, caller.role AS caller_role,
  caller.org_unit_id AS caller_org_unit_id, caller.sip_extension AS caller_sip_extension, caller.case_unit_id AS caller_case_unit_id, r.*
FROM caller LEFT JOIN LATERAL (
  SELECT ${RECORD_COLUMNS} FROM freeze_records f
  WHERE caller.role IN (${roleList(roles)}) AND ${shapeCondition(by)}
  ORDER BY f.starts_at DESC, f.id
  LIMIT ${LOOKUP_LIMIT + 1}
) r ON true`;
}

interface FoldedRow {
  caller_id: string;
  caller_username: string;
  caller_display_name: string;
  caller_role: string;
  caller_org_unit_id: string;
  caller_sip_extension: string | null;
  caller_case_unit_id: string | null;
  id: string | null;
  holderName: string;
  idNumber: string | null;
  phone: string | null;
  accountKind: string;
  accountNumber: string;
  institution: string;
  measureType: string;
  authority: string;
  authorityPhone: string;
  noticeNumber: string;
  startsAt: number | string;
  expiresAt: number | string | null;
  holderRole: string;
  status: string;
}

/** The drivers under the root drizzle handle: a node-postgres Pool (named statements) or PGlite. */
type PgPoolClient = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };
type PgliteClient = { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Runs a statement on the driver itself. The query builder's per-request cost (building,
 * mapping rows) was a visible share of a loaded record store's CPU; the text here is fixed
 * per shape, and on PostgreSQL it is a named statement, parsed and planned once per connection.
 */
async function runFixed(db: Database, name: string, text: string, values: unknown[]): Promise<FoldedRow[]> {
  const client = (db.orm as unknown as { $client: unknown }).$client;
  if (db.kind === 'postgres') return (await (client as PgPoolClient).query({ name, text, values })).rows as FoldedRow[];
  return (await (client as PgliteClient).query(text, values)).rows as FoldedRow[];
}

const statementTexts = new Map<string, string>();

/**
 * Checks the session behind `tokenHash` and runs the look-up in one round trip. `roles` are
 * the roles that may look up: for any other role the caller comes back without records (the
 * route answers 403). Pass the database's root handle (never inside a transaction).
 */
export async function foldedLookup(db: Database, tokenHash: string, request: FreezeLookupRequest, roles: readonly Role[]): Promise<FoldedLookupResult> {
  const key = `${request.by}:${roles.join(',')}`;
  let text = statementTexts.get(key);
  if (!text) statementTexts.set(key, (text = foldedLookupSql(request.by, roles)));
  const value = normalisedLookupValue(request);
  const tail = (request.partialNumber ?? '').toUpperCase();
  const values = request.by === 'name' ? [tokenHash, request.caseId ?? null, value, tail.slice(-4), `%${tail}`] : [tokenHash, request.caseId ?? null, value];
  // The name embeds the roles' hash-free list, so two role sets never share a prepared statement.
  const rows = await runFixed(db, `freeze_lookup_folded_${key.replace(/[^a-zA-Z0-9]/g, '_')}`, text, values);
  const first = rows[0];
  if (!first) return { caller: null, answer: { results: [], at: Date.now(), truncated: false }, value };
  const caller: FoldedCaller = {
    user: {
      id: first.caller_id,
      username: first.caller_username,
      displayName: first.caller_display_name,
      role: first.caller_role as Role,
      orgUnitId: first.caller_org_unit_id,
      sipExtension: first.caller_sip_extension,
    },
    caseUnitId: first.caller_case_unit_id,
  };
  // A caller without matches still comes back as one row, its record columns null.
  const records = rows.filter((row) => row.id !== null);
  return {
    caller,
    answer: { results: records.slice(0, LOOKUP_LIMIT).map((row) => toMaskedView(row as unknown as Parameters<typeof toMaskedView>[0])), at: Date.now(), truncated: records.length > LOOKUP_LIMIT },
    value,
  };
}
