/**
 * A member changes their password from /me/settings: the current one is checked
 * (counted like a login attempt), and on success every other session of the account
 * ends while the one that made the change stays, in the same transaction as the new
 * hash. Reset links issued before the change stop working with it.
 */
import { db } from "../db";
import { hashPassword, verifyPassword } from "../auth/password";
import { deleteUserSessions } from "../auth/session";
import { enforceRateLimit, refundRateLimit } from "../rate-limit/buckets";
import { PASSWORD_CHECKS_PER_MEMBER } from "../rate-limit/policies";

export type ChangePasswordResult = { ok: true; endedSessions: number } | { ok: false; field: "currentPassword"; message: string };

/** The words for a wrong current password. */
export const WRONG_CURRENT_PASSWORD = "That is not your current password.";

/**
 * Sets a new password after checking the current one; keeps the session `keepSid`
 * and ends the rest. RateLimitedError after too many wrong current passwords
 * (PASSWORD_CHECKS_PER_MEMBER); a right one refunds its charge, as a login does.
 */
export async function changePassword(
  userId: string,
  keepSid: string | null,
  input: { currentPassword: string; newPassword: string },
  now: Date = new Date(),
): Promise<ChangePasswordResult> {
  await enforceRateLimit(PASSWORD_CHECKS_PER_MEMBER, userId);
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user?.passwordHash) {
    return { ok: false, field: "currentPassword", message: "This account signs in with GitHub and has no password to change." };
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, field: "currentPassword", message: WRONG_CURRENT_PASSWORD };
  const passwordHash = await hashPassword(input.newPassword);
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    return deleteUserSessions(tx, userId, keepSid);
  });
  await refundRateLimit(PASSWORD_CHECKS_PER_MEMBER, userId);
  return { ok: true, endedSessions };
}
