import type { SessionUser } from '../../shared/schemas/auth';
import type { Mutation, MutationName } from '../../shared/sync/mutations';
import type { BatchState, Decision, PlanContext } from './batch-types';
import { planCallRecordUpsert } from './mutations/call-record-upsert';
import { planNoteSegmentAppend } from './mutations/note-segment-append';
import { planAgentStateSet } from './mutations/agent-state-set';
import { planCaseFinalise } from './mutations/case-finalise';
import { planCaseOpen } from './mutations/case-open';
import { planCaseSetFields } from './mutations/case-set-fields';
import { planFollowUpComplete } from './mutations/follow-up-complete';
import { planFollowUpCreate } from './mutations/follow-up-create';
import { planFollowUpDelete } from './mutations/follow-up-delete';
import { planFollowUpUpdate } from './mutations/follow-up-update';

type ArgsOf<N extends MutationName> = Extract<Mutation, { name: N }>['args'];

/** One planner per mutation name: a name added in shared/sync/mutations.ts without one here fails the type-check. */
const planners: { [N in MutationName]: (ctx: PlanContext, args: ArgsOf<N>) => Decision } = {
  'callRecord.upsert': planCallRecordUpsert,
  'noteSegment.append': planNoteSegmentAppend,
  'case.open': planCaseOpen,
  'case.setFields': planCaseSetFields,
  'case.finalise': planCaseFinalise,
  'agentState.set': planAgentStateSet,
  'followUp.create': planFollowUpCreate,
  'followUp.update': planFollowUpUpdate,
  'followUp.complete': planFollowUpComplete,
  'followUp.delete': planFollowUpDelete,
};

/** Roles that only read. */
const READ_ONLY_ROLES: ReadonlySet<SessionUser['role']> = new Set(['auditor']);

/**
 * Decides every mutation of a batch in order, against state loaded up front and updated
 * as it goes (so a note may follow its call record in the same batch). Pure: no I/O, so
 * a 500-mutation batch costs a few queries, not 500.
 */
export function planBatch(user: SessionUser, mutations: Mutation[], state: BatchState): Decision[] {
  const ctx: PlanContext = { user, state };
  return mutations.map((mutation): Decision => {
    if (READ_ONLY_ROLES.has(user.role)) return { kind: 'rejected', reason: 'forbidden', message: `The ${user.role} role cannot change records.` };
    const plan = planners[mutation.name] as (ctx: PlanContext, args: Mutation['args']) => Decision;
    return plan(ctx, mutation.args);
  });
}

/** Ids a batch will read, so they can be loaded in one query per table. */
export function idsToLoad(mutations: Mutation[]): { callRecordIds: string[]; noteSegmentIds: string[]; caseIds: string[] } {
  const callRecordIds = new Set<string>();
  const noteSegmentIds = new Set<string>();
  const caseIds = new Set<string>();
  for (const m of mutations) {
    if (m.name === 'callRecord.upsert') callRecordIds.add(m.args.id);
    else if (m.name === 'noteSegment.append') {
      callRecordIds.add(m.args.callRecordId);
      noteSegmentIds.add(m.args.id);
    } else if (m.name === 'case.open') {
      caseIds.add(m.args.id);
      if (m.args.callRecordId !== null) callRecordIds.add(m.args.callRecordId);
    } else if (m.name === 'case.setFields' || m.name === 'case.finalise') caseIds.add(m.args.caseId);
    else if (m.name === 'followUp.create') {
      // Loaded so the links can be checked for scope (a follow-up may not point into another unit).
      if (m.args.caseId !== null) caseIds.add(m.args.caseId);
      if (m.args.callRecordId !== null) callRecordIds.add(m.args.callRecordId);
    }
  }
  return { callRecordIds: [...callRecordIds], noteSegmentIds: [...noteSegmentIds], caseIds: [...caseIds] };
}
