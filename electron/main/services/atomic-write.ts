import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix:
 * write a temp file beside it, fsync it, rename over the target, then fsync the folder so
 * the rename itself is durable.
 */

/** The file-system calls used; injectable so tests can observe the syncs. */
export interface AtomicWriteFs {
  open: typeof open;
  rename: typeof rename;
}

const nodeFs: AtomicWriteFs = { open, rename };

/** Writes `data` to `filePath` atomically with the given mode (owner-only by default). */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array, options: { mode?: number; fs?: AtomicWriteFs } = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const dir = dirname(filePath);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'w', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir, fs);
}

/** Best effort: Windows cannot open a directory for syncing, and the rename already happened. */
async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform.
  } finally {
    await handle?.close();
  }
}
