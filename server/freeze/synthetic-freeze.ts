/**
 * Clearly synthetic freeze records for demos and benchmarks: every value is a pure function
 * of the row number, so a bench can build probes without a query and a rerun of the seed
 * produces the same rows. Nothing here can be mistaken for a real measure: names carry
 * `（合成）`, authorities and institutions `（合成数据）`, notice numbers start `SYN-`, ID
 * numbers use the non-existent region code 99 and phones the unallocated prefix 100.
 *
 * The generation runs in SQL (`generate_series`), in batches, because row-by-row inserts
 * from Node are an order of magnitude slower; `syntheticFreezeRecord` is the same row in JS.
 */
import { sql } from 'drizzle-orm';
import type { FreezeRecordInput } from '../../shared/schemas/freeze';
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

export const syntheticAccount = (i: number): string => `6299${String(i).padStart(12, '0')}`;
export const syntheticIdNumber = (i: number): string => `990101${String(19_700_101 + (i % 9000)).slice(0, 8)}${String(i % 10_000).padStart(4, '0')}`;
export const syntheticPhone = (i: number): string => `100${String(i).padStart(8, '0')}`;
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
    authority: `（合成数据）XX市公安局第${i % 50}分局`,
    authorityPhone: '110',
    noticeNumber: `SYN-${i}`,
    startsAt: EPOCH_START + (i % 1000) * DAY_MS,
    expiresAt: undefined,
    holderRole: i % 3 === 0 ? 'payee' : 'victim',
    status: 'active',
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
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from || to > 2_147_483_647) throw new Error(`bad synthetic row range ${from}..${to}`);
  const given = sqlArray(GIVEN);
  return `
    INSERT INTO freeze_records (source, source_id, holder_name, id_number, phone, account_kind, account_number, institution, measure_type,
                                authority, authority_phone, notice_number, starts_at, expires_at, holder_role, status)
    SELECT '${source}', 'SYN-F-' || i,
           (${sqlArray(SURNAMES)})[i % 10 + 1] || (${given})[(i / 10) % 15 + 1] || (${given})[(i / 150) % 15 + 1] || '${NAME_MARK}',
           '990101' || left((19700101 + i % 9000)::text, 8) || lpad((i % 10000)::text, 4, '0'),
           '100' || lpad(i::text, 8, '0'),
           'bank-card', '6299' || lpad(i::text, 12, '0'), '（合成数据）测试银行',
           (${sqlArray(MEASURES)})[i % 4 + 1],
           '（合成数据）XX市公安局第' || (i % 50) || '分局', '110', 'SYN-' || i,
           ${EPOCH_START}::bigint + (i % 1000) * ${DAY_MS}::bigint, NULL,
           CASE WHEN i % 3 = 0 THEN 'payee' ELSE 'victim' END, 'active'
    FROM generate_series(${from}::int, ${to}::int) AS i
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
