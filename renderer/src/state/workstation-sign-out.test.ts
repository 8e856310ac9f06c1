import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { MemoryHost } from '../host/memory-host';
import type { Phone } from '../softphone/types';
import { saveCallRecord } from '../storage/call-repository';
import { DeskDb } from '../storage/db';
import { Workstation } from './workstation';

const phone = { calls: () => [], on: () => () => undefined, stop: async () => undefined } as unknown as Phone;

describe('Workstation sign-out on a shared desk', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`sign-out-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('counts the unsent work, keeps it in the user’s own database, and leaves no SIP password for the next person', async () => {
    const host = new MemoryHost();
    await host.credentials.set('sip-password', 'agent-a-secret');
    const ws = new Workstation(host, { ...DEFAULT_CONFIG, recordStoreUrl: 'http://127.0.0.1:9' }, phone);
    (ws as unknown as { db: DeskDb }).db = db;
    await saveCallRecord(db, callRecordFixture(), 'agent-a');
    expect(await ws.unsentWork()).toMatchObject({ pending: 1, refused: 0 });
    await ws.signOut();
    expect(await host.credentials.get('sip-password')).toBeNull();
    expect(await ws.unsentWork()).toEqual({ pending: 0, oldestCreatedAt: null, refused: 0 });
    // Still there for agent A's next sign-in.
    await db.open();
    expect(await db.outbox.count()).toBe(1);
  });
});
