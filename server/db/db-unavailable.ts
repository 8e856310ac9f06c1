/**
 * PostgreSQL error classes that mean "the database is not there right now", not "this
 * request is wrong": 08 connection exception, 57P01-57P03 (shutdown, crash, cannot connect
 * now), 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/** Messages node-postgres (and its pool) use for a lost or impossible connection. */
const UNAVAILABLE_MESSAGE = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|connect ECONNREFUSED|read ECONNRESET|write EPIPE|Client was closed|Cannot use a pool after calling end/i;

const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/**
 * True when `error` (or any error in its `cause` chain: drizzle wraps the driver's) says the
 * database connection was lost or could not be made. Such a request is answered 503 with
 * Retry-After: the client retries, and the process carries on (design.md §5).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
