import type { AgentState } from '@shared/schemas/agent-state';
import type { DeskDb } from './db';
import { enqueue } from './outbox';

const KEY = 'agentState';

/** Stores the agent's state and queues `agentState.set`, in one transaction. */
export async function saveAgentState(db: DeskDb, state: AgentState): Promise<void> {
  await db.transaction('rw', db.meta, db.outbox, async () => {
    await db.meta.put({ key: KEY, value: state });
    await enqueue(db, 'agentState.set', state);
  });
}

/**
 * Whether the call's case has its disposition (after-call work may end only then). A call
 * with no case (none was ever opened) has nothing to wait for: it must not lock the agent out.
 */
export async function callHasDisposition(db: DeskDb, callRecordId: string): Promise<boolean> {
  const found = await db.cases.where('callRecordId').equals(callRecordId).first();
  return !found || found.disposition !== null;
}
