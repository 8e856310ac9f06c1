import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Size cap per file and how many files are kept (the live one plus rotated ones). */
export interface RotatingLogOptions {
  maxBytes?: number;
  maxFiles?: number;
  now?: () => Date;
}

export type LogLevel = 'error' | 'warn' | 'info';

/**
 * Main's log: `main.log` in the user-data `logs` folder, rotated to `main.log.1` … when it
 * would pass `maxBytes`, at most `maxFiles` files in all. Writes are synchronous on purpose:
 * the lines that matter most are the ones written just before a crash, and main logs little.
 */
export class RotatingLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly now: () => Date;
  private size: number | null = null;

  constructor(
    private readonly dir: string,
    options: RotatingLogOptions = {},
  ) {
    this.file = join(dir, 'main.log');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
    this.now = options.now ?? (() => new Date());
  }

  /** Appends one line; never throws (a full disk must not take the app down). */
  write(level: LogLevel, message: string): void {
    // One line per entry: newlines in messages would let a value forge log lines.
    const line = `${this.now().toISOString()} ${level.toUpperCase()} ${message.replace(/[\r\n]+/g, ' ⏎ ')}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size === null) this.size = this.currentSize();
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      this.size = null;
    }
  }

  /** Tees `console.error/warn/info/log` of main into the file as well. */
  captureConsole(target: Pick<Console, 'error' | 'warn' | 'info' | 'log'> = console): void {
    const levels: [keyof typeof target, LogLevel][] = [['error', 'error'], ['warn', 'warn'], ['info', 'info'], ['log', 'info']];
    for (const [method, level] of levels) {
      const original = target[method].bind(target);
      target[method] = (...args: unknown[]) => {
        original(...args);
        this.write(level, args.map(formatArg).join(' '));
      };
    }
  }

  private currentSize(): number {
    mkdirSync(this.dir, { recursive: true });
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.maxFiles - 1}`, { force: true });
    for (let n = this.maxFiles - 2; n >= 1; n--) {
      try {
        renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
      } catch {
        // That generation does not exist yet.
      }
    }
    if (this.maxFiles > 1) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.size = 0;
  }
}

function formatArg(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}
