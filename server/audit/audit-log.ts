import type { Orm } from '../db/database';
import { auditEvents } from '../db/schema';

/** Audit actions written so far; reads of personal data will add theirs (design.md §5). */
export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'login.locked'
  | 'account.locked'
  | 'logout'
  | 'freeze.ingest'
  | 'freeze.lookup'
  | 'freeze.reveal'
  | 'template.create'
  | 'audit.query'
  | 'case.pull'
  | 'records.pull'
  | 'warning.ingest'
  | 'warning.transition'
  | 'warning.auto-sms'
  | 'warning.auto-call'
  | 'warning.sms'
  | 'screen-pop.read'
  | 'history.search'
  | 'warning.attempt'
  | 'warning.contact'
  | 'warning.list'
  | 'callbacks.list'
  | 'supervisor.board'
  | 'supervisor.workload'
  | 'login.disabled'
  | 'sessions.ended'
  | 'user.list'
  | 'user.disable'
  | 'user.enable'
  | 'user.password-reset'
  | 'user.sip-password-set'
  | 'user.sip-password-clear'
  | 'password.change'
  | 'password.change-failed';

export interface AuditEvent {
  action: AuditAction;
  /** The acting user, when known (a failed login for an unknown name has none). */
  actorId?: string | null;
  /** What was acted on, e.g. `user:<id>` or `username:<name>`. */
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

/**
 * Appends one audit event. Pass the transaction when the audited change has one, so the
 * event and the change commit or roll back together.
 */
export async function recordAudit(orm: Orm, event: AuditEvent): Promise<void> {
  await orm.insert(auditEvents).values({
    action: event.action,
    actorId: event.actorId ?? null,
    target: event.target ?? null,
    detail: event.detail ?? null,
    ip: event.ip ?? null,
  });
}
