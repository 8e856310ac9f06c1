import { describe, expect, it } from 'vitest';
import { classifyStorageError, StorageHealthMonitor } from './storage-health';

const storage = (usage: number, quota: number, persist = true) => ({
  estimate: async () => ({ usage, quota }),
  persist: async () => persist,
  persisted: async () => false,
});

describe('classifyStorageError', () => {
  it('recognises quota and abort errors, also wrapped the way Dexie wraps them', () => {
    expect(classifyStorageError(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
    expect(classifyStorageError({ name: 'AbortError', inner: new DOMException('full', 'QuotaExceededError') })).toBe('quota');
    expect(classifyStorageError({ name: 'DatabaseClosedError' })).toBe('write-failed');
    expect(classifyStorageError(new DOMException('x', 'AbortError'))).toBe('write-failed');
    expect(classifyStorageError(new TypeError('bug'))).toBeNull();
  });
});

describe('StorageHealthMonitor', () => {
  it('asks for persistent storage and reports the estimate', async () => {
    const m = new StorageHealthMonitor(storage(10, 100));
    await m.start(1_000_000);
    m.stop();
    expect(m.getSnapshot()).toMatchObject({ persisted: true, usage: 10, quota: 100, nearlyFull: false, problem: null });
  });

  it('warns when usage passes 90 % of the quota', async () => {
    const m = new StorageHealthMonitor(storage(95, 100));
    await m.refresh();
    expect(m.getSnapshot().nearlyFull).toBe(true);
  });

  it('a quota error blocks until a test write succeeds', async () => {
    const m = new StorageHealthMonitor(storage(100, 100));
    let notified = 0;
    m.subscribe(() => notified++);
    expect(m.report(new DOMException('disk full', 'QuotaExceededError'))).toBe(true);
    expect(m.getSnapshot().problem).toBe('quota');
    expect(await m.retry(() => Promise.reject(new DOMException('still full', 'QuotaExceededError')))).toBe(false);
    expect(m.getSnapshot().problem).toBe('quota');
    expect(await m.retry(() => Promise.resolve())).toBe(true);
    expect(m.getSnapshot().problem).toBeNull();
    expect(notified).toBeGreaterThan(2);
  });

  it('ignores errors that are not about storage', () => {
    const m = new StorageHealthMonitor(storage(1, 100));
    expect(m.report(new Error('network'))).toBe(false);
    expect(m.getSnapshot().problem).toBeNull();
  });
});
