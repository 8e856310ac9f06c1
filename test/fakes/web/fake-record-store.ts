import {
  FreezeLookupRequestSchema,
  RevealRequestSchema,
  type FreezeLookupRequest,
  type FreezeLookupResponse,
  type FreezeRecordView,
  type RevealRequest,
  type RevealResponse,
} from '../../../shared/schemas/freeze';
import type { Template, TemplateListResponse } from '../../../shared/schemas/template';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../../renderer/src/sync/record-store-client';

/** A freeze record as the fake keeps it: the masked view plus the clear values behind it. */
export interface FakeFreezeRecord {
  view: FreezeRecordView;
  clear: { holderName: string; idNumber: string | null; phone: string | null; accountNumber: string };
}

/**
 * The record store's freeze and template endpoints, in memory, holding to the contract in
 * shared/schemas (requests are parsed with the same zod schemas the server uses; a bad one
 * answers 400 with the field, as the server does). `online = false` behaves like a network
 * failure (RecordStoreUnreachableError), as the real client reports it.
 */
export class FakeRecordStore {
  online = true;
  records: FakeFreezeRecord[] = [];
  templates: Template[] = [];
  now = Date.UTC(2026, 10, 21, 12, 0);
  readonly lookups: FreezeLookupRequest[] = [];
  readonly reveals: Array<{ id: string } & RevealRequest> = [];

  async lookupFreeze(request: FreezeLookupRequest): Promise<FreezeLookupResponse> {
    this.gate();
    const parsed = FreezeLookupRequestSchema.safeParse(request);
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.path.join('.') ?? 'body');
    const r = parsed.data;
    this.lookups.push(r);
    const tail = (s: string | null) => (s ?? '').slice(-(r.partialNumber?.length ?? 0));
    const hits = this.records.filter(({ clear }) => {
      switch (r.by) {
        case 'account':
          return clear.accountNumber === r.value;
        case 'idNumber':
          return clear.idNumber === r.value;
        case 'phone':
          return clear.phone !== null && clear.phone === r.value.replace(/^\+86/, '');
        case 'name':
          return clear.holderName === r.value && (tail(clear.accountNumber) === r.partialNumber || tail(clear.idNumber) === r.partialNumber);
      }
    });
    return { results: hits.map((h) => h.view), at: this.now, truncated: false };
  }

  async revealFreezeField(id: string, request: RevealRequest): Promise<RevealResponse> {
    this.gate();
    const parsed = RevealRequestSchema.safeParse(request);
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.path.join('.') ?? 'body');
    const record = this.records.find((r) => r.view.id === id);
    if (!record) throw new RecordStoreHttpError(404, 'not-found', 'No such freeze record.');
    this.reveals.push({ id, ...parsed.data });
    return { field: parsed.data.field, value: record.clear[parsed.data.field] };
  }

  async listTemplates(): Promise<TemplateListResponse> {
    this.gate();
    return { templates: this.templates, at: this.now };
  }

  private gate(): void {
    if (!this.online) throw new RecordStoreUnreachableError(new TypeError('fetch failed'));
  }
}

function badRequest(field: string): RecordStoreHttpError {
  return new RecordStoreHttpError(400, 'invalid', `Invalid ${field}.`, { [field]: 'invalid' });
}
