import { expect, type Page } from '@playwright/test';

/** Signs the workstation in and waits until the phone shows it is registered. */
export async function signIn(page: Page, workstationUrl: string, username: string): Promise<void> {
  await page.goto(workstationUrl);
  await page.getByLabel('工号').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('registration')).toHaveAttribute('data-state', 'registered');
}

/** Reads a whole object store of the workstation's IndexedDB with the raw API (no app code involved). */
export function readStore(page: Page, store: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(async (storeName) => {
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n && n.startsWith('hotline-desk-'));
    const rows: Array<Record<string, unknown>> = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      if (db.objectStoreNames.contains(storeName)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(storeName).objectStore(storeName).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        rows.push(...(all as Array<Record<string, unknown>>));
      }
      db.close();
    }
    return rows;
  }, store);
}

/** A measured tone is "heard" within 15 Hz of the expected one; silence is below -80 dB. */
export const SILENCE_DB = -80;
