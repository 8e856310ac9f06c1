import { ApiErrorSchema, LoginResponseSchema, type LoginRequest, type LoginResponse, type SessionUser, SessionUserSchema } from '@shared/schemas/auth';
import { PushResponseSchema, type PushRequest, type PushResponse } from '@shared/sync/protocol';

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

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
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
