import { afterEach } from 'vitest';
import { DeskDb } from '../../../renderer/src/storage/db';

/**
 * Desk databases for one test file: `open()` makes a fresh one (named `prefix-<uuid>`), and each
 * is closed and deleted after every test. Also restores spied-on functions (a test that fixes
 * `Date.now` leaves the next one the real clock).
 */
export function throwawayDbs(prefix: string, restore: () => void): { open: () => DeskDb } {
  const dbs: DeskDb[] = [];
  afterEach(async () => {
    restore();
    for (const db of dbs.splice(0)) {
      db.close();
      await db.delete();
    }
  });
  return {
    open: () => {
      const db = new DeskDb(`${prefix}-${crypto.randomUUID()}`);
      dbs.push(db);
      return db;
    },
  };
}
