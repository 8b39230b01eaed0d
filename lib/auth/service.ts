/**
 * Account writes and credential checks, shared by the sign-up/login server actions
 * and next-auth's Credentials provider.
 */
import { db, Prisma } from "../db";
import { enforceRateLimit, refundRateLimit } from "../rate-limit/buckets";
import { LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, SIGNUP_PER_ADDRESS } from "../rate-limit/policies";
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
    const user = await db.user.create({
      data: { email: input.email, handle: input.handle, passwordHash },
      select: { id: true, handle: true },
    });
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
 * Checks an email and password. Counts the attempt against the account and the
 * address first (RateLimitedError past either limit, even with the right password),
 * then returns the member, or null with no hint of which part was wrong. Charging
 * before the check means concurrent guesses are all counted; a success refunds its
 * charge, so in effect the limits count failed attempts.
 */
export async function verifyLogin(email: string, password: string, address: string): Promise<AccountRef | null> {
  await enforceRateLimit(LOGIN_PER_ADDRESS, address);
  await enforceRateLimit(LOGIN_PER_ACCOUNT, email.toLowerCase());
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, handle: true, passwordHash: true, bannedAt: true },
  });
  if (!user?.passwordHash) {
    await verifyAgainstDummy(password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.bannedAt) return null;
  await Promise.all([refundRateLimit(LOGIN_PER_ADDRESS, address), refundRateLimit(LOGIN_PER_ACCOUNT, email.toLowerCase())]);
  return { id: user.id, handle: user.handle };
}
