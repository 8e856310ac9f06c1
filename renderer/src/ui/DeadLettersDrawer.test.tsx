import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import { plantSegment, segmentById } from '../../../test/fakes/web/note-segments';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { DeskDb, type DeadLetter } from '../storage/db';
import { DeadLettersDrawer } from './DeadLettersDrawer';

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
const SERVER_RECORD: CallRecord = { ...RECORD, sipCallId: 'dialog-0@pbx' };
const SEGMENT: NoteSegment = { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', callRecordId: RECORD.id, index: 0, text: '来电人称接到冒充客服电话', createdAt: 1_767_225_660_000 };
const CONFLICT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const FORBIDDEN_ID = '8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e';

const conflict: DeadLetter = {
  mutationId: CONFLICT_ID,
  mutation: { mutationId: CONFLICT_ID, name: 'callRecord.upsert', args: RECORD },
  result: { mutationId: CONFLICT_ID, status: 'rejected', reason: 'conflict', message: "A call record's sipCallId cannot change.", current: SERVER_RECORD },
  at: 1_767_225_700_000,
};
const forbidden: DeadLetter = {
  mutationId: FORBIDDEN_ID,
  mutation: { mutationId: FORBIDDEN_ID, name: 'noteSegment.append', args: SEGMENT },
  result: { mutationId: FORBIDDEN_ID, status: 'rejected', reason: 'forbidden', message: 'Not your org unit.' },
  at: 1_767_225_710_000,
};

describe('DeadLettersDrawer', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = new DeskDb(`dead-${crypto.randomUUID()}`);
    await db.callRecords.put(RECORD);
    await plantSegment(db, SEGMENT);
    await db.deadLetters.bulkPut([conflict, forbidden]);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  const cards = async () => screen.findAllByTestId('dead-letter');
  const card = async (id: string) => (await cards()).find((c) => c.dataset.mutationId === id)!;

  it('lists each refusal with its reason, the person’s change and the server’s current value, the clashing field marked', async () => {
    await renderWithProviders(<DeadLettersDrawer db={db} opened onClose={() => undefined} />);
    expect(await cards()).toHaveLength(2);
    const c = await card(CONFLICT_ID);
    expect(within(c).getByText('通话记录')).toBeTruthy();
    expect(within(c).getByText('与记录库的数据冲突')).toBeTruthy();
    const mine = within(c).getByTestId('dead-letter-mine');
    const server = within(c).getByTestId('dead-letter-server');
    expect(within(mine).getByText('dialog-1@pbx')).toBeTruthy();
    expect(within(server).getByText('dialog-0@pbx')).toBeTruthy();
    expect([...server.querySelectorAll('tr[data-differs]')].map((row) => row.textContent)).toEqual(['sipCallIddialog-0@pbx']);
    const f = await card(FORBIDDEN_ID);
    expect(within(f).getByText('无权修改')).toBeTruthy();
    expect(within(f).getByText('记录库未提供当前值')).toBeTruthy();
  });

  it('sends a refused change again under a new mutation id (the old id would only be refused again)', async () => {
    await renderWithProviders(<DeadLettersDrawer db={db} opened onClose={() => undefined} />);
    fireEvent.click(within(await card(CONFLICT_ID)).getByRole('button', { name: '重新发送' }));
    await waitFor(async () => expect(await db.deadLetters.get(CONFLICT_ID)).toBeUndefined());
    const [row] = await db.outbox.toArray();
    expect(row!.mutation).toMatchObject({ name: 'callRecord.upsert', args: RECORD });
    expect(row!.mutationId).not.toBe(CONFLICT_ID);
    expect(row!.mutation.mutationId).toBe(row!.mutationId);
    await waitFor(async () => expect(await cards()).toHaveLength(1));
  });

  it('discards only after a confirmation, then takes the server’s value locally', async () => {
    await renderWithProviders(<DeadLettersDrawer db={db} opened onClose={() => undefined} />);
    const c = await card(CONFLICT_ID);
    fireEvent.click(within(c).getByRole('button', { name: '放弃' }));
    expect(within(c).getByText(/确定放弃这条更改/)).toBeTruthy();
    fireEvent.click(within(c).getByRole('button', { name: '取消' }));
    expect(await db.deadLetters.count()).toBe(2);
    fireEvent.click(within(c).getByRole('button', { name: '放弃' }));
    fireEvent.click(within(c).getByRole('button', { name: '确定放弃' }));
    await waitFor(async () => expect(await db.deadLetters.get(CONFLICT_ID)).toBeUndefined());
    expect(await db.callRecords.get(RECORD.id)).toEqual(SERVER_RECORD);
    expect(await db.outbox.count()).toBe(0);
  });

  it('removes a discarded note segment the server never held, and speaks English', async () => {
    await renderWithProviders(<DeadLettersDrawer db={db} opened onClose={() => undefined} />, 'en');
    const f = await card(FORBIDDEN_ID);
    expect(within(f).getByText('Not allowed to change this')).toBeTruthy();
    fireEvent.click(within(f).getByRole('button', { name: 'Discard' }));
    fireEvent.click(within(f).getByRole('button', { name: 'Discard it' }));
    await waitFor(async () => expect(await segmentById(db, SEGMENT.id)).toBeUndefined());
    expect(await db.deadLetters.count()).toBe(1);
  });

  it('says so when nothing was refused', async () => {
    await db.deadLetters.clear();
    await renderWithProviders(<DeadLettersDrawer db={db} opened onClose={() => undefined} />);
    expect(await screen.findByText('没有被拒收的更改')).toBeTruthy();
  });
});
