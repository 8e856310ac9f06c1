import type { FastifyInstance } from 'fastify';
import { DESK_ROLES, RoleSchema, type Role } from '../../shared/schemas/auth';
import { forbidden } from '../http/api-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Roles allowed on this route (the README's role × action table). Absent: DESK_ROLES only,
     * so a new route is closed to station officers, admins and auditors unless it says so.
     */
    roles?: readonly Role[];
  }
}

/** Every role: for routes about one's own session (me, logout). */
export const ALL_ROLES: readonly Role[] = RoleSchema.options;
/** The hotline: freeze look-ups, reveals, caller history, screen-pop. */
export const CALL_ROLES: readonly Role[] = ['call-taker', 'supervisor'];
/** The desks that hold case data: sync, scripts, the unit's warning queue. Not admins (no case data). */
export { DESK_ROLES };
/** The warning queue seen from a desk or a police station (a station sees only its dispatched visits). */
export const WARNING_READ_ROLES: readonly Role[] = [...DESK_ROLES, 'station-officer'];
/** Running the system: users, ingest, templates; never case data. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];
/** Roles whose writes may reach the units under their own (everyone else: their own unit only). */
export const SUBTREE_WRITERS: readonly Role[] = ['supervisor'];

/**
 * Role check at onRequest, right after the session hook and before the body is parsed,
 * so a forbidden caller learns nothing about payload schemas. Register after requireSessions.
 */
export function enforceRoles(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || !request.session) return;
    const allowed = config.roles ?? DESK_ROLES;
    if (!allowed.includes(request.session.user.role)) throw forbidden(`The ${request.session.user.role} role may not use this.`);
  });
}
