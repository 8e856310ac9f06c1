/**
 * Clearly synthetic freeze records for demos and benchmarks: every value is a pure function
 * of the row number, so a bench can build probes without a query and a rerun of the seed
 * produces the same rows. Nothing here can be mistaken for a real measure: names carry
 * `（合成）`, authorities and institutions `（合成数据）`, notice numbers start `SYN-`.
 * The numbers still pass the workstation's own checks, so every look-up kind works on them:
 * - ID numbers: region 990101 (no such code in GB/T 2260), a real birth date (1960-1999), a
 *   sequence number and the GB 11643 check character. The shared validator accepts a leading
 *   9 as the 2023 foreign permanent resident card layout, so they are valid in form while
 *   naming no resident.
 * - Phones: `1470` + 7 digits. China has no numbers set aside for fiction, and libphonenumber
 *   (which the workstation validates with) follows the MIIT allocations closely, so an
 *   unallocated block would fail the phone check. 147 is China Mobile's data-card block
 *   (上网卡: SIMs sold for mobile data, not for calls to a person), the nearest to "valid but
 *   nobody answers". Holders use 1470 0000001-9899999, the authorities' case officers
 *   147099999 + 2 digits, the demo's warnings 1470990 + 4 digits.
 * - Accounts: `6299` + 11 digits + the Luhn check digit (16 digits, no card-check warning).
 *
 * The generation runs in SQL (`generate_series`), in batches, because row-by-row inserts
 * from Node are an order of magnitude slower; `syntheticFreezeRecord` is the same row in JS.
 */
import { sql } from 'drizzle-orm';
import type { FreezeRecordInput } from '../../shared/schemas/freeze';
import { residentIdCheckChar } from '../../shared/validation/resident-id';
import { queryRows, type Orm } from '../db/database';

/** The `source` of the seed's rows; idempotence is keyed on it and `sourceId`. */
export const SYNTHETIC_FREEZE_SOURCE = 'synthetic-seed';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明'];
const MEASURES = ['protective-stop-payment', 'emergency-stop-payment', 'freeze', 'bank-risk-control'] as const;
const NAME_MARK = '（合成）';
const DAY_MS = 86_400_000;
/** 2026-01-01 (UTC+8 midnight as epoch ms): the synthetic measures start on the days after it. */
const EPOCH_START = 1_767_196_800_000;

/** Rows the generator can make: holder phones have 7 free digits (see the file comment). */
export const SYNTHETIC_FREEZE_MAX_ROWS = 9_899_999;
/** Birth dates run over 14,610 days (40 years) from 1960-01-01; with the 3-digit sequence, IDs repeat only after 7.3M rows. */
const BIRTH_START_UTC = Date.UTC(1960, 0, 1);
const BIRTH_DAYS = 14_610;
/** ISO 7064 MOD 11-2 weights (GB 11643), as in shared/validation/resident-id.ts. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const BRANCHES = 50;
/** GB 11643 weighted sum of the region code 990101 (positions 1-6). */
const ID_PREFIX_SUM = [9, 9, 0, 1, 0, 1].reduce((sum, d, k) => sum + d * ID_WEIGHTS[k]!, 0);
/** Luhn sum of the account prefix 6299 in a 16-digit number (positions 1 and 3 double). */
const ACCOUNT_PREFIX_LUHN = 3 + 2 + 9 + 9;

/** The Luhn check digit that makes `payload` + digit pass the card check. */
function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let k = 0; k < payload.length; k++) {
    // Counted from the right of the full number (payload + check digit), every second digit doubles.
    const d = Number(payload[payload.length - 1 - k]);
    sum += k % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return String((10 - (sum % 10)) % 10);
}

