/**
 * Muting sources and tags from a member's own front page (lib/articles/front.ts reads
 * them). Both writes are idempotent; a mute is refused past MAX_MUTES, and for a source
 * or tag that does not exist, with an error the form shows.
 */
import { db, Prisma } from "../db";
import { isStorableTag } from "../articles/route-params";
import { tagExists } from "../articles/queries";
import { MAX_MUTES } from "./schemas";

/** The source or tag to mute does not exist (a stale page, or a hand-made post). */
export class MuteTargetNotFoundError extends Error {
  override name = "MuteTargetNotFoundError";
}

/** The member already holds MAX_MUTES mutes. */
export class MuteLimitError extends Error {
  override name = "MuteLimitError";
  constructor() {
    super(`at most ${MAX_MUTES} muted sources and tags`);
  }
}

/**
 * Runs `insert` (returning rows inserted) under the member's row lock, after checking
 * the limit, so two mutes at once cannot both pass a count of MAX_MUTES - 1.
 */
async function insertUnderLimit(userId: string, alreadyMuted: (tx: Prisma.TransactionClient) => Promise<boolean>, insert: (tx: Prisma.TransactionClient) => Promise<number>): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
    if (await alreadyMuted(tx)) return 0;
    const [row] = await tx.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM muted_sources WHERE "userId" = ${userId}) + (SELECT count(*) FROM muted_tags WHERE "userId" = ${userId}))::int AS n`;
    if ((row?.n ?? 0) >= MAX_MUTES) throw new MuteLimitError();
    return insert(tx);
  });
}

/** Mutes a source for a member (no-op if already muted). */
export async function muteSource(userId: string, sourceId: number): Promise<void> {
  const inserted = await insertUnderLimit(
    userId,
    async (tx) => (await tx.mutedSource.count({ where: { userId, sourceId } })) > 0,
    (tx) => tx.$executeRaw`
      INSERT INTO muted_sources ("userId", "sourceId")
      SELECT ${userId}, id FROM sources WHERE id = ${sourceId}
      ON CONFLICT DO NOTHING`,
  );
  if (inserted === 0 && (await db.source.count({ where: { id: sourceId } })) === 0) {
    throw new MuteTargetNotFoundError(`source ${sourceId} not found`);
  }
}

/** Mutes a tag for a member (no-op if already muted); only a tag some listed article carries. */
export async function muteTag(userId: string, tag: string): Promise<void> {
  if (!isStorableTag(tag) || !(await tagExists(tag))) throw new MuteTargetNotFoundError(`tag ${JSON.stringify(tag.slice(0, 100))} not found`);
  await insertUnderLimit(
    userId,
    async (tx) => (await tx.mutedTag.count({ where: { userId, tag } })) > 0,
    (tx) => tx.$executeRaw`INSERT INTO muted_tags ("userId", tag) VALUES (${userId}, ${tag}) ON CONFLICT DO NOTHING`,
  );
}

/** Unmutes a source (no-op if it was not muted). */
export async function unmuteSource(userId: string, sourceId: number): Promise<void> {
  await db.mutedSource.deleteMany({ where: { userId, sourceId } });
}

/** Unmutes a tag (no-op if it was not muted). */
export async function unmuteTag(userId: string, tag: string): Promise<void> {
  await db.mutedTag.deleteMany({ where: { userId, tag } });
}
