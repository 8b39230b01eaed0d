/**
 * Password hashing: argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2,
 * p = 1), about 30-60 ms per hash on our 2-core machines.
 */
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// @node-rs/argon2 declares Algorithm as a `const enum`, which isolatedModules cannot
// inline; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (PHC string, salt included). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches the stored PHC hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification when no account matches, so login
 * response times do not reveal which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("readahead-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
