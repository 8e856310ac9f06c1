/**
 * The human-readable case number (案件编号) call-takers read out and search by. Derived, not
 * stored: the case's creation day in China Standard Time and the first 6 hex digits of its
 * id, e.g. `20261121-3A6F9E`. Every workstation and the server derive the same number from
 * the same case, offline or not, so no counter has to be coordinated.
 */

/** China Standard Time (Asia/Shanghai) has been UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYYMMDD` of an instant in Asia/Shanghai. */
export function shanghaiDay(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Start (inclusive) and end (exclusive) epoch ms of a `YYYYMMDD` (or `YYYY-MM-DD`) day in Asia/Shanghai; null when no such day. */
export function shanghaiDayRange(day: string): { from: number; to: number } | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const back = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: such a day does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  const from = utc - SHANGHAI_OFFSET_MS;
  return { from, to: from + DAY_MS };
}

/** The case number of a case: `YYYYMMDD-` + the first 6 hex digits of its id, upper-case. */
export function caseNumberOf(c: { id: string; createdAt: number }): string {
  return `${shanghaiDay(c.createdAt)}-${c.id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

/** A typed case number: its day range and lower-case id prefix (ids are stored lower-case). */
export interface ParsedCaseNumber {
  from: number;
  to: number;
  idPrefix: string;
}

/** Shape of a case number as typed (dash optional, any case). */
export const CASE_NUMBER_PATTERN = /^\s*(\d{8})-?([0-9A-Fa-f]{6})\s*$/;

/** Parses a typed case number; null when it is not one (wrong shape or no such day). */
export function parseCaseNumber(input: string): ParsedCaseNumber | null {
  const m = CASE_NUMBER_PATTERN.exec(input);
  if (!m) return null;
  const range = shanghaiDayRange(m[1] as string);
  if (!range) return null;
  return { ...range, idPrefix: (m[2] as string).toLowerCase() };
}

/** The first 6 hex digits of an id (what a case number carries of it). */
export function idPrefixOf(id: string): string {
  return id.replace(/-/g, '').slice(0, 6).toLowerCase();
}
