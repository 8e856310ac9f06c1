import type { Change, PullQuery, PullResponse } from '../../shared/sync/protocol';
import type { Orm } from '../db/database';
import { auditCasePull, type PullReader } from './pull-audit';
import { ApiHttpError } from '../http/api-error';
import { highestIssuedSeq, tombstonesPurgedThrough } from './compact';
import { parsedData, readPulledJson, type PulledJsonRow } from './pull-rows';

/** 409: the client must drop its cursor and pull from 0 again (keeping its outbox). */
export const resyncRequired = (message: string) => new ApiHttpError(409, 'resync-required', message);

/**
 * One page of changes after `cursor` in the caller's org units (`unitIds`, see
 * `pullScope`), oldest first. Reads one row
 * past the limit to know whether more are waiting. Seqs of other org units are skipped,
 * so the returned cursor may jump; clients treat it as opaque.
 *
 * Answers 409 when the cursor cannot be served: below the tombstone low-water mark while
 * the client's history began under an older mark (a delete it has not seen may have been
 * compacted away), or beyond any seq this database issued (the cursor came from another
 * database, e.g. after a restore). The check reads the mark after the rows, so a
 * compaction that ran between the two is always noticed.
 *
 * With `reader`, a page that carries cases (personal data) is audited before it is
 * returned (see pull-audit.ts); a failed audit insert fails the pull.
 */
export async function pull(orm: Orm, unitIds: string[], query: PullQuery, reader?: PullReader): Promise<PullResponse> {
  const page = await pullPage(orm, unitIds, query, reader);
  const changes = page.rows.map((r) => ({ seq: r.seq, entity: r.entity as Change['entity'], id: r.id, data: parsedData(r.json) }));
  return { changes, cursor: page.cursor, more: page.more, purgedThrough: page.purgedThrough };
}

/** One pull page with each change's data still as the database's JSON text. */
export interface PulledPage {
  rows: PulledJsonRow[];
  cursor: number;
  more: boolean;
  purgedThrough: number;
}

const NULL_JSON = Buffer.from('null');
const CLOSE = Buffer.from('}');

/**
 * As `pull`, answered as the response's JSON in UTF-8 bytes (a `PullResponse`), each change's
 * data spliced in as the database stored it: no parse, no serialise, no re-encode.
 */
export async function pullJson(orm: Orm, unitIds: string[], query: PullQuery, reader?: PullReader): Promise<Buffer> {
  const page = await pullPage(orm, unitIds, query, reader);
  const parts: Buffer[] = [Buffer.from('{"changes":[')];
  page.rows.forEach((r, i) => {
    parts.push(Buffer.from(`${i === 0 ? '' : ','}{"seq":${r.seq},"entity":${JSON.stringify(r.entity)},"id":${JSON.stringify(r.id)},"data":`), r.json ?? NULL_JSON, CLOSE);
  });
  parts.push(Buffer.from(`],"cursor":${page.cursor},"more":${page.more},"purgedThrough":${page.purgedThrough}}`));
  return Buffer.concat(parts);
}

async function pullPage(orm: Orm, unitIds: string[], query: PullQuery, reader?: PullReader): Promise<PulledPage> {
  // Read before the rows: the mark this page is complete against. A purge racing this read makes it older, never newer, so the next page is checked again.
  const markBefore = await tombstonesPurgedThrough(orm);
  const rows = await readPulledJson(orm, unitIds, query.cursor, query.limit + 1);
  if (query.cursor > 0) {
    const purgedThrough = await tombstonesPurgedThrough(orm);
    // A history begun (from 0) under the current mark is complete even below it: what was purged never reached it.
    if (query.cursor < purgedThrough && query.purgedThrough < purgedThrough) {
      throw resyncRequired(`cursor ${query.cursor} is older than the compacted history (deletes through seq ${purgedThrough} were purged); pull again from cursor 0`);
    }
    if (rows.length === 0) {
      const highest = await highestIssuedSeq(orm);
      if (query.cursor > highest) throw resyncRequired(`cursor ${query.cursor} is beyond this record store's history (highest seq ${highest}); it belongs to another database, pull again from cursor 0`);
    }
  }
  const page = rows.slice(0, query.limit);
  const cursor = page.at(-1)?.seq ?? query.cursor;
  // The audit asks only whether a change carries data (tombstones are not reads of personal data).
  if (reader) await auditCasePull(orm, reader, page.map((r) => ({ seq: r.seq, entity: r.entity as Change['entity'], id: r.id, data: r.json === null ? null : true })), { from: query.cursor, to: cursor });
  return { rows: page, cursor, more: rows.length > query.limit, purgedThrough: markBefore };
}
