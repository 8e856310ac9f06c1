import { z } from 'zod';

/** Client-generated UUIDs identify records and mutations so retries never duplicate. */
export const UuidSchema = z.uuid();

/** Milliseconds since the epoch (UTC). Client clocks are informational only; order comes from server `seq`. */
export const EpochMsSchema = z.number().int().nonnegative().max(8.64e15);

/** A dialable number as shown to people: digits with an optional leading `+`. */
export const PhoneNumberSchema = z.string().regex(/^\+?[0-9*#]{1,32}$/, { message: 'phone-number' });
