import { createHash, randomBytes } from 'node:crypto';

/** A fresh opaque bearer token: 256 random bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * What the sessions table stores instead of the token. A fast hash is right here (unlike
 * passwords): the token is already 256 bits of entropy, so it cannot be guessed offline.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
