import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { DeskDb, type DeadLetter } from '../storage/db';
import type { SyncView } from '../sync/sync-engine';
import { StatusBar } from './StatusBar';

const RECORD: CallRecord = {
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  sipCallId: 'dialog-1@pbx',
  direction: 'inbound',
  remoteNumber: '13800138000',
  dialedNumber: '96110',
  startedAt: 1_767_225_600_000,
  answeredAt: 1_767_225_605_000,
  endedAt: null,
  endReason: null,
};
const SERVER_RECORD: CallRecord = { ...RECORD, sipCallId: 'dialog-0@pbx', answeredAt: null };

function view(patch: Partial<SyncView> = {}): SyncView {
  return {
    online: true,
    network: true,
    pending: 0,
    oldestPendingAt: null,
    lastSyncAt: null,
    lastError: null,
    nextRetryAt: null,
    refused: 0,
    needsSignIn: false,
    liveUpdates: 'open',
    lastPullAt: null,
    resyncing: false,
    ...patch,
  };
}

function conflict(mutationId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'): DeadLetter {
  return {
    mutationId,
    mutation: { mutationId, name: 'callRecord.upsert', args: RECORD },
    result: { mutationId, status: 'rejected', reason: 'conflict', message: "A call record's sipCallId cannot change.", current: SERVER_RECORD },
    at: Date.now(),
  };
}

describe('StatusBar', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`status-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('shows pending changes with the age of the oldest, the last sync, and the last error with its retry, in Chinese', async () => {
    const now = Date.now();
    await renderWithProviders(<StatusBar sync={view({ online: false, pending: 3, oldestPendingAt: now - 125_000, lastSyncAt: now - 60_000, lastError: 'unreachable', nextRetryAt: now + 9_500, liveUpdates: 'connecting' })} />);
    expect(screen.getByTestId('sync-connection').textContent).toContain('记录库离线');
    expect(screen.getByTestId('sync-live').textContent).toBe('实时更新重连中');
    expect(screen.getByTestId('sync-pending').textContent).toBe('待同步 3 条 · 最早 2m 前');
    expect(screen.getByTestId('sync-last').textContent).toMatch(/^上次同步 \d{2}:\d{2}/);
    expect(screen.getByTestId('sync-error').textContent).toMatch(/^错误：unreachable · (9|10) 秒后重试$/);
    expect(screen.queryByTestId('sync-refused')).toBeNull();
  });

  it('tells a dead network from a dead record store, and speaks English when asked', async () => {
    await renderWithProviders(<StatusBar sync={view({ online: false, network: false, liveUpdates: 'off', resyncing: true })} />, 'en');
    expect(screen.getByTestId('sync-connection').textContent).toContain('Network offline');
    expect(screen.getByTestId('sync-live').textContent).toBe('Live updates stopped');
    expect(screen.getByTestId('sync-pending').textContent).toBe('All synced');
    expect(screen.getByTestId('sync-resyncing').textContent).toBe('Re-downloading records');
  });

  it('counts refused changes live from the local database and opens them in the drawer', async () => {
    await db.deadLetters.put(conflict());
    const onRetried = vi.fn();
    await renderWithProviders(<StatusBar sync={view({ refused: 0 })} db={db} onRetried={onRetried} />);
    const button = await screen.findByTestId('sync-refused');
    expect(button.textContent).toBe('1 条被拒收');
    fireEvent.click(button);
    const card = await screen.findByTestId('dead-letter');
    expect(within(card).getByText('与记录库的数据冲突')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: '重新发送' }));
    await waitFor(() => expect(onRetried).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByTestId('sync-refused')).toBeNull());
  });
});
