import { shanghaiDayRange } from '@shared/schemas/case-number';
import { historySearchErrors, HistorySearchQuerySchema, type HistoryItem, type HistorySearchInput, type HistorySearchResponse } from '@shared/schemas/history';
import type { DeskDb } from '../../storage/db';
import { searchLocalHistory, type HistoryRow } from '../../storage/history-search';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';

/** The part of the record store client the history search uses (a fake in tests). */
export interface HistorySearchApi {
  searchHistory(query: HistorySearchInput): Promise<HistorySearchResponse>;
}

export interface HistorySearchDeps {
  api: HistorySearchApi | null;
  db: DeskDb | null;
}

/** The search form as typed; dates are `YYYY-MM-DD` (China Standard Time days, both inclusive). */
export interface HistoryForm {
  number: string;
  caseNumber: string;
  idNumber: string;
  from: string;
  to: string;
}

export const EMPTY_FORM: HistoryForm = { number: '', caseNumber: '', idNumber: '', from: '', to: '' };

/** Rows per record store page. */
export const SERVER_PAGE = 30;

/** The form as the shared query (epoch-ms strings), or the field errors (message codes). */
export function formToInput(form: HistoryForm): { input: HistorySearchInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const input: HistorySearchInput = {};
  for (const key of ['number', 'caseNumber', 'idNumber'] as const) {
    const value = form[key].trim();
    if (value !== '') input[key] = key === 'number' ? value.replace(/[\s\-()]/g, '') : value;
  }
  for (const key of ['from', 'to'] as const) {
    const value = form[key].trim();
    if (value === '') continue;
    const range = shanghaiDayRange(value);
    if (!range) errors[key] = 'epoch-ms';
    else input[key] = String(key === 'from' ? range.from : range.to);
  }
  if (Object.keys(errors).length > 0) return { input, errors };
  return { input, errors: historySearchErrors(input) };
}

/** Local rows first, then what the record store adds. */
export interface LocalStep {
  rows: HistoryRow[];
  needsServer: boolean;
}

/** The record store's page, or why there is none. */
export type ServerStep = { kind: 'ok'; items: HistoryItem[]; nextCursor: string | null } | { kind: 'offline' } | { kind: 'error'; code: string } | { kind: 'none' };

export async function searchLocalStep(deps: HistorySearchDeps, input: HistorySearchInput): Promise<LocalStep> {
  const query = HistorySearchQuerySchema.parse(input);
  if (!deps.db) return { rows: [], needsServer: query.idNumber !== undefined };
  return searchLocalHistory(deps.db, query);
}

export async function searchServerStep(deps: HistorySearchDeps, input: HistorySearchInput, cursor?: string): Promise<ServerStep> {
  if (!deps.api) return { kind: 'none' };
  try {
    const page = await deps.api.searchHistory({ ...input, limit: String(SERVER_PAGE), ...(cursor ? { cursor } : {}) });
    return { kind: 'ok', items: page.items, nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof RecordStoreUnreachableError) return { kind: 'offline' };
    return { kind: 'error', code: error instanceof RecordStoreHttpError ? error.code : 'unknown' };
  }
}
