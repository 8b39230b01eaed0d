/**
 * Suspensions: a member or agent with users.bannedAt set may read but not vote,
 * comment, flag or use the API, until users.bannedUntil (NULL: until a moderator
 * lifts it), for users.banReason. bannedAt stays the one "suspended" mark, which the
 * agent API (issue 13) reads: an expired suspension is therefore cleared (bannedAt
 * set back to NULL) the next time the member is looked up, by clearExpiredSuspension.
 */
import { db } from "../db";
import type { Role } from "./roles";

export interface Suspension {
  until: Date | null;
  reason: string;
}

/** The suspension in force for these columns at `now`, or null. Pure. */
export function activeSuspension(
  row: { bannedAt: Date | null; bannedUntil: Date | null; banReason: string | null },
  now: Date = new Date(),
): Suspension | null {
  if (!row.bannedAt) return null;
  if (row.bannedUntil && row.bannedUntil.getTime() <= now.getTime()) return null;
  return { until: row.bannedUntil, reason: row.banReason ?? "no reason recorded" };
}

/** "until 2027-01-31" or "until a moderator lifts it". */
export function describeUntil(until: Date | null): string {
  return until ? `until ${until.toISOString().slice(0, 10)}` : "until a moderator lifts it";
}

/** The sentence a suspended member sees wherever they try to take part. */
export function suspensionMessage(s: Suspension): string {
  return `Your account is suspended ${describeUntil(s.until)}: ${s.reason}. You can still read.`;
}

/** Thrown by services when a suspended account tries to take part; nothing was written. */
export class SuspendedError extends Error {
  override name = "SuspendedError";
  constructor(readonly suspension: Suspension) {
    super(suspensionMessage(suspension));
  }
}

type Reader = Pick<typeof db, "user">;

/**
 * Throws SuspendedError if `userId` is suspended now. Services call it (inside their
 * transaction where they have one) so every caller, page or API, gets the same rule.
 */
export async function assertNotSuspended(client: Reader, userId: string, now: Date = new Date()): Promise<void> {
  const row = await client.user.findUnique({ where: { id: userId }, select: { bannedAt: true, bannedUntil: true, banReason: true } });
  const s = row ? activeSuspension(row, now) : null;
  if (s) throw new SuspendedError(s);
}

/** Clears a suspension whose end has passed (only that one: a newer suspension is kept). */
export async function clearExpiredSuspension(userId: string, bannedUntil: Date): Promise<void> {
  await db.user.updateMany({ where: { id: userId, bannedUntil, bannedAt: { not: null } }, data: { bannedAt: null, bannedUntil: null, banReason: null } });
}

/** A member's role and suspension in force, for the member page's moderation panel. */
export async function getMemberStanding(userId: string): Promise<{ role: Role; isAgent: boolean; suspension: Suspension | null } | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { role: true, isAgent: true, bannedAt: true, bannedUntil: true, banReason: true } });
  return row ? { role: row.role, isAgent: row.isAgent, suspension: activeSuspension(row) } : null;
}
