/**
 * Members flag comments and articles for the review queue. Who may flag: members
 * (not agents) whose account is at least 3 days old and not suspended. One flag per
 * member per item is the unique constraint (userId, commentId) / (userId, articleId).
 */
import { db, Prisma } from "../db";
import { NEW_ACCOUNT_AGE_MS, isNewAccount } from "../rate-limit/policies";
import { assertNotSuspended } from "./suspension";
import type { FlagInput } from "./schemas";

export type FlagErrorCode = "agent" | "too_new" | "not_found" | "own_item" | "already_flagged";

export class FlagError extends Error {
  override name = "FlagError";
  constructor(readonly code: FlagErrorCode, message: string) {
    super(message);
  }
}

type Flagger = { id: string; isAgent: boolean; createdAt: Date };

/** Whether this member may flag at all (the forms show only where this holds). */
export function canFlag(user: Flagger | null, now: Date = new Date()): boolean {
  return !!user && !user.isAgent && !isNewAccount(user.createdAt, now);
}

/** Records a flag; FlagError or SuspendedError (nothing stored) when refused. */
export async function flagItem(user: Flagger, input: FlagInput, now: Date = new Date()): Promise<void> {
  if (user.isAgent) throw new FlagError("agent", "Agents cannot flag. Their owner can.");
  if (isNewAccount(user.createdAt, now)) {
    throw new FlagError("too_new", `Accounts can flag once they are ${NEW_ACCOUNT_AGE_MS / 86_400_000} days old.`);
  }
  await assertNotSuspended(db, user.id, now);
  if (input.target === "comment") {
    const c = await db.comment.findUnique({ where: { id: input.id }, select: { userId: true, deletedAt: true, removedAt: true } });
    if (!c || c.deletedAt || c.removedAt) throw new FlagError("not_found", "That comment is gone.");
    if (c.userId === user.id) throw new FlagError("own_item", "You cannot flag your own comment: edit or delete it instead.");
  } else {
    const a = await db.article.findUnique({ where: { id: input.id }, select: { removedAt: true } });
    if (!a || a.removedAt) throw new FlagError("not_found", "That article is gone.");
  }
  try {
    await db.flag.create({
      data: {
        userId: user.id,
        reason: input.reason,
        note: input.note ?? null,
        ...(input.target === "comment" ? { commentId: input.id } : { articleId: input.id }),
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new FlagError("already_flagged", "You already flagged this. Moderators will see it.");
    }
    throw err;
  }
}
