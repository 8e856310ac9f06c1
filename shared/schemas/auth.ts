import { z } from 'zod';
import { safeText } from '../text/safe-text';

/**
 * Who a user is for access decisions (design.md §5; the role × action table is in the README).
 * call-taker: the 96110 hotline (calls, cases, freeze look-ups) and the unit's warning queue;
 * warning-officer: the unit's warning queue and its calls, no freeze look-ups;
 * supervisor: everything of the two in the unit's subtree, plus the board;
 * station-officer: the visits dispatched to the own police station, minimum personal data;
 * admin: users, ingest and templates, no case data; auditor: the audit trail only.
 */
export const RoleSchema = z.enum(['call-taker', 'warning-officer', 'supervisor', 'station-officer', 'admin', 'auditor']);
export type Role = z.infer<typeof RoleSchema>;
/** The desks that hold case data: sync, scripts, the unit's warning queue (not admins, station officers or auditors). */
export const DESK_ROLES: readonly Role[] = ['call-taker', 'warning-officer', 'supervisor'];

export const LoginRequestSchema = z.object({
  username: safeText().trim().min(1).max(64),
  password: safeText().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** What a signed-in workstation knows about its user. */
export const SessionUserSchema = z.object({
  id: safeText(),
  username: safeText(),
  displayName: safeText(),
  role: RoleSchema,
  orgUnitId: safeText(),
  /** The user's SIP extension (the AOR user part) on the PBX. */
  sipExtension: safeText().regex(/^[0-9]{2,16}$/).nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** What the centre sets for every desk (record store configuration), sent with each sign-in. */
export const DeskSettingsSchema = z.object({
  /** After-call work: how long the agent wraps up before going ready by itself (`ROUTING_WRAP_UP_MS`). */
  wrapUpMs: z.number().int().min(1000).max(3_600_000),
});
export type DeskSettings = z.infer<typeof DeskSettingsSchema>;

export const LoginResponseSchema = z.object({
  token: safeText(),
  expiresAt: z.number().int(),
  user: SessionUserSchema,
  /** Absent from an older record store: the workstation keeps its defaults. */
  desk: DeskSettingsSchema.optional(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/**
 * Machine codes the record store puts in `ApiError.error`. Clients branch on these, never
 * on `message` (which is for people and logs). New codes may appear; treat unknown ones
 * by HTTP status.
 */
export const API_ERROR_CODES = [
  /** 400: the payload failed its schema; see `fields`. */
  'invalid',
  /** 400: the body is not parseable JSON (or is empty). */
  'malformed',
  /** 401: no, unknown or expired bearer token. */
  'unauthorized',
  /** 401: wrong username or password (deliberately not saying which). */
  'invalid-credentials',
  /** 403: signed in, but the role or org unit does not allow this. */
  'forbidden',
  /** 404: no such route or resource. */
  'not-found',
  /** 409: a sync cursor older than the compacted history (or from another database); pull again from 0. */
  'resync-required',
  /** 413: body over the server's limit. */
  'too-large',
  /** 415: not `application/json`. */
  'unsupported-media-type',
  /** 423: too many failed logins; try again after the lock expires. */
  'locked',
  /** 429: too many sign-in attempts from this address; wait and retry. */
  'too-many-requests',
  /** 500/503: the server's fault; retry later. */
  'internal',
  'unavailable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The body of every 4xx/5xx answer from the record store. */
export const ApiErrorSchema = z.object({
  error: safeText(),
  message: safeText(),
  /** Field-level problems: path (dot-joined) → message code. */
  fields: z.record(safeText(), safeText()).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
