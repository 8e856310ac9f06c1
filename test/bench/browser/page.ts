// The browser-sync bench page (test/bench/browser-sync.ts drives it in Chromium): the renderer's
// REAL storage repositories, pull loop and sync engine on Chromium's own IndexedDB, against a
// real record store. Exposes `window.bench`; every wait is bounded by the caller's timeout.
// Under the app's CSP, configured as the app's entry configures zod.
import '../../../renderer/src/zod-without-eval';
import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import { PULL_MAX_LIMIT, type Change } from '@shared/sync/protocol';
import { commitNoteText, saveCallRecord } from '../../../renderer/src/storage/call-repository';
import { openCaseForCall, setCaseFields } from '../../../renderer/src/storage/case-repository';
import { DeskDb, dbNameFor } from '../../../renderer/src/storage/db';
import { chunksByCall } from '../../../renderer/src/storage/note-chunks';
import { applyPulledPage } from '../../../renderer/src/storage/pulled-changes';
import { PullLoop } from '../../../renderer/src/sync/pull-loop';
import { RecordStoreClient } from '../../../renderer/src/sync/record-store-client';
import { SyncEngine } from '../../../renderer/src/sync/sync-engine';

/** ~2 KB of UTF-8 note text, like a long consultation. */
const NOTE = '来电人称接到冒充客服电话，对方以退款为由诱导其下载会议软件并共享屏幕。'.repeat(20);
const DAY = 86_400_000;

export interface LocalCounts {
  callRecords: number;
  cases: number;
  noteSegments: number;
  outbox: number;
  deadLetters: number;
}

