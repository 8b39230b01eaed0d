/**
 * Members suggest sources: the URL is discovered and test-fetched as the console does
 * (probeFeed), so a page without a feed is refused at once with the reason; a working
 * one waits for an admin, who approves it (it becomes a source, the proposer is
 * subscribed) or turns it down. Each decision is a row on the public log.
 */
import { db } from "../db";
import { writeLogEntry, type Moderator } from "../moderation/log";
import { isAdmin } from "../moderation/roles";
import { assertNotSuspended } from "../moderation/suspension";
import { enforceRateLimit } from "../rate-limit/buckets";
import type { RatePolicy } from "../rate-limit/policies";
import { SourceError, addSource, probeFeed, sourceUrlSchema } from "./service";

/** Suggestions per member per day, refused ones included (each one fetches a URL for them). */
export const SUGGESTIONS_PER_MEMBER: RatePolicy = { name: "source-suggest", limit: 10, windowSec: 24 * 3600 };

export class SuggestionError extends Error {
  override name = "SuggestionError";
}

/** Records a member's suggestion after checking the feed works; SuggestionError/SourceError say why not. */
export async function suggestSource(user: { id: string; isAgent: boolean }, rawUrl: string): Promise<{ id: number; feedUrl: string; title: string }> {
  if (user.isAgent) throw new SuggestionError("Agents cannot suggest sources. Their owner can.");
  await assertNotSuspended(db, user.id);
  const parsed = sourceUrlSchema.safeParse(rawUrl);
  if (!parsed.success) throw new SuggestionError(`That is not a URL we can fetch: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
  await enforceRateLimit(SUGGESTIONS_PER_MEMBER, user.id);
  const url = parsed.data;
  const known = async (feedUrl: string) => {
    const source = await db.source.findUnique({ where: { feedUrl }, select: { title: true } });
    if (source) throw new SuggestionError(`${source.title} is already a source.`);
    const pending = await db.sourceSuggestion.findFirst({ where: { feedUrl, decidedAt: null }, select: { id: true } });
    if (pending) throw new SuggestionError("Someone already suggested that feed; it is waiting for review.");
  };
  await known(url);
  let probed;
  try {
    probed = await probeFeed(url);
  } catch (err) {
    if (err instanceof SourceError) throw new SuggestionError(`We could not find a working feed there: ${err.message}`);
    throw err;
  }
  if (probed.feedUrl !== url) await known(probed.feedUrl);
  const title = (probed.feedTitle?.trim() || new URL(probed.feedUrl).hostname).replace(/\u0000/g, "").slice(0, 300);
  const row = await db.sourceSuggestion.create({ data: { userId: user.id, url, feedUrl: probed.feedUrl.slice(0, 2048), title }, select: { id: true } });
  return { id: row.id, feedUrl: probed.feedUrl, title };
}

/** Suggestions waiting for a decision, oldest first, with who proposed them. */
export async function listPendingSuggestions() {
  return db.sourceSuggestion.findMany({
    where: { decidedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, url: true, feedUrl: true, title: true, createdAt: true, user: { select: { handle: true } } },
  });
}

function assertAdmin(actor: Moderator & { isAgent?: boolean }): void {
  if (actor.isAgent || !isAdmin(actor.role)) throw new SuggestionError("Only admins can decide on suggestions.");
}

/** Approves a suggestion: adds the source (fetched again, as the test fetch may be days old, and that fetch stored as its first poll), subscribes the proposer, logs it. */
export async function approveSuggestion(actor: Moderator, id: number): Promise<{ sourceId: number }> {
  assertAdmin(actor);
  const s = await db.sourceSuggestion.findUnique({ where: { id }, select: { feedUrl: true, decidedAt: true, userId: true, user: { select: { handle: true } } } });
  if (!s || s.decidedAt) throw new SuggestionError("That suggestion was already decided.");
  const source = await addSource(db, s.feedUrl);
  await db.$transaction(async (tx) => {
    const { count } = await tx.sourceSuggestion.updateMany({ where: { id, decidedAt: null }, data: { decidedAt: new Date(), decision: "approved", sourceId: source.id } });
    if (count === 0) throw new SuggestionError("That suggestion was already decided.");
    await tx.subscription.createMany({ data: [{ userId: s.userId, sourceId: source.id }], skipDuplicates: true });
    await writeLogEntry(tx, actor, { action: "add", targetType: "source", targetId: source.id, targetLabel: `source ${source.title}`, targetPath: `/s/${source.slug}`, reason: `suggested by ${s.user.handle}` });
  });
  return { sourceId: source.id };
}

/** Turns a suggestion down, with a reason (public on the log, like every staff decision). */
export async function rejectSuggestion(actor: Moderator, id: number, reason: string): Promise<void> {
  assertAdmin(actor);
  await db.$transaction(async (tx) => {
    const s = await tx.sourceSuggestion.findUnique({ where: { id }, select: { feedUrl: true, title: true } });
    const { count } = await tx.sourceSuggestion.updateMany({ where: { id, decidedAt: null }, data: { decidedAt: new Date(), decision: "rejected" } });
    if (!s || count === 0) throw new SuggestionError("That suggestion was already decided.");
    await writeLogEntry(tx, actor, { action: "reject", targetType: "source", targetId: `suggestion-${id}`, targetLabel: `suggested source ${s.title} (${s.feedUrl})`, targetPath: null, reason });
  });
}
