import type { FastifyInstance } from 'fastify';
import { RoleSchema, type Role } from '../../shared/schemas/auth';
import { forbidden } from '../http/api-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Roles allowed on this route. Absent: every role except `auditor`, who reads the
     * audit trail and nothing else, so a new route is closed to auditors unless it says so.
     */
    roles?: readonly Role[];
  }
}

/** Every role: for routes about one's own session (me, logout). */
export const ALL_ROLES: readonly Role[] = RoleSchema.options;
/** The people who take and make calls: freeze look-ups, reveals, scripts. */
export const CALL_ROLES: readonly Role[] = ['call-taker', 'supervisor'];
/** Everyone who works cases or runs the system (not auditors). */
export const WORK_ROLES: readonly Role[] = ['call-taker', 'supervisor', 'admin'];

/**
 * Role check at onRequest, right after the session hook and before the body is parsed,
 * so a forbidden caller learns nothing about payload schemas. Register after requireSessions.
 */
export function enforceRoles(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || !request.session) return;
    const allowed = config.roles ?? WORK_ROLES;
    if (!allowed.includes(request.session.user.role)) throw forbidden(`The ${request.session.user.role} role may not use this.`);
  });
}