export const syntheticAccount = (i: number): string => {
  const payload = `6299${String(i).padStart(11, '0')}`;
  return payload + luhnCheckDigit(payload);
};
export const syntheticIdNumber = (i: number): string => {
  const birth = new Date(BIRTH_START_UTC + (i % BIRTH_DAYS) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `990101${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
};
export const syntheticPhone = (i: number): string => `1470${String(i).padStart(7, '0')}`;
/** The authority's case officer (办案民警) phone: one per synthetic branch, 147099999 + 2 digits. */
export const syntheticAuthorityPhone = (i: number): string => `147099999${String(i % BRANCHES).padStart(2, '0')}`;
/** Most measures are active; one row in ten was released and one expired, so every status badge shows. */
const statusOf = (i: number): FreezeRecordInput['status'] => (i % 10 === 7 ? 'released' : i % 10 === 9 ? 'expired' : 'active');
export const syntheticHolderName = (i: number): string => `${SURNAMES[i % 10]}${GIVEN[Math.floor(i / 10) % 15]}${GIVEN[Math.floor(i / 150) % 15]}${NAME_MARK}`;
export const syntheticSourceId = (i: number): string => `SYN-F-${i}`;

/** Row `i` (1-based) as an ingest input, identical to what the SQL generator writes. */
export function syntheticFreezeRecord(i: number, source = SYNTHETIC_FREEZE_SOURCE): FreezeRecordInput {
  return {
    source,
    sourceId: syntheticSourceId(i),
    holderName: syntheticHolderName(i),
    idNumber: syntheticIdNumber(i),
    phone: syntheticPhone(i),
    accountKind: 'bank-card',
    accountNumber: syntheticAccount(i),
    institution: '（合成数据）测试银行',
    measureType: MEASURES[i % 4] as FreezeRecordInput['measureType'],
    authority: `（合成数据）XX市公安局第${i % BRANCHES}分局`,
    authorityPhone: syntheticAuthorityPhone(i),
    noticeNumber: `SYN-${i}`,
    startsAt: EPOCH_START + (i % 1000) * DAY_MS,
    expiresAt: statusOf(i) === 'expired' ? EPOCH_START + (i % 1000) * DAY_MS + 30 * DAY_MS : undefined,
    holderRole: i % 3 === 0 ? 'payee' : 'victim',
    status: statusOf(i),
  };
}

const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * One INSERT of rows `from`..`to` (inclusive) generated in the database; rows whose
 * (source, sourceId) already exist are skipped. `source` must be a plain identifier-like
 * string (it is inlined).
 */
export function syntheticFreezeInsertSql(from: number, to: number, source = SYNTHETIC_FREEZE_SOURCE): string {
  if (!/^[a-z0-9-]{1,64}$/.test(source)) throw new Error(`synthetic source must be lower-case letters, digits and dashes: ${source}`);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from || to > SYNTHETIC_FREEZE_MAX_ROWS) throw new Error(`bad synthetic row range ${from}..${to}`);
  const given = sqlArray(GIVEN);
  // The check characters as integer arithmetic on the row's parts, no per-row string work
  // (PGlite is several times slower on substr/casts): GB 11643 over the 17 ID digits (the
  // constant region code contributes ID_PREFIX_SUM), Luhn over 6299 + i's 11 digits (i has at
  // most 7, as to <= SYNTHETIC_FREEZE_MAX_ROWS; every even power of ten doubles).
  const digit = (value: string, power: number) => `((${value}) / ${10 ** power} % 10)`;
  const idSum = [
    ID_PREFIX_SUM,
    ...ID_WEIGHTS.slice(6, 14).map((w, k) => `${digit('ymd', 7 - k)} * ${w}`),
    ...ID_WEIGHTS.slice(14).map((w, k) => `${digit('i % 1000', 2 - k)} * ${w}`),
  ].join(' + ');
  const luhnSum = [
    ACCOUNT_PREFIX_LUHN,
    ...Array.from({ length: 7 }, (_, power) => (power % 2 === 0 ? `(${digit('i', power)} * 2 - 9 * (${digit('i', power)} / 5))` : digit('i', power))),
  ].join(' + ');
  const starts = `(${EPOCH_START}::bigint + (i % 1000) * ${DAY_MS}::bigint)`;
  return `
    INSERT INTO freeze_records (source, source_id, holder_name, id_number, phone, account_kind, account_number, institution, measure_type,
                                authority, authority_phone, notice_number, starts_at, expires_at, holder_role, status)
    SELECT '${source}', 'SYN-F-' || i,
           (${sqlArray(SURNAMES)})[i % 10 + 1] || (${given})[(i / 10) % 15 + 1] || (${given})[(i / 150) % 15 + 1] || '${NAME_MARK}',
           '990101' || ymd::text || lpad((i % 1000)::text, 3, '0') || substr('10X98765432', (${idSum}) % 11 + 1, 1),
           '1470' || lpad(i::text, 7, '0'),
           'bank-card', '6299' || lpad(i::text, 11, '0') || ((10 - (${luhnSum}) % 10) % 10)::text, '（合成数据）测试银行',
           (${sqlArray(MEASURES)})[i % 4 + 1],
           '（合成数据）XX市公安局第' || (i % ${BRANCHES}) || '分局', '147099999' || lpad((i % ${BRANCHES})::text, 2, '0'), 'SYN-' || i,
           ${starts}, CASE WHEN i % 10 = 9 THEN ${starts} + 30 * ${DAY_MS}::bigint END,
           CASE WHEN i % 3 = 0 THEN 'payee' ELSE 'victim' END,
           CASE i % 10 WHEN 7 THEN 'released' WHEN 9 THEN 'expired' ELSE 'active' END
    FROM (SELECT i, to_char(DATE '1960-01-01' + (i % ${BIRTH_DAYS}), 'YYYYMMDD')::int AS ymd
          FROM generate_series(${from}::int, ${to}::int) AS i) AS g
    ON CONFLICT (source, source_id) DO NOTHING`;
}

export interface SyntheticFreezeOutcome {
  /** Rows this run wrote. */
  inserted: number;
  /** Synthetic rows of this source present before the run. */
  before: number;
  ms: number;
  rowsPerSecond: number;
}

/**
 * Makes rows 1..`count` of the synthetic set present, in batches of `batchSize` (each its
 * own statement, so an interrupted run keeps what it wrote). A store that already holds
 * `count` rows of the source is left alone without generating anything, which keeps a
 * rerun fast; otherwise every batch runs and existing rows are skipped by the unique key.
 */
export async function seedSyntheticFreeze(
  orm: Orm,
  options: { count: number; batchSize?: number; source?: string; onProgress?: (done: number, total: number) => void },
): Promise<SyntheticFreezeOutcome> {
  const source = options.source ?? SYNTHETIC_FREEZE_SOURCE;
  const batch = options.batchSize ?? 10_000;
  const started = performance.now();
  const [present] = await queryRows<{ n: number }>(orm, sql`SELECT count(*)::int AS n FROM freeze_records WHERE source = ${source}`);
  const before = Number(present?.n ?? 0);
  let inserted = 0;
  if (before < options.count) {
    for (let from = 1; from <= options.count; from += batch) {
      const to = Math.min(options.count, from + batch - 1);
      const result = (await orm.execute(sql.raw(syntheticFreezeInsertSql(from, to, source)))) as unknown as { rowCount?: number | null; affectedRows?: number };
      inserted += Number(result.rowCount ?? result.affectedRows ?? 0);
      options.onProgress?.(to, options.count);
    }
  }
  const ms = performance.now() - started;
  return { inserted, before, ms, rowsPerSecond: inserted > 0 ? Math.round((inserted * 1000) / ms) : 0 };
}
