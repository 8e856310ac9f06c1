import { readFile } from 'node:fs/promises';
import { DEFAULT_DESKTOP_SETTINGS, DesktopSettingsSchema } from '@shared/ipc/desktop';
import type { DesktopSettings } from '@shared/ipc/desktop';
import { writeFileAtomic } from './atomic-write';

/**
 * Desktop-only settings (always-on-top on ringing, global shortcut bindings), JSON in
 * userData next to the workstation config. An unreadable or invalid file means defaults,
 * never something partial.
 */
export class DesktopSettingsStore {
  private current: DesktopSettings = DEFAULT_DESKTOP_SETTINGS;
  private readonly listeners = new Set<(settings: DesktopSettings) => void>();

  constructor(private readonly filePath: string) {}

  async load(): Promise<DesktopSettings> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.filePath, 'utf8'));
    } catch {
      json = undefined;
    }
    const parsed = DesktopSettingsSchema.safeParse(json ?? {});
    if (!parsed.success) console.warn(`Desktop settings in ${this.filePath} are invalid; using defaults`);
    this.current = parsed.success ? parsed.data : DEFAULT_DESKTOP_SETTINGS;
    return this.current;
  }

  get(): DesktopSettings {
    return this.current;
  }

  /** Validates, persists, then publishes. Throws on invalid input. */
  async set(settings: unknown): Promise<DesktopSettings> {
    const next = DesktopSettingsSchema.parse(settings);
    await writeFileAtomic(this.filePath, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  onChange(listener: (settings: DesktopSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
