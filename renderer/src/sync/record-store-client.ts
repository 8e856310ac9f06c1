import { ApiErrorSchema, LoginResponseSchema, type LoginRequest, type LoginResponse, type SessionUser, SessionUserSchema } from '@shared/schemas/auth';
import { OpenCallbacksSchema, type CallbackAttempt, type OpenCallbacks } from '@shared/schemas/callback';
import { QueueFiguresSchema, type QueueFigures } from '@shared/schemas/routing';
import {
  FreezeLookupResponseSchema,
  RevealResponseSchema,
  type FreezeLookupRequest,
  type FreezeLookupResponse,
  type RevealRequest,
  type RevealResponse,
} from '@shared/schemas/freeze';
import { TemplateListResponseSchema, type TemplateListResponse } from '@shared/schemas/template';
import { HistorySearchResponseSchema, ScreenPopResponseSchema, type HistorySearchInput, type HistorySearchResponse, type ScreenPopResponse } from '@shared/schemas/history';
import {
  WarningConfigSchema,
  WarningInstructionSchema,
  WarningListResponseSchema,
  WarningStationsResponseSchema,
  type AttemptInput,
  type ContactInput,
  type VisitRecordInput,
  type WarningConfigView,
  type WarningInstruction,
  type WarningListResponse,
  type WarningStationsResponse,
  type WarningTransitionRequest,
} from '@shared/schemas/warning';
import { INSTALLATION_SECRET_HEADER } from '@shared/ipc/record-store';
import { SupervisorBoardSchema, SupervisorWorkloadSchema, type ReassignRequest, type SupervisorBoard, type SupervisorWorkload } from '@shared/schemas/supervisor';
import { PullResponseSchema, PushResponseSchema, type PullResponse, type PushRequest, type PushResponse } from '@shared/sync/protocol';

/** The record store answered with an error status. `code` is the server's machine code. */
export class RecordStoreHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'RecordStoreHttpError';
  }
}

/** The record store could not be reached at all (offline, refused, timed out). */
export class RecordStoreUnreachableError extends Error {
  constructor(cause: unknown) {
    super('record store unreachable', { cause });
    this.name = 'RecordStoreUnreachableError';
  }
}

/** Typed HTTP client for the record store's API (design.md §5). */
export class RecordStoreClient {
  constructor(
    private readonly baseUrl: string,
    private token: string | null = null,
    private readonly timeoutMs = 15_000,
  ) {}

  setToken(token: string | null): void {
    this.token = token;
  }

  private installationSecret: string | null = null;

  /** The embedded store's per-installation secret (sent as `x-installation-secret`); null for a central store. */
  setInstallationSecret(secret: string | null): void {
    this.installationSecret = secret;
  }

  /** The URL this client talks to. */
  get url(): string {
    return this.baseUrl;
  }

  async login(request: LoginRequest): Promise<LoginResponse> {
    return LoginResponseSchema.parse(await this.request('POST', '/api/v1/auth/login', request));
  }

  async logout(): Promise<void> {
    await this.request('POST', '/api/v1/auth/logout', {});
  }

  async me(): Promise<SessionUser> {
    return SessionUserSchema.parse(await this.request('GET', '/api/v1/auth/me'));
  }

  async push(body: PushRequest): Promise<PushResponse> {
    return PushResponseSchema.parse(await this.request('POST', '/api/v1/sync/push', body));
  }

  /** Freeze look-up (audited on the server); personal fields come back masked. */
  async lookupFreeze(body: FreezeLookupRequest): Promise<FreezeLookupResponse> {
    return FreezeLookupResponseSchema.parse(await this.request('POST', '/api/v1/freeze-records/lookup', body));
  }

  /** Unmasks one field of a freeze record; the reason goes to the audit trail. */
  async revealFreezeField(recordId: string, body: RevealRequest): Promise<RevealResponse> {
    return RevealResponseSchema.parse(await this.request('POST', `/api/v1/freeze-records/${encodeURIComponent(recordId)}/reveal`, body));
  }

  /** Open warning instructions and freeze records linked to a ringing number (masked; audited on the server). */
  async screenPop(number: string): Promise<ScreenPopResponse> {
    return ScreenPopResponseSchema.parse(await this.request('GET', `/api/v1/screen-pop?${new URLSearchParams({ number }).toString()}`));
  }

