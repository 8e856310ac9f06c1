/**
 * The `{result, error}` envelope every IPC reply travels in. Errors cross the process
 * boundary as plain data (Electron would otherwise strip everything but the message).
 */
export interface IpcError {
  /** Stable machine code, e.g. `invalid-args`, `forbidden-sender`, `internal`. */
  code: string;
  /** Human-readable English message for logs; the UI translates by `code`. */
  message: string;
}

/** A reply: exactly one of `result` or `error` is present. */
export type IpcEnvelope<T> = { result: T; error?: undefined } | { result?: undefined; error: IpcError };

/** Wraps a successful value. */
export function ok<T>(result: T): IpcEnvelope<T> {
  return { result };
}

/** Wraps a failure. */
export function fail<T = never>(code: string, message: string): IpcEnvelope<T> {
  return { error: { code, message } };
}

/** Unwraps an envelope, throwing an `IpcCallError` on failure. */
export function unwrap<T>(envelope: IpcEnvelope<T>): T {
  if (envelope.error) throw new IpcCallError(envelope.error);
  return envelope.result as T;
}

/** Thrown on the calling side when the other side answered with an error envelope. */
export class IpcCallError extends Error {
  readonly code: string;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
  }
}
