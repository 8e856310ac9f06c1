import type { WarningInstruction } from '@shared/schemas/warning';
import { callerKey, setCaseFields } from '../../storage/case-repository';
import type { DeskDb, LocalCase } from '../../storage/db';
import { enqueue } from '../../storage/outbox';

/**
 * Opens the fraud-report case (涉诈举报) of a person an instruction found defrauded, with the
 * id the server already linked to the instruction. Written locally first and queued like any
 * case (`case.open`, then `case.setFields` for the fraud type, which `case.open` does not
 * carry), so it reaches the record store through the outbox even when it is offline now.
 * It belongs to no call: the person was reached by the warning work, not by this line.
 * Idempotent on the id (a retried click opens nothing twice).
 */
export async function openFraudReportCase(db: DeskDb, caseId: string, instruction: Pick<WarningInstruction, 'personName' | 'phones' | 'fraudType'>, now = Date.now()): Promise<LocalCase> {
  return db.transaction('rw', db.cases, db.outbox, async () => {
    const existing = await db.cases.get(caseId);
    if (existing) return existing;
    const row: LocalCase = {
      id: caseId,
      callRecordId: null,
      sipCallId: null,
      callerNumber: callerKey(instruction.phones[0] ?? ''),
      callType: 'fraud-report',
      status: 'draft',
      disposition: null,
      fraudType: null,
      fields: { reporterName: instruction.personName, reporterRole: 'victim' },
      createdAt: now,
      finalisedAt: null,
      updatedAt: now,
    };
    await db.cases.add(row);
    await enqueue(db, 'case.open', { id: row.id, callRecordId: null, callerNumber: row.callerNumber, callType: row.callType, createdAt: row.createdAt, fields: row.fields });
    return setCaseFields(db, caseId, { fraudType: instruction.fraudType, fields: {} }, now);
  });
}
