import { describeFieldErrors, finaliseErrors } from '../../../shared/schemas/case-finalise';
import type { CaseFinalise } from '../../../shared/schemas/case';
import type { Decision, PlanContext } from '../batch-types';
import { toCase } from '../entities/cases';
import { writableCase } from './case-set-fields';

/**
 * `case.finalise`: checks the merged case (every patch before it in server order included)
 * with the shared finalise rules. A failing case stays a draft and the rejection names each
 * field (`current.errors`: field → code), so the agent can fix it and finalise again.
 */
export function planCaseFinalise(ctx: PlanContext, args: CaseFinalise): Decision {
  const existing = writableCase(ctx, args.caseId);
  if ('kind' in existing) return existing;
  if (existing.status === 'final') return { kind: 'same', ref: existing.ref };
  const errors = finaliseErrors(existing);
  if (Object.keys(errors).length > 0) {
    return { kind: 'rejected', reason: 'invalid', message: `The case cannot be finalised: ${describeFieldErrors(errors)}`, current: { errors } };
  }
  const ref = {};
  const data = toCase({ ...existing, status: 'final', finalisedAt: args.finalisedAt });
  const row = { ...data, agentId: existing.agentId, orgUnitId: existing.orgUnitId, ref };
  ctx.state.cases.set(row.id, row);
  return { kind: 'change', change: { entity: 'case', row, data, ref } };
}
