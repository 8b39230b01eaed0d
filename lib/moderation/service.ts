/**
 * Staff actions: remove and restore comments and articles, suspend and unsuspend
 * members and agents, dismiss flags. Each runs in one transaction that also resolves
 * the item's open flags and appends exactly one row to the moderation log, so the
 * log can never miss an action or show one that did not happen. Callers have checked
 * the role (lib/moderation/staff.ts); these check it again, as a service must.
 */
import { articlePath } from "../articles/paths";
import { db, pgPool } from "../db";
import { refreshArticleStory } from "../stories/store";
import { writeLogEntry, type Moderator, type TargetType } from "./log";
import { isStaff } from "./roles";
import { DELETED_MEMBER_ID } from "../users/deleted-member";

export type ModerationErrorCode = "forbidden" | "not_found" | "already" | "not_removed" | "staff_target" | "no_open_flags";

export class ModerationError extends Error {
  override name = "ModerationError";
  constructor(readonly code: ModerationErrorCode, message: string) {
    super(message);
  }
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];
type Target = { target: "comment" | "article"; id: number };

function assertStaff(moderator: Moderator & { isAgent?: boolean }): void {
  if (moderator.isAgent || !isStaff(moderator.role)) throw new ModerationError("forbidden", "Only moderators and admins can do that.");
}

function quote(title: string): string {
  return title.length > 120 ? `"${title.slice(0, 117)}…"` : `"${title}"`;
}

async function describeComment(tx: Tx, id: number) {
  const c = await tx.comment.findUnique({
    where: { id },
    select: { id: true, userId: true, articleId: true, deletedAt: true, removedAt: true, user: { select: { handle: true, isAgent: true } }, article: { select: { id: true, title: true } } },
  });
  if (!c) throw new ModerationError("not_found", "That comment no longer exists.");
  return { ...c, label: `comment by ${c.user.handle} on ${quote(c.article.title)}`, path: `${articlePath(c.article)}#c${c.id}` };
}

async function describeArticle(tx: Tx, id: number) {
  const a = await tx.article.findUnique({ where: { id }, select: { id: true, title: true, removedAt: true, source: { select: { title: true } } } });
  if (!a) throw new ModerationError("not_found", "That article no longer exists.");
  return { ...a, label: `article ${quote(a.title)} from ${a.source.title}`, path: articlePath(a) };
}

async function resolveFlags(tx: Tx, t: Target, resolution: "dismissed" | "removed", now: Date): Promise<number> {
  const where = t.target === "comment" ? { commentId: t.id } : { articleId: t.id };
  const { count } = await tx.flag.updateMany({ where: { ...where, resolvedAt: null }, data: { resolvedAt: now, resolution } });
  return count;
}

/**
 * Removes a comment or an article with a reason everyone can read. A removed comment
 * keeps its place in the thread ("removed by a moderator: <reason>") and stops counting
 * in commentCount; a removed article leaves every list and search. Returns the author
 * of a removed comment (for "remove and suspend").
 */
export async function removeItem(moderator: Moderator, t: Target, reason: string, now: Date = new Date()): Promise<{ authorId: string | null }> {
  assertStaff(moderator);
  const result = await db.$transaction((tx) => removeInTx(tx, moderator, t, reason, now));
  // A removed lead hands its story to another member (or the story dissolves).
  if (t.target === "article") await refreshArticleStory(pgPool, t.id);
  return result;
}

async function removeInTx(tx: Tx, moderator: Moderator, t: Target, reason: string, now: Date): Promise<{ authorId: string | null }> {
  if (t.target === "comment") {
    const c = await describeComment(tx, t.id);
    // The WHERE makes a concurrent second removal change (and count) nothing.
    const { count } = await tx.comment.updateMany({ where: { id: t.id, removedAt: null }, data: { removedAt: now, removalReason: reason } });
    if (count === 0) throw new ModerationError("already", "That comment was already removed.");
    if (!c.deletedAt) await tx.article.update({ where: { id: c.articleId }, data: { commentCount: { decrement: 1 } } });
    await resolveFlags(tx, t, "removed", now);
    await writeLogEntry(tx, moderator, { action: "remove", targetType: "comment", targetId: t.id, targetLabel: c.label, targetPath: c.path, reason });
    return { authorId: c.userId };
  }
  const a = await describeArticle(tx, t.id);
  const { count } = await tx.article.updateMany({ where: { id: t.id, removedAt: null }, data: { removedAt: now, removalReason: reason } });
  if (count === 0) throw new ModerationError("already", "That article was already removed.");
  await resolveFlags(tx, t, "removed", now);
  await writeLogEntry(tx, moderator, { action: "remove", targetType: "article", targetId: t.id, targetLabel: a.label, targetPath: a.path, reason });
  return { authorId: null };
}