async function counts(db: DeskDb): Promise<LocalCounts> {
  // Segments, not chunks: a segment may sit in two chunks (its own, and the pulled one that brought it back).
  const segmentIds = new Set<string>();
  await db.noteChunks.each((chunk) => chunk.segments.forEach((segment) => segmentIds.add(segment.id)));
  const noteSegments = segmentIds.size;
  const [callRecords, cases, outbox, deadLetters] = await Promise.all([db.callRecords.count(), db.cases.count(), db.outbox.count(), db.deadLetters.count()]);
  return { callRecords, cases, noteSegments, outbox, deadLetters };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function callRecord(i: number, now: number): CallRecord {
  const startedAt = now - 90 * DAY + i * 60_000;
  return {
    id: crypto.randomUUID(),
    sipCallId: `${crypto.randomUUID()}@bench`,
    direction: 'inbound',
    remoteNumber: `1380013${String(i % 10_000).padStart(4, '0')}`,
    dialedNumber: '96110',
    startedAt,
    answeredAt: startedAt + 4_000,
    endedAt: null,
    endReason: null,
  };
}

let engine: SyncEngine | null = null;
let engineDb: DeskDb | null = null;

/**
 * (a) An offline shift: `mutations` changes written through the repositories the UI uses
 * (call record, case open, two field edits, a ~2 KB and a 600-character note segment, the
 * call's end: 7 per call), with the sync engine running against a record store that is down,
 * kicked after every call as the workstation does after local writes.
 */
/** The local agent id the offline shift's call records are logged by (kept locally only, never pushed). */
const BENCH_AGENT = 'bench-agent';

async function offlineShift(opts: { storeUrl: string; token: string; mutations: number }): Promise<{ writeMs: number; perActionMs: number[]; local: LocalCounts }> {
  const db = new DeskDb(`bench-offline-${crypto.randomUUID()}`);
  await db.open();
  engineDb = db;
  engine = new SyncEngine(db, new RecordStoreClient(opts.storeUrl, opts.token), crypto.randomUUID(), { onStatus: () => undefined, events: window, networkUp: () => true });
  engine.start();
  const started = performance.now();
  const now = Date.now();
  let written = 0;
  // Time per kind of action (the 7 of a call, in order): where the gap to the floor is.
  const per: number[] = [0, 0, 0, 0, 0, 0, 0];
  let k = 0;
  const step = async (write: () => Promise<unknown>) => {
    if (written >= opts.mutations) return;
    const t0 = performance.now();
    await write();
    const kind = k++ % 7;
    per[kind] = per[kind]! + performance.now() - t0;
    written++;
  };
  for (let i = 0; written < opts.mutations; i++) {
    const record = callRecord(i, now);
    // The signed-in agent, as the workstation names it on every save.
    await step(() => saveCallRecord(db, record, BENCH_AGENT));
    let caseId = '';
    await step(async () => (caseId = (await openCaseForCall(db, record)).id));
    await step(() => setCaseFields(db, caseId, { callType: 'consultation', fields: { situation: '对方自称客服，要求下载会议软件' } }));
    await step(() => commitNoteText(db, record.id, NOTE));
    await step(() => setCaseFields(db, caseId, { fields: { contactIdentifiers: `QQ ${100000 + i}` } }));
    await step(() => commitNoteText(db, record.id, NOTE.slice(0, 600)));
    await step(() => saveCallRecord(db, { ...record, endedAt: record.startedAt + 300_000, endReason: 'remote-hangup' }, BENCH_AGENT));
    engine.kickPush();
  }
  const writeMs = performance.now() - started;
  // Paused while the record store starts, so no retry timer pushes before `converge` starts the clock.
  engine.stop();
  return { writeMs, perActionMs: per.map((ms) => ms / Math.max(1, Math.floor(opts.mutations / 7))), local: await counts(db) };
}

/**
 * The floor of (a): bare IndexedDB, no Dexie, no checks, the same number of user actions, each
 * one readwrite transaction putting a record row and adding an outbox row holding a copy of it
 * (what every action must do at least). Printed beside (a) from the same run and machine load.
 */
async function bareFloor(opts: { mutations: number; durability?: IDBTransactionDurability; read?: boolean | 'parallel'; commitAtOnce?: boolean }): Promise<{ writeMs: number }> {
  const name = `bench-floor-${crypto.randomUUID()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('records', { keyPath: 'id' });
      open.result.createObjectStore('outbox', { autoIncrement: true });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const now = Date.now();
  const started = performance.now();
  for (let i = 0; i < opts.mutations; i++) {
    const base = callRecord(Math.floor(i / 7), now);
    // Alternate a call record and a ~2 KB note, as the shift's actions do.
    const record = i % 7 === 3 ? { id: crypto.randomUUID(), callRecordId: base.id, index: 0, text: NOTE, createdAt: now } : base;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['records', 'outbox'], 'readwrite', { durability: opts.durability ?? 'default' });
      const write = () => {
        tx.objectStore('records').put(record);
        tx.objectStore('outbox').add({ mutationId: crypto.randomUUID(), mutation: { name: 'x', args: record }, createdAt: now, attempts: 0 });
      };
      // Diagnostic: one read answered before the writes, as an action that checks the current row does.
      // 'parallel': the read issued first and the writes right behind it; commit once the read answered (a verified speculative write).
      if (opts.read === 'parallel') {
        const read = tx.objectStore('records').get(record.id);
        write();
        read.onsuccess = () => tx.commit();
      } else if (opts.read) tx.objectStore('records').get(record.id).onsuccess = write;
      else write();
      // Diagnostic: commit() right after the writes, as an action with nothing to check could (IndexedDB's own best case).
      if (opts.commitAtOnce) tx.commit();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  const writeMs = performance.now() - started;
  db.close();
  await new Promise((resolve) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = resolve;
  });
  return { writeMs };
}

/** (a) The record store is back: the engine starts again (as after a restart or the network returning) and pushes until the outbox is empty. */
async function converge(timeoutMs: number, pushOnly = false): Promise<{ ms: number; local: LocalCounts; lastError: string | null }> {
  if (!engine || !engineDb) throw new Error('no offline shift running');
  const db = engineDb;
  const started = performance.now();
  // pushOnly (a diagnostic): the push loop alone, without the pull-back of our own changes running beside it.
  if (pushOnly) engine.push.start();
  else engine.start();
  while ((await db.outbox.count()) > 0) {
    if (performance.now() - started > timeoutMs) throw new Error(`outbox not empty after ${timeoutMs} ms: ${JSON.stringify(await counts(db))}, ${engine.view.lastError}`);
    await sleep(20);
  }
  const ms = performance.now() - started;
  return { ms, local: await counts(db), lastError: engine.view.lastError };
}

/** Stops the engine once its runs in flight are over (none may touch the closed database), then deletes the shift's database. */
async function finishShift(): Promise<void> {
  if (engine) {
    await engine.stream.stop();
    await Promise.all([engine.push.kick(), engine.pull.kick()]);
    engine.stop();
  }
  engine = null;
  engineDb?.close();
  await engineDb?.delete();
  engineDb = null;
}

/** The pull loop, run once to the end of the log and awaited. */
class PullOnce extends PullLoop {
  once(): Promise<void> {
    this.stopped = false;
    return this.kick();
  }
}

/** (b) A new workstation's first pull into an empty IndexedDB, through the real pull loop (default page size). */
async function initialPull(opts: { storeUrl: string; token: string; timeoutMs: number }): Promise<{ ms: number; local: LocalCounts; lastError: string | null }> {
  const db = new DeskDb(`bench-pull-${crypto.randomUUID()}`);
  await db.open();
  const loop = new PullOnce(db, new RecordStoreClient(opts.storeUrl, opts.token), { intervalMs: 3_600_000 });
  try {
    const started = performance.now();
    const timeout = sleep(opts.timeoutMs).then(() => 'timeout' as const);
    if ((await Promise.race([loop.once(), timeout])) === 'timeout') throw new Error(`pull not done after ${opts.timeoutMs} ms`);
    const ms = performance.now() - started;
    return { ms, local: await counts(db), lastError: loop.current.lastError };
  } finally {
    loop.stop();
    db.close();
    await db.delete();
  }
}

/**
 * The floor of (b): the same pages fetched and parsed by the record store client, one after
 * another, with nothing written, so the pull's time splits into record store + network vs IndexedDB.
 */
async function pullNetworkOnly(opts: { storeUrl: string; token: string }): Promise<{ ms: number; changes: number }> {
  const client = new RecordStoreClient(opts.storeUrl, opts.token);
  const started = performance.now();
  let cursor = 0;
  let mark = 0;
  let changes = 0;
  for (;;) {
    const page = await client.pull(cursor, PULL_MAX_LIMIT, mark);
    changes += page.changes.length;
    cursor = page.cursor;
    mark = page.purgedThrough;
    if (!page.more) break;
  }
  return { ms: performance.now() - started, changes };
}

/**
 * A second floor of (b): the same pages fetched and parsed, and every row put as the server
 * sent it into the renderer's own schema (so the same indexes) with bare IndexedDB, one
 * transaction per page, the next page's puts issued without waiting for the last commit. No
 * checks, no reads, no validation: what IndexedDB itself costs for the pull on this machine.
 */
async function pullBareFloor(opts: { storeUrl: string; token: string }): Promise<{ ms: number; changes: number }> {
  const db = new DeskDb(`bench-pull-floor-${crypto.randomUUID()}`);
  await db.open();
  const idb = db.backendDB();
  const tables: Record<string, string> = { callRecord: 'callRecords', case: 'cases', followUp: 'followUps' };
  const client = new RecordStoreClient(opts.storeUrl, opts.token);
  try {
    const started = performance.now();
    let cursor = 0;
    let mark = 0;
    let changes = 0;
    let last: Promise<void> = Promise.resolve();
    for (;;) {
      const page = await client.pull(cursor, PULL_MAX_LIMIT, mark);
      const tx = idb.transaction([...Object.values(tables), 'noteChunks', 'meta'], 'readwrite');
      // Note segments as the app stores them: a call's segments on the page in one chunk (note-chunks.ts).
      const segments: NoteSegment[] = [];
      for (const change of page.changes) {
        if (change.entity === 'noteSegment' && change.data) segments.push(change.data as NoteSegment);
        const table = tables[change.entity];
        if (table && change.data) tx.objectStore(table).put(change.data);
      }
      for (const chunk of chunksByCall(segments)) tx.objectStore('noteChunks').put(chunk);
      tx.objectStore('meta').put({ key: 'pullCursor', value: page.cursor });
      last = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error);
      });
      last.catch(() => undefined);
      changes += page.changes.length;
      cursor = page.cursor;
      mark = page.purgedThrough;
      if (!page.more) break;
    }
    await last;
    return { ms: performance.now() - started, changes };
  } finally {
    db.close();
    await db.delete();
  }
}

/**
 * (c) Fills a user's own database (the one the app opens after sign-in) with `records` records
 * (call records, their cases, two note segments each) through the pull side's page writer,
 * with the cursor at `cursor` (the record store's end of log), so the app's first pull finds
 * nothing new.
 */
async function seedLocal(opts: { userId: string; records: number; cursor: number }): Promise<LocalCounts> {
  const db = new DeskDb(dbNameFor(opts.userId));
  await db.open();
  const now = Date.now();
  let seq = 0;
  let changes: Change[] = [];
  const flush = async () => {
    await applyPulledPage(db, { changes, cursor: opts.cursor, purgedThrough: 0 });
    changes = [];
  };
  for (let i = 0; seq < opts.records; i++) {
    const record = { ...callRecord(i, now), endedAt: now - 90 * DAY + i * 60_000 + 300_000, endReason: 'remote-hangup' as const };
    const [caseId, first, second] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const rows: Change[] = [
      // As the record store sends it: with the agent who logged it (the history lists the user's own calls).
      { seq: 0, entity: 'callRecord', id: record.id, data: { ...record, agentId: opts.userId } },
      {
        seq: 0,
        entity: 'case',
        id: caseId,
        data: { id: caseId, callRecordId: record.id, callerNumber: `+86${record.remoteNumber}`, callType: 'consultation', status: 'final', disposition: null, fraudType: null, fields: { situation: '对方自称客服', notes: NOTE.slice(0, 200) }, createdAt: record.startedAt, finalisedAt: record.endedAt },
      },
      { seq: 0, entity: 'noteSegment', id: first, data: { id: first, callRecordId: record.id, index: 0, text: NOTE, createdAt: record.startedAt + 60_000 } },
      { seq: 0, entity: 'noteSegment', id: second, data: { id: second, callRecordId: record.id, index: 1, text: NOTE.slice(0, 600), createdAt: record.startedAt + 120_000 } },
    ];
    for (const row of rows.slice(0, opts.records - seq)) changes.push({ ...row, seq: ++seq });
    if (changes.length >= 2000) await flush();
  }
  if (changes.length > 0) await flush();
  const result = await counts(db);
  db.close();
  return result;
}

declare global {
  interface Window {
    bench: {
      offlineShift: typeof offlineShift;
      converge: typeof converge;
      finishShift: typeof finishShift;
      bareFloor: typeof bareFloor;
      initialPull: typeof initialPull;
      pullNetworkOnly: typeof pullNetworkOnly;
      pullBareFloor: typeof pullBareFloor;
      seedLocal: typeof seedLocal;
    };
  }
}

window.bench = { offlineShift, converge, finishShift, bareFloor, initialPull, pullNetworkOnly, pullBareFloor, seedLocal };
