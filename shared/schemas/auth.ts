import { z } from 'zod';

/** Who a user is for access decisions (design.md §5). */
export const RoleSchema = z.enum(['call-taker', 'supervisor', 'admin', 'auditor']);
export type Role = z.infer<typeof RoleSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** What a signed-in workstation knows about its user. */
export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  orgUnitId: z.string(),
  /** The user's SIP extension (the AOR user part) on the PBX. */
  sipExtension: z.string().regex(/^[0-9]{2,16}$/).nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const LoginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.number().int(),
  user: SessionUserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** The body of every 4xx/5xx answer from the record store. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  /** Field-level problems: path (dot-joined) → message code. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
