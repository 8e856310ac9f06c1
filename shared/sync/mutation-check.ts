import type { z } from 'zod';
import { MutationSchema, type Mutation } from './mutations';

/** Why a mutation does not fit its schema: one code per field path, and a sentence naming them. */
export interface MutationProblem {
  /** Dotted path inside the mutation (`args.text`) → message code (`too_big`, `text-nul`, …). */
  fields: Record<string, string>;
  /** `args.text: too_big (max 20000)` — names the fields and, for lengths, the limit. */
  message: string;
}

/** Zod's issue as one short code, with the limit when there is one (so the UI can name it). */
function codeOf(issue: z.core.$ZodIssue): string {
  // Our own codes (text-nul, phone-number, …) are carried in the message.
  if (issue.code === 'custom' || /^[a-z][a-z0-9-]{0,40}$/.test(issue.message)) return issue.message;
  if (issue.code === 'too_big') return `too_big (max ${String(issue.maximum)})`;
  if (issue.code === 'too_small') return `too_small (min ${String(issue.minimum)})`;
  return issue.code;
}

/** Turns zod issues into a field map and a message (at most five fields named in the message). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): MutationProblem {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join('.') || '(root)'] ??= codeOf(issue);
  const list = Object.entries(fields).map(([path, code]) => `${path}: ${code}`);
  return { fields, message: list.slice(0, 5).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '') };
}

/**
 * Checks one mutation against its shared schema (the same check on both sides, design.md §4):
 * the workstation before it queues a change, the record store per mutation of a batch, so a
 * bad change is refused on its own and never wedges the changes after it.
 */
export function checkMutation(raw: unknown): { ok: true; mutation: Mutation } | ({ ok: false } & MutationProblem) {
  const parsed = MutationSchema.safeParse(raw);
  return parsed.success ? { ok: true, mutation: parsed.data } : { ok: false, ...describeIssues(parsed.error.issues) };
}
