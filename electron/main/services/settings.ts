import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, WorkstationConfigSchema } from '@shared/config';
import type { WorkstationConfig } from '@shared/config';
import { writeFileAtomic } from './atomic-write';

/**
 * The workstation config, persisted as JSON in userData. It decides where credentials are
 * sent, so it is validated on every read from disk and every write from the page; an
 * unreadable or invalid file falls back to the defaults rather than to something partial.
 */
export class SettingsStore {
  private current: WorkstationConfig = DEFAULT_CONFIG;
  private readonly listeners = new Set<(config: WorkstationConfig) => void>();

  constructor(private readonly filePath: string) {}

  /** Reads the file once at start-up. */
  async load(): Promise<WorkstationConfig> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch {
      this.current = DEFAULT_CONFIG;
      return this.current;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = WorkstationConfigSchema.safeParse(json);
    if (!parsed.success) console.warn(`Settings in ${this.filePath} are invalid; using defaults`);
    this.current = parsed.success ? parsed.data : DEFAULT_CONFIG;
    return this.current;
  }

  /** The config in effect (defaults before `load`). */
  get(): WorkstationConfig {
    return this.current;
  }

  /** Validates, persists, then publishes a new config. Throws on invalid input. */
  async set(config: unknown): Promise<WorkstationConfig> {
    const next = WorkstationConfigSchema.parse(config);
    await writeFileAtomic(this.filePath, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  /** Called after each successful `set`; returns the unsubscribe function. */
  onChange(listener: (config: WorkstationConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
