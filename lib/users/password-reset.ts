/**
 * One-time password reset links: `${PUBLIC_URL}/reset/<token>`, valid for an hour,
 * issued by an operator (`readahead users reset-link`) or mailed to the member when
 * SMTP_URL is set. Only the SHA-256 of the token is stored (as agent keys are, so a
 * leaked database holds no working link). Using a link sets the password, marks it
 * used in the same statement that checks it (so two concurrent uses cannot both
 * win), retires the account's other links and ends every session of the account.
 */
import { randomBytes } from "node:crypto";
import { hashSecret } from "../agents/keys";
import { db } from "../db";
import { publicUrl } from "../env";
import { log } from "../log";
import { hashPassword } from "../auth/password";
import { deleteUserSessions } from "../auth/session";
import { enforceRateLimit, hitRateLimit } from "../rate-limit/buckets";
import { RESET_REQUESTS_PER_ACCOUNT, RESET_REQUESTS_PER_ADDRESS } from "../rate-limit/policies";
import { RESET_TOKEN_PATTERN, type ResetTokenProblem } from "./account-schemas";
import { DELETED_MEMBER_ID } from "./deleted-member";
import { UserNotFoundError, findUserByEmailOrHandle } from "./roles";

/** How long a reset link works, in ms. */
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;
// Expired or used rows deleted per issued link, so they cannot pile up (the sessions' rule).
const STALE_ROWS_PER_ISSUE = 100;

export interface IssuedResetLink {
  url: string;
  handle: string;
  expiresAt: Date;
}

/** The link for a token. */
export function resetLinkUrl(token: string): string {
  return `${publicUrl()}/reset/${token}`;
}

/** Issues a link for the member `userId`; the token exists only in the returned URL. */
export async function issueResetLink(userId: string, handle: string, now: Date = new Date()): Promise<IssuedResetLink> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS);
  await db.passwordResetToken.create({ data: { userId, tokenHash: hashSecret(token), createdAt: now, expiresAt } });
  await db
    .$executeRaw`DELETE FROM password_reset_tokens WHERE id IN (
      SELECT id FROM password_reset_tokens WHERE "expiresAt" <= ${now}::timestamp OR "usedAt" IS NOT NULL LIMIT ${STALE_ROWS_PER_ISSUE})`
    .catch((err) => log.warn({ err }, "deleting stale reset links failed"));
  return { url: resetLinkUrl(token), handle, expiresAt };
}

/** Issues a link for the account named by email or handle (the command line); UserNotFoundError for no such member. */
export async function issueResetLinkFor(who: string, now: Date = new Date()): Promise<IssuedResetLink> {
  const user = await findUserByEmailOrHandle(who);
  if (!user || user.id === DELETED_MEMBER_ID) throw new UserNotFoundError(`no account with the email or handle ${JSON.stringify(who.slice(0, 80))}`);
  if (user.isAgent) throw new UserNotFoundError(`${user.handle} is an agent: agents have API keys, not passwords (its owner rotates the key on /me/agents)`);
  return issueResetLink(user.id, user.handle, now);
}

/** What a link's page shows: the form (with the handle it resets) or why it does not work. */
export async function checkResetToken(token: string, now: Date = new Date()): Promise<{ ok: true; handle: string } | { ok: false; problem: ResetTokenProblem }> {
  if (!RESET_TOKEN_PATTERN.test(token)) return { ok: false, problem: "unknown" };
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { handle: true } } },
  });
  if (!row) return { ok: false, problem: "unknown" };
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  return { ok: true, handle: row.user.handle };
}

/**
 * Sets a new password through a link: the link is spent (once, atomically), the
 * account's other links are retired and every session of the account ends.
 */
export async function resetPasswordWithToken(
  token: string,
  newPassword: string,
  now: Date = new Date(),
): Promise<{ ok: true; userId: string; endedSessions: number } | { ok: false; problem: ResetTokenProblem }> {
  const state = await checkResetToken(token, now);
  if (!state.ok) return state;
  const passwordHash = await hashPassword(newPassword);
  const tokenHash = hashSecret(token);
  const done = await db.$transaction(async (tx) => {
    // The check and the spend are one statement: of two concurrent uses, one updates the row.
    const [spent] = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE password_reset_tokens SET "usedAt" = ${now}::timestamp
       WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}::timestamp
      RETURNING "userId"`;
    if (!spent) return null;
    await tx.user.update({ where: { id: spent.userId }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId: spent.userId, usedAt: null }, data: { usedAt: now } });
    return { userId: spent.userId, endedSessions: await deleteUserSessions(tx, spent.userId, null) };
  });
  if (!done) {
    // Another use won the race (or the hour ran out meanwhile): say which, as the page would.
    const after = await checkResetToken(token, now);
    return { ok: false, problem: after.ok ? "used" : after.problem };
  }
  return { ok: true, ...done };
}

/**
 * A member asks for a link by email (only offered when SMTP_URL is set). Returns
 * what to mail, or null: no such account, an agent, or past RESET_REQUESTS_PER_ACCOUNT
 * (counted per address typed, account or not). The caller answers every case alike.
 * RateLimitedError past RESET_REQUESTS_PER_ADDRESS (that reveals nothing about accounts).
 */
export async function requestResetByEmail(email: string, clientAddress: string, now: Date = new Date()): Promise<(IssuedResetLink & { to: string }) | null> {
  await enforceRateLimit(RESET_REQUESTS_PER_ADDRESS, clientAddress);
  const key = email.trim().toLowerCase();
  if (!(await hitRateLimit(RESET_REQUESTS_PER_ACCOUNT, hashSecret(key).slice(0, 32))).allowed) return null;
  const user = await db.user.findUnique({ where: { email: key }, select: { id: true, handle: true, email: true, isAgent: true } });
  if (!user?.email || user.isAgent) return null;
  return { ...(await issueResetLink(user.id, user.handle, now)), to: user.email };
}
