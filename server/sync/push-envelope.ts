import type { SessionUser } from '../../shared/schemas/auth';
import { checkMutation } from '../../shared/sync/mutation-check';
import type { Mutation } from '../../shared/sync/mutations';
import type { MutationResult, PushEnvelope, PushRequest, PushResponse } from '../../shared/sync/protocol';

/**
 * Answers a push batch whose mutations may not all fit their schemas: each invalid one is
 * `rejected` / `invalid` with its fields named (and nothing of it is written or stored, so
 * the same bytes are refused the same way again), the valid ones go to `apply` in their
 * order, and the results come back in the batch's order. Without this one bad mutation
 * made the whole batch 400 and the client resent it forever (issue 15).
 */
export async function pushEnvelope(
  user: SessionUser,
  envelope: PushEnvelope,
  apply: (user: SessionUser, request: PushRequest, clientSeqs: ReadonlyMap<string, number>) => Promise<PushResponse>,
): Promise<PushResponse> {
  const valid: Mutation[] = [];
  // Outbox numbers ride beside the mutation (the mutation schemas do not know them).
  const clientSeqs = new Map<string, number>();
  const refused = new Map<number, MutationResult>();
  envelope.mutations.forEach((raw, i) => {
    const checked = checkMutation(raw);
    if (checked.ok) {
      valid.push(checked.mutation);
      if (raw.clientSeq !== undefined) clientSeqs.set(raw.mutationId, raw.clientSeq);
    }
    else refused.set(i, { mutationId: raw.mutationId, status: 'rejected', reason: 'invalid', message: `Invalid mutation ${raw.name.slice(0, 64)}: ${checked.message}`, fields: checked.fields });
  });
  const applied = valid.length > 0 ? (await apply(user, { clientId: envelope.clientId, mutations: valid, ...(envelope.ackedThrough === undefined ? {} : { ackedThrough: envelope.ackedThrough }) }, clientSeqs)).results : [];
  let next = 0;
  return { results: envelope.mutations.map((_, i) => refused.get(i) ?? (applied[next++] as MutationResult)) };
}
