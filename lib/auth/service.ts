/**
 * Account writes and credential checks for the sign-up and login server actions.
 */
import { createHash } from "node:crypto";
import { db, Prisma } from "../db";
import { adminEmails } from "../env";
import { enforceRateLimit, hitRateLimit, peekRateLimit, refundRateLimit } from "../rate-limit/buckets";
import {
  LOGIN_KNOWN_ADDRESS,
  LOGIN_PER_ACCOUNT,
  LOGIN_PER_ACCOUNT_ADDRESS,
  LOGIN_PER_ADDRESS,
  SIGNUP_PER_ADDRESS,
} from "../rate-limit/policies";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";

export interface AccountRef {
  id: string;
  handle: string;
}

export type SignUpResult =
  | { ok: true; user: AccountRef }
  | { ok: false; field: "handle"; message: string }
  | { ok: false; field: "email"; message: string };

// The same words whether the email is taken or anything else went wrong with it.
export const EMAIL_UNAVAILABLE =
  "We couldn't create an account with that email. If you already have one, log in instead.";

/**
 * Creates a member. Rate limited per client address (RateLimitedError). Without
 * email verification a taken email cannot be hidden entirely; the message does not
 * say "taken", and the per-address limit caps probing at a few tries an hour.
 */
export async function signUp(input: { email: string; handle: string; password: string }, address: string): Promise<SignUpResult> {
  await enforceRateLimit(SIGNUP_PER_ADDRESS, address);
  // Hash first, whatever happens next, so both outcomes take the same time.
  const passwordHash = await hashPassword(input.password);
  try {
    const isListedAdmin = adminEmails().has(input.email.toLowerCase());
    const user = await db.user.create({
      data: { email: input.email, handle: input.handle, passwordHash, ...(isListedAdmin ? { role: "admin" as const } : {}) },
      select: { id: true, handle: true },
    });
    await rememberAddress(input.email.toLowerCase(), address);
    return { ok: true, user };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const target = JSON.stringify(err.meta ?? {});
      // Handles are public (they are in every comment), so saying one is taken reveals nothing.
      if (target.includes("handle")) return { ok: false, field: "handle", message: "That handle is taken; choose another." };
      return { ok: false, field: "email", message: EMAIL_UNAVAILABLE };
    }
    throw err;
  }
}

/**
 * Makes a READAHEAD_ADMINS account an admin at login (the list is read at each login,
 * so adding an email takes effect at that account's next login). Removing an email
 * demotes nobody: `users promote … --role member` does that.
 */
async function promoteListedAdmin(userId: string, email: string, role: string): Promise<void> {
  if (role === "admin" || !adminEmails().has(email)) return;
  await db.user.update({ where: { id: userId }, data: { role: "admin" } });
}

/** The subject for per-account-and-address buckets: a digest keeps a 320-character email within the key length. */
function accountAtAddress(email: string, address: string): string {
  return `${createHash("sha256").update(email).digest("base64url").slice(0, 22)}@${address}`;
}

/** Records that `email` logged in or signed up from `address` (see LOGIN_KNOWN_ADDRESS). */
async function rememberAddress(email: string, address: string): Promise<void> {
  await hitRateLimit(LOGIN_KNOWN_ADDRESS, accountAtAddress(email, address));
}

/**
 * Checks an email and password. Counts the attempt first (RateLimitedError past a
 * limit, even with the right password), then returns the member, or null with no
 * hint of which part was wrong. The limits and why they are keyed as they are:
 * lib/rate-limit/policies.ts. Charging before the check means concurrent guesses
 * are all counted; a success refunds only the account's own charges, never the
 * address's.
 */
export async function verifyLogin(email: string, password: string, address: string): Promise<AccountRef | null> {
  const account = email.toLowerCase();
  const pair = accountAtAddress(account, address);
  await enforceRateLimit(LOGIN_PER_ADDRESS, address);
  await enforceRateLimit(LOGIN_PER_ACCOUNT_ADDRESS, pair);
  // An address the account used recently is its owner's (or shares their network):
  // the account-wide limit, which strangers can fill, neither counts nor refuses it.
  const isKnownAddress = (await peekRateLimit(LOGIN_KNOWN_ADDRESS, pair)).count > 0;
  if (!isKnownAddress) await enforceRateLimit(LOGIN_PER_ACCOUNT, account);
  const user = await db.user.findUnique({
    where: { email: account },
    select: { id: true, handle: true, passwordHash: true, role: true },
  });
  if (!user?.passwordHash) {
    await verifyAgainstDummy(password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  // A suspended member may log in: they can read, and the pages tell them why they cannot take part.
  if (!ok) return null;
  await promoteListedAdmin(user.id, account, user.role);
  await Promise.all([
    refundRateLimit(LOGIN_PER_ACCOUNT_ADDRESS, pair),
    isKnownAddress ? null : refundRateLimit(LOGIN_PER_ACCOUNT, account),
    rememberAddress(account, address),
  ]);
  return { id: user.id, handle: user.handle };
}
