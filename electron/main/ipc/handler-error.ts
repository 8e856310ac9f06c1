/**
 * An expected failure a handler reports to the renderer with its own code (for example
 * `forbidden-url`), as opposed to a bug, which the wrapper reports as `internal`.
 */
export class HandlerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'HandlerError';
    this.code = code;
  }
}
