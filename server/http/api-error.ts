import type { ApiErrorCode } from '../../shared/schemas/auth';

/**
 * An error meant for the client: thrown anywhere in a request, turned by the error handler
 * into `status` + `{ error: code, message, fields? }` (ApiErrorSchema).
 */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

/** 401: the request carries no valid session. */
export const unauthorized = (message = 'Sign in first: missing, unknown or expired token.') => new ApiHttpError(401, 'unauthorized', message);

/** 403: the session's role or org unit does not allow this. */
export const forbidden = (message = 'Not allowed for this user.') => new ApiHttpError(403, 'forbidden', message);