  /** One page of the history search in the user's units (audited on the server); empty criteria are left out. */
  async searchHistory(query: HistorySearchInput): Promise<HistorySearchResponse> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return HistorySearchResponseSchema.parse(await this.request('GET', `/api/v1/history/search?${params.toString()}`));
  }

  /** The latest active version of every conversation/SMS template. */
  async listTemplates(): Promise<TemplateListResponse> {
    return TemplateListResponseSchema.parse(await this.request('GET', '/api/v1/templates'));
  }

  /** The unit's warning-instruction queue (issue 7), most urgent first, with overdue verdicts. */
  async listWarnings(): Promise<WarningListResponse> {
    return WarningListResponseSchema.parse(await this.request('GET', '/api/v1/warning-instructions'));
  }

  /** The region's warning grades (colour, sound, overdue minutes). */
  async warningConfig(): Promise<WarningConfigView> {
    return WarningConfigSchema.parse(await this.request('GET', '/api/v1/warning-config'));
  }

  /** A server-validated transition; a 409 (`conflict`, `invalid-transition`, …) means reload the instruction. */
  async transitionWarning(id: string, body: WarningTransitionRequest): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/transition`, body));
  }

  /** Takes an instruction over from the automatic caller (issue 19): assigned to the user, its automatic calls stop. */
  async takeOverWarning(id: string): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/take-over`, {}));
  }

  /** Records a relative's or friend's contact (relation, name, number, result). */
  async recordWarningContact(id: string, body: ContactInput): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/contacts`, body));
  }

  /** Police stations a visit can be dispatched to. */
  async listWarningStations(): Promise<WarningStationsResponse> {
    return WarningStationsResponseSchema.parse(await this.request('GET', '/api/v1/warning-stations'));
  }

  /** The station records its face-to-face visit and sends it back to the responsible unit. */
  async recordWarningVisit(id: string, body: VisitRecordInput & { returnToUnit: boolean }): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/visit`, body));
  }

  /** Records one attempt to reach the person. */
  async recordWarningAttempt(id: string, body: AttemptInput): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/attempts`, body));
  }

  /** The open 未接来电回拨 list (missed 96110 callers grouped by number). */
  async openCallbacks(): Promise<OpenCallbacks> {
    return OpenCallbacksSchema.parse(await this.request('GET', '/api/v1/routing/callbacks'));
  }

  /** Records a call-back attempt and its result. */
  async recordCallbackAttempt(body: CallbackAttempt): Promise<void> {
    await this.request('POST', '/api/v1/routing/callbacks/attempts', body);
  }

  /** The shift supervisor's board: open instructions of the subtree by grade × state, overdue list, agents' states. */
  async supervisorBoard(): Promise<SupervisorBoard> {
    return SupervisorBoardSchema.parse(await this.request('GET', '/api/v1/supervisor/board'));
  }

  /** The live 96110 queue (supervisors): waiting callers, longest wait, today's figures, calls per hour. */
  async queueFigures(): Promise<QueueFigures> {
    return QueueFiguresSchema.parse(await this.request('GET', '/api/v1/routing/queue'));
  }

  /** Per-agent workload of one Asia/Shanghai day (`YYYY-MM-DD`; absent: today by the server's clock). */
  async supervisorWorkload(date?: string): Promise<SupervisorWorkload> {
    const query = date ? `?${new URLSearchParams({ date }).toString()}` : '';
    return SupervisorWorkloadSchema.parse(await this.request('GET', `/api/v1/supervisor/workload${query}`));
  }

  /** Hands an instruction to another call-taker of its unit (supervisors); a 409 means reload. */
  async reassignWarning(id: string, body: ReassignRequest): Promise<WarningInstruction> {
    return WarningInstructionSchema.parse(await this.request('POST', `/api/v1/warning-instructions/${encodeURIComponent(id)}/reassign`, body));
  }

  /**
   * One page of changes after `cursor`; `purgedThrough` is the compaction mark the local
   * history began under (from an earlier page). A 409 (`resync-required`) means start again from 0.
   */
  async pull(cursor: number, limit?: number, purgedThrough = 0): Promise<PullResponse> {
    const query = new URLSearchParams({ cursor: String(cursor), purgedThrough: String(purgedThrough), ...(limit === undefined ? {} : { limit: String(limit) }) });
    return PullResponseSchema.parse(await this.request('GET', `/api/v1/sync/pull?${query.toString()}`));
  }

  /**
   * Opens the sync event stream with the Bearer header (fetch, not EventSource, so the
   * token never appears in a URL). Resolves with the body once the server accepted it.
   */
  async openEvents(lastEventId: string | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.installationSecret) headers[INSTALLATION_SECRET_HEADER] = this.installationSecret;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/sync/events', this.baseUrl), { headers, signal });
    } catch (error) {
      throw new RecordStoreUnreachableError(error);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      const parsed = ApiErrorSchema.safeParse(text ? safeJson(text) : null);
      if (parsed.success) throw new RecordStoreHttpError(response.status, parsed.data.error, parsed.data.message, parsed.data.fields);
      throw new RecordStoreHttpError(response.status, `http-${response.status}`, text.slice(0, 200));
    }
    return response.body;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.installationSecret) headers[INSTALLATION_SECRET_HEADER] = this.installationSecret;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new RecordStoreUnreachableError(error);
    }
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      const parsed = ApiErrorSchema.safeParse(json);
      if (parsed.success) throw new RecordStoreHttpError(response.status, parsed.data.error, parsed.data.message, parsed.data.fields);
      throw new RecordStoreHttpError(response.status, `http-${response.status}`, text.slice(0, 200));
    }
    return json;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
