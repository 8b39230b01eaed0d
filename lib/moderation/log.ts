/**
 * The public moderation log: append-only (rules in the migration make UPDATE and
 * DELETE no-ops), one row per staff action, written by the service that performs
 * the action inside its own transaction (writeLogEntry takes that transaction).
 * What a row shows is fixed when it is written: later edits to a title or a handle
 * do not rewrite history. Flaggers and private notes never reach it.
 */
import { db } from "../db";
import type { Role } from "./roles";

// remove/restore/suspend/unsuspend/dismiss for content and accounts; add, poll, pause,
// resume, reset (errors), remove and edit for sources (lib/admin/sources.ts and
// source-page.ts), reject for a member's source suggestion (lib/sources/suggestions.ts),
// revoke for an agent's keys (lib/admin/agents.ts).
export const MODERATION_ACTIONS = ["remove", "restore", "suspend", "unsuspend", "dismiss", "add", "poll", "pause", "resume", "reset", "reject", "revoke", "edit"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const TARGET_TYPES = ["comment", "article", "member", "agent", "source"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/** Rows per page of /moderation. */
export const LOG_PAGE_SIZE = 50;

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

export interface Moderator {
  id: string;
  handle: string;
  role: Role;
}

export interface LogInput {
  action: ModerationAction;
  targetType: TargetType;
  targetId: string | number;
  targetLabel: string;
  targetPath?: string | null;
  reason: string;
}

/** Appends one row; call it inside the transaction of the action it records. */
export async function writeLogEntry(tx: Tx, moderator: Moderator, entry: LogInput): Promise<void> {
  await tx.moderationLogEntry.create({
    data: {
      moderatorId: moderator.id,
      moderatorHandle: moderator.handle,
      moderatorRole: moderator.role,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      targetLabel: entry.targetLabel.slice(0, 400),
      targetPath: entry.targetPath?.slice(0, 300) ?? null,
      reason: entry.reason.slice(0, 500),
    },
  });
}

export interface LogRow {
  id: string;
  createdAt: Date;
  moderatorHandle: string;
  moderatorRole: string;
  action: string;
  targetType: string;
  targetLabel: string;
  targetPath: string | null;
  reason: string;
}

/** One page of the log, newest first, optionally one action and one target type; `before` is the last id shown. */
export async function listModerationLog(filter: { action?: ModerationAction; targetType?: TargetType; before?: bigint | null }): Promise<{ rows: LogRow[]; nextBefore: string | null }> {
  const found = await db.moderationLogEntry.findMany({
    where: {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.targetType ? { targetType: filter.targetType } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: LOG_PAGE_SIZE + 1,
    select: { id: true, createdAt: true, moderatorHandle: true, moderatorRole: true, action: true, targetType: true, targetLabel: true, targetPath: true, reason: true },
  });
  const rows = found.slice(0, LOG_PAGE_SIZE).map((r) => ({ ...r, id: r.id.toString() }));
  return { rows, nextBefore: found.length > LOG_PAGE_SIZE ? rows.at(-1)!.id : null };
}
