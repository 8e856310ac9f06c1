import { z } from 'zod';
import { RoleSchema } from './auth';
import { safeText } from '../text/safe-text';
import { UuidSchema } from './ids';

/** A new password: long enough to resist guessing, bounded so hashing cannot be abused. */
export const NewPasswordSchema = z.string().min(10, { message: 'password-too-short' }).max(256, { message: 'password-too-long' });

/** `POST /auth/password`: the signed-in user changes their own password. */
export const PasswordChangeRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: NewPasswordSchema,
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

/** `POST /users/:id/password`: an admin sets a new password (the user's sessions end). */
export const PasswordResetRequestSchema = z.object({ newPassword: NewPasswordSchema });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequestSchema>;

/** `POST /users/:id/disable`: why (kept in the audit trail). */
export const UserDisableRequestSchema = z.object({ reason: safeText().trim().min(1).max(500) });
export type UserDisableRequest = z.infer<typeof UserDisableRequestSchema>;

/** A user as an admin manages them: account facts only, no case data. */
export const ManagedUserSchema = z.object({
  id: UuidSchema,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  orgUnitId: UuidSchema,
  /** Epoch ms when disabled, else null. */
  disabledAt: z.number().int().nullable(),
  /** Epoch ms until which sign-in is locked after failures, else null. */
  lockedUntil: z.number().int().nullable(),
  /** Live sessions now. */
  sessions: z.number().int().nonnegative(),
});
export type ManagedUser = z.infer<typeof ManagedUserSchema>;

export const UserListResponseSchema = z.object({ users: z.array(ManagedUserSchema) });
export type UserListResponse = z.infer<typeof UserListResponseSchema>;