/** Puts a removed comment or article back, with a reason (a new log row: the removal's row stays). */
export async function restoreItem(moderator: Moderator, t: Target, reason: string): Promise<void> {
  assertStaff(moderator);
  await db.$transaction(async (tx) => {
    if (t.target === "comment") {
      const c = await describeComment(tx, t.id);
      const { count } = await tx.comment.updateMany({ where: { id: t.id, removedAt: { not: null } }, data: { removedAt: null, removalReason: null } });
      if (count === 0) throw new ModerationError("not_removed", "That comment is not removed.");
      if (!c.deletedAt) await tx.article.update({ where: { id: c.articleId }, data: { commentCount: { increment: 1 } } });
      await writeLogEntry(tx, moderator, { action: "restore", targetType: "comment", targetId: t.id, targetLabel: c.label, targetPath: c.path, reason });
      return;
    }
    const a = await describeArticle(tx, t.id);
    const { count } = await tx.article.updateMany({ where: { id: t.id, removedAt: { not: null } }, data: { removedAt: null, removalReason: null } });
    if (count === 0) throw new ModerationError("not_removed", "That article is not removed.");
    await writeLogEntry(tx, moderator, { action: "restore", targetType: "article", targetId: t.id, targetLabel: a.label, targetPath: a.path, reason });
  });
  // A restored member counts in its story again (and may lead it).
  if (t.target === "article") await refreshArticleStory(pgPool, t.id);
}

/** Closes an item's open flags without removing it. */
export async function dismissFlags(moderator: Moderator, t: Target, reason: string, now: Date = new Date()): Promise<void> {
  assertStaff(moderator);
  await db.$transaction(async (tx) => {
    const d = t.target === "comment" ? await describeComment(tx, t.id) : await describeArticle(tx, t.id);
    const n = await resolveFlags(tx, t, "dismissed", now);
    if (n === 0) throw new ModerationError("no_open_flags", "That item has no open flags.");
    await writeLogEntry(tx, moderator, { action: "dismiss", targetType: t.target, targetId: t.id, targetLabel: d.label, targetPath: d.path, reason });
  });
}

async function describeUser(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, handle: true, role: true, isAgent: true, bannedAt: true, owner: { select: { handle: true } } } });
  // The placeholder of deleted members (lib/users/deleted-member.ts) is no one to suspend.
  if (!u || u.id === DELETED_MEMBER_ID) throw new ModerationError("not_found", "That account no longer exists.");
  const targetType: TargetType = u.isAgent ? "agent" : "member";
  const label = u.isAgent ? `agent ${u.handle}${u.owner ? ` (owned by ${u.owner.handle})` : ""}` : `member ${u.handle}`;
  return { ...u, targetType, label, path: `/u/${u.handle}` };
}

/**
 * Suspends a member or an agent until `until` for `reason`: they can read but not
 * vote, comment, flag or use the API. Staff cannot be suspended (an admin first
 * changes their role with the CLI), nor can anyone suspend themselves.
 */
export async function suspendUser(moderator: Moderator, userId: string, until: Date, reason: string, now: Date = new Date()): Promise<void> {
  assertStaff(moderator);
  await db.$transaction((tx) => suspendInTx(tx, moderator, userId, until, reason, now));
}

async function suspendInTx(tx: Tx, moderator: Moderator, userId: string, until: Date, reason: string, now: Date): Promise<void> {
  const u = await describeUser(tx, userId);
  if (u.id === moderator.id || isStaff(u.role)) throw new ModerationError("staff_target", "Staff accounts cannot be suspended; change the role from the command line first.");
  await tx.user.update({ where: { id: userId }, data: { bannedAt: now, bannedUntil: until, banReason: reason } });
  await writeLogEntry(tx, moderator, {
    action: "suspend",
    targetType: u.targetType,
    targetId: u.id,
    targetLabel: `${u.label} until ${until.toISOString().slice(0, 10)}`,
    targetPath: u.path,
    reason,
  });
}

/** Removes a comment and suspends its author, in one transaction (two log rows: two actions). */
export async function removeAndSuspend(moderator: Moderator, commentId: number, reason: string, until: Date, now: Date = new Date()): Promise<void> {
  assertStaff(moderator);
  await db.$transaction(async (tx) => {
    const { authorId } = await removeInTx(tx, moderator, { target: "comment", id: commentId }, reason, now);
    await suspendInTx(tx, moderator, authorId!, until, reason, now);
  });
}

/** Lifts a suspension before its end, with a reason. */
export async function unsuspendUser(moderator: Moderator, userId: string, reason: string): Promise<void> {
  assertStaff(moderator);
  await db.$transaction(async (tx) => {
    const u = await describeUser(tx, userId);
    const { count } = await tx.user.updateMany({ where: { id: userId, bannedAt: { not: null } }, data: { bannedAt: null, bannedUntil: null, banReason: null } });
    if (count === 0) throw new ModerationError("not_removed", `${u.handle} is not suspended.`);
    await writeLogEntry(tx, moderator, { action: "unsuspend", targetType: u.targetType, targetId: u.id, targetLabel: u.label, targetPath: u.path, reason });
  });
}
