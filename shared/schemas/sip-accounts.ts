import { z } from 'zod';
import { safeText } from '../text/safe-text';

/** A SIP (phone) password: at least 8 characters (the demo's `demo1234`), bounded. */
export const SipPasswordSchema = safeText().min(8, { message: 'password-too-short' }).max(128, { message: 'password-too-long' });

/**
 * `POST /users/:id/sip-password`: an admin sets the user's SIP password (their extension's
 * digest account; only its HA1 is stored) or clears it with `null` (the phone can no longer register).
 */
export const SipPasswordRequestSchema = z.object({ sipPassword: SipPasswordSchema.nullable() });
export type SipPasswordRequest = z.infer<typeof SipPasswordRequestSchema>;

/** A digest username as the PBX asks for it: an extension or a device number. */
export const SipUsernameSchema = z.string().regex(/^[0-9A-Za-z._+-]{1,64}$/);

/** The header carrying the PBX's shared secret (the same name as routing's). */
export const PBX_AUTH_SECRET_HEADER = 'x-pbx-secret';
