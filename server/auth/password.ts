import { hash, verify } from '@node-rs/argon2';

/** argon2id cost parameters (memory in KiB, passes). */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

/** Hashes with argon2id (the library's default algorithm) into a self-describing PHC string. */
export function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  return hash(password, { memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

/** Checks a password against a PHC string; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check for a username that does not exist, so response
 * time does not tell an attacker which usernames are real.
 */
export async function verifyDecoy(password: string, cost: PasswordCost): Promise<void> {
  decoy ??= hashPassword('decoy password, never matches a login', cost);
  await verifyPassword(await decoy, password);
}
