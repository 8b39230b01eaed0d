/**
 * Sessions: a row in `sessions` per login, referenced from next-auth's encrypted
 * JWT cookie by its token (`sid`).
 *
 * Why both: the cookie is next-auth's encrypted JWT, shared by GitHub sign-in and our
 * own login form, and a bare JWT cannot be revoked. Every request therefore looks the row up; logging out
 * deletes it (the old cookie is dead even if someone copied it), and each login
 * creates a fresh row and deletes the one the browser carried before (rotation).
 */
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { db } from "../db";
import { log } from "../log";
import type { Role } from "../moderation/roles";
import { activeSuspension, clearExpiredSuspension, type Suspension } from "../moderation/suspension";
import { SESSION_MAX_AGE_SEC, authSecret } from "./secret";

/** The member a session belongs to, as pages and actions need it. */
export interface SessionUser {
  id: string;
  handle: string;
  role: Role;
  isAgent: boolean;
  hideAgents: boolean;
  createdAt: Date;
  /** Set while suspended: the member can read and log in, and sees why and until when. */
  suspension: Suspension | null;
}

const USER_SELECT = { id: true, handle: true, role: true, isAgent: true, hideAgents: true, createdAt: true, bannedAt: true, bannedUntil: true, banReason: true } as const;

// Expired rows deleted per new session. Every row is created by a login and each login
// deletes up to this many expired ones, so expired rows cannot pile up however few
// members log in, while no login waits on a large delete. Why at login rather than a
// periodic job: every web process logs people in, while the worker may not run beside
// it (RUN_WORKER=false), and a batch this small costs less than the argon2 check before it.
const EXPIRED_SESSIONS_PER_LOGIN = 100;

// `expires` holds UTC in a timestamp without time zone, like every Prisma DateTime.
const DELETE_EXPIRED_SQL = `
DELETE FROM sessions WHERE id IN (
  SELECT id FROM sessions WHERE expires <= (now() AT TIME ZONE 'UTC') LIMIT ${EXPIRED_SESSIONS_PER_LOGIN}
)`;

/** Creates a session row for `userId`, deleting `previousSid` (rotation) and a batch of expired rows; returns the new sid and expiry. */
export async function createSession(userId: string, previousSid?: string | null): Promise<{ sid: string; expires: Date }> {
  const sid = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SEC * 1000);
  await db.$transaction([
    ...(previousSid ? [db.session.deleteMany({ where: { sessionToken: previousSid } })] : []),
    db.session.create({ data: { sessionToken: sid, userId, expires } }),
  ]);
  // Outside the transaction: a failed sweep must not fail the login (the next one retries).
  await db.$executeRawUnsafe(DELETE_EXPIRED_SQL).catch((err) => log.warn({ err }, "deleting expired sessions failed"));
  return { sid, expires };
}

/** Deletes a session row; the cookie that named it stops working at once. */
export async function deleteSession(sid: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sid } });
}

/**
 * Ends every session of `userId` except `keepSid` (null ends them all): after a
 * password change or reset, a session opened with the old password must not outlive
 * it. Takes a transaction client so the sessions end with the password that ends them.
 */
export async function deleteUserSessions(client: Pick<typeof db, "session">, userId: string, keepSid: string | null): Promise<number> {
  const where = keepSid ? { userId, NOT: { sessionToken: keepSid } } : { userId };
  return (await client.session.deleteMany({ where })).count;
}

/** The cookie value (next-auth's encrypted JWT) for a session. */
export async function encodeSessionCookie(user: { id: string; handle: string }, sid: string): Promise<string> {
  return encode({ token: { sub: user.id, name: user.handle, sid }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SEC });
}

/** The sid inside a session cookie, or null when it is missing, forged or expired. */
export async function sidFromCookie(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue || cookieValue.length > 4096) return null;
  try {
    const token = await decode({ token: cookieValue, secret: authSecret() });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}

/**
 * The member behind a live sid, or null. A suspended member stays logged in (they
 * may read, and are told why they cannot take part); an expired suspension is cleared.
 */
export async function findSessionUser(sid: string): Promise<SessionUser | null> {
  const row = await db.session.findUnique({ where: { sessionToken: sid }, select: { expires: true, user: { select: USER_SELECT } } });
  if (!row || row.expires.getTime() <= Date.now()) return null;
  const { bannedAt, bannedUntil, banReason, ...user } = row.user;
  const suspension = activeSuspension({ bannedAt, bannedUntil, banReason });
  if (bannedAt && !suspension && bannedUntil) {
    await clearExpiredSuspension(user.id, bannedUntil).catch((err) => log.warn({ err, userId: user.id }, "clearing an expired suspension failed"));
  }
  return { ...user, suspension };
}
