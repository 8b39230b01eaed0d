// Moderation services against a real Postgres: flags, the queue, removals, suspensions
// and the append-only public log (issue 14).
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { getArticle } from "../../lib/articles/article-queries";
import { listHotArticles, listNewestArticles, listSourceArticles } from "../../lib/articles/queries";
import { getDiscussion } from "../../lib/comments/queries";
import { searchArticles } from "../../lib/search/queries";
import { createComment } from "../../lib/comments/service";
import { flagSchema } from "../../lib/moderation/schemas";
import { FlagError, flagItem } from "../../lib/moderation/flags";
import { listModerationLog } from "../../lib/moderation/log";
import { listReviewQueue } from "../../lib/moderation/queue";
import { ModerationError, dismissFlags, removeAndSuspend, removeItem, restoreItem, suspendUser, unsuspendUser } from "../../lib/moderation/service";
import { SuspendedError } from "../../lib/moderation/suspension";
import { castVote } from "../../lib/votes/service";
import { makeArticle, makeMember } from "./members-fixtures";

async function makeStaff(role: "moderator" | "admin" = "moderator") {
  const m = await makeMember();
  await db.user.update({ where: { id: m.id }, data: { role } });
  return { ...m, role };
}

const asMember = (m: { id: string; handle: string }) => ({ ...m, role: "member" as const });
const DAY = 86_400_000;

describe("flags", () => {
  it("take one flag per member per item, refuse agents and accounts younger than 3 days, and need a note for other", async () => {
    const { articleId } = await makeArticle();
    const author = await makeMember();
    const flagger = await makeMember({ ageDays: 10 });
    const commentId = await createComment(author, { articleId, body: "buy pills" });

    await flagItem(flagger, { target: "comment", id: commentId, reason: "spam" });
    await expect(flagItem(flagger, { target: "comment", id: commentId, reason: "unkind" })).rejects.toMatchObject({ code: "already_flagged" });
    await flagItem(flagger, { target: "article", id: articleId, reason: "broken-link" });

    const young = await makeMember({ ageDays: 2 });
    await expect(flagItem(young, { target: "comment", id: commentId, reason: "spam" })).rejects.toMatchObject({ code: "too_new" });
    const agent = await makeMember({ isAgent: true, ageDays: 30 });
    await expect(flagItem(agent, { target: "comment", id: commentId, reason: "spam" })).rejects.toBeInstanceOf(FlagError);
    await expect(flagItem(author, { target: "comment", id: commentId, reason: "spam" })).rejects.toMatchObject({ code: "own_item" });
    expect(await db.flag.count({ where: { commentId } })).toBe(1);

    // The form's input: reasons are per item type, and "other" needs a note.
    expect(flagSchema.safeParse({ target: "comment", id: "1", reason: "broken-link" }).success).toBe(false);
    expect(flagSchema.safeParse({ target: "article", id: "1", reason: "unkind" }).success).toBe(false);
    const other = flagSchema.safeParse({ target: "comment", id: "1", reason: "other", note: "  " });
    expect(other.success).toBe(false);
    expect(other.error!.issues[0]!.message).toMatch(/note/);
    expect(flagSchema.safeParse({ target: "comment", id: "1", reason: "other", note: "doxxing" }).success).toBe(true);
    expect(flagSchema.safeParse({ target: "comment", id: "1", reason: "spam", note: "x".repeat(501) }).success).toBe(false);
    // And the database refuses a reason the schema would: nothing slips past the service.
    await expect(db.flag.create({ data: { userId: flagger.id, articleId, reason: "unkind" } })).rejects.toThrow();
  });

  it("show in the queue grouped by item with counts by reason, author age, agent owner and first flag time", async () => {
    const { articleId } = await makeArticle();
    const owner = await makeMember();
    const agent = await makeMember({ isAgent: true });
    await db.user.update({ where: { id: agent.id }, data: { ownerId: owner.id } });
    const commentId = await createComment(agent, { articleId, body: "agent spam" });
    const [a, b, c] = [await makeMember(), await makeMember(), await makeMember()];
    await flagItem(a, { target: "comment", id: commentId, reason: "spam" });
    await flagItem(b, { target: "comment", id: commentId, reason: "spam" });
    await flagItem(c, { target: "comment", id: commentId, reason: "other", note: "private note" });
    const { items } = await listReviewQueue();
    const item = items.find((i) => i.key === `c${commentId}`)!;
    expect(item.total).toBe(3);
    expect(item.counts).toEqual([{ reason: "spam", count: 2 }, { reason: "other", count: 1 }]);
    expect(item.author).toMatchObject({ handle: agent.handle, isAgent: true, ownerHandle: owner.handle });
    expect(item.notes).toEqual(["private note"]);
    const first = await db.flag.findFirstOrThrow({ where: { commentId }, orderBy: { createdAt: "asc" } });
    expect(item.firstFlaggedAt).toEqual(first.createdAt);
  });
});

describe("removals", () => {
  it("remove a comment with a reason: it keeps its place, stops counting, closes its flags, writes one public log row", async () => {
    const { articleId } = await makeArticle();
    const author = await makeMember();
    const mod = await makeStaff();
    const commentId = await createComment(author, { articleId, body: "rude words" });
    await createComment(await makeMember(), { articleId, parentId: commentId, body: "a reply" });
    await flagItem(await makeMember(), { target: "comment", id: commentId, reason: "unkind" });
    const logBefore = await db.moderationLogEntry.count();

    await removeItem(mod, { target: "comment", id: commentId }, "first look");
    await restoreItem(mod, { target: "comment", id: commentId }, "test of restore");
    await removeItem(mod, { target: "comment", id: commentId }, "personal attack");
    await expect(removeItem(mod, { target: "comment", id: commentId }, "again")).rejects.toMatchObject({ code: "already" });

    const article = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { commentCount: true } });
    expect(article.commentCount).toBe(1);
    const { tree } = await getDiscussion(articleId, "new");
    expect(tree[0]).toMatchObject({ id: commentId, isRemoved: true, removalReason: "personal attack", bodyHtml: "" });
    expect(tree[0]!.replies).toHaveLength(1);
    // Staff can still read the text.
    const staffView = await getDiscussion(articleId, "new", null, { includeRemovedText: true });
    expect(staffView.tree[0]!.removedBodyHtml).toContain("rude words");
    expect(await db.flag.count({ where: { commentId, resolvedAt: null } })).toBe(0);
    // remove, restore, remove: three actions, three rows; the refused one wrote none.
    expect((await db.moderationLogEntry.count()) - logBefore).toBe(3);
    const { rows } = await listModerationLog({ targetType: "comment" });
    expect(rows[0]).toMatchObject({ action: "remove", reason: "personal attack", moderatorHandle: mod.handle, targetType: "comment" });
    expect(rows[0]!.targetLabel).toContain(`comment by ${author.handle}`);
  });

  it("refuse members and agents, and leave nothing changed", async () => {
    const { articleId } = await makeArticle();
    const commentId = await createComment(await makeMember(), { articleId, body: "fine" });
    const member = await makeMember();
    const logBefore = await db.moderationLogEntry.count();
    await expect(removeItem(asMember(member), { target: "comment", id: commentId }, "no")).rejects.toMatchObject({ code: "forbidden" });
    const agent = await makeMember({ isAgent: true });
    await expect(removeItem({ ...agent, role: "admin", isAgent: true } as never, { target: "comment", id: commentId }, "no")).rejects.toBeInstanceOf(ModerationError);
    expect(await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { removedAt: true } })).toEqual({ removedAt: null });
    expect(await db.moderationLogEntry.count()).toBe(logBefore);
  });

  it("dismiss closes the flags and logs once; with no open flags it refuses", async () => {
    const { articleId } = await makeArticle();
    const mod = await makeStaff("admin");
    await flagItem(await makeMember(), { target: "article", id: articleId, reason: "duplicate" });
    await dismissFlags(mod, { target: "article", id: articleId }, "not a duplicate");
    await expect(dismissFlags(mod, { target: "article", id: articleId }, "again")).rejects.toMatchObject({ code: "no_open_flags" });
    expect(await db.flag.findFirstOrThrow({ where: { articleId } })).toMatchObject({ resolution: "dismissed" });
    expect(await db.moderationLogEntry.count({ where: { targetId: String(articleId), targetType: "article", action: "dismiss" } })).toBe(1);
  });
});

describe("a removed article", () => {
  it("leaves the lists and search, its page data says why, and restoring brings it back", async () => {
    const { articleId, sourceId } = await makeArticle();
    await db.article.update({ where: { id: articleId }, data: { title: "Zyxquant removal probe", excerpt: "zyxquant" } });
    const mod = await makeStaff();
    const listed = async () => ({
      newest: (await listNewestArticles(undefined, 100)).items.some((i) => i.id === articleId),
      hot: (await listHotArticles(undefined, 100)).items.some((i) => i.id === articleId),
      source: (await listSourceArticles(sourceId)).items.some((i) => i.id === articleId),
      search: (await searchArticles("zyxquant")).hits.some((h) => h.id === articleId),
    });
    expect(await listed()).toEqual({ newest: true, hot: true, source: true, search: true });
    await removeItem(mod, { target: "article", id: articleId }, "malware link");
    expect(await listed()).toEqual({ newest: false, hot: false, source: false, search: false });
    expect((await getArticle(articleId))!.removal).toEqual({ reason: "malware link" });
    // Nobody comments on, or flags, a removed article.
    await expect(createComment(await makeMember(), { articleId, body: "hello" })).rejects.toMatchObject({ code: "article_not_found" });
    await expect(flagItem(await makeMember(), { target: "article", id: articleId, reason: "spam" })).rejects.toMatchObject({ code: "not_found" });
    await restoreItem(mod, { target: "article", id: articleId }, "link fixed");
    expect(await listed()).toEqual({ newest: true, hot: true, source: true, search: true });
    expect((await getArticle(articleId))!.removal).toBeNull();
  });
});

describe("suspensions", () => {
  it("stop a member voting, commenting and flagging with the reason and end date, until lifted", async () => {
    const { articleId } = await makeArticle();
    const member = await makeMember();
    const mod = await makeStaff();
    const until = new Date(Date.now() + 7 * DAY);
    await suspendUser(mod, member.id, until, "spam links");
    const commentsBefore = await db.comment.count({ where: { articleId } });

    const refusal = createComment(member, { articleId, body: "still here" });
    await expect(refusal).rejects.toBeInstanceOf(SuspendedError);
    await expect(refusal).rejects.toThrow(`Your account is suspended until ${until.toISOString().slice(0, 10)}: spam links`);
    await expect(castVote(member, articleId)).rejects.toBeInstanceOf(SuspendedError);
    await expect(flagItem(member, { target: "article", id: articleId, reason: "spam" })).rejects.toBeInstanceOf(SuspendedError);
    expect(await db.comment.count({ where: { articleId } })).toBe(commentsBefore);
    expect(await db.vote.count({ where: { articleId } })).toBe(0);

    await unsuspendUser(mod, member.id, "appeal accepted");
    await castVote(member, articleId);
    expect(await db.vote.count({ where: { articleId } })).toBe(1);
    const { rows } = await listModerationLog({ targetType: "member" });
    expect(rows.slice(0, 2).map((r) => r.action)).toEqual(["unsuspend", "suspend"]);
  });

  it("remove and suspend writes both rows in one transaction; staff cannot be suspended", async () => {
    const { articleId } = await makeArticle();
    const agent = await makeMember({ isAgent: true });
    const mod = await makeStaff();
    const commentId = await createComment(agent, { articleId, body: "agent spam" });
    await removeAndSuspend(mod, commentId, "automated spam", new Date(Date.now() + DAY));
    expect(await db.user.findUniqueOrThrow({ where: { id: agent.id }, select: { banReason: true, bannedAt: true } })).toMatchObject({ banReason: "automated spam" });
    const rows = await db.moderationLogEntry.findMany({ where: { moderatorId: mod.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.targetType])).toEqual([["remove", "comment"], ["suspend", "agent"]]);

    // A failure in the second half rolls back the first: no removal, no row.
    const other = await makeStaff();
    const staffComment = await createComment(other, { articleId, body: "staff words" });
    const before = await db.moderationLogEntry.count();
    await expect(removeAndSuspend(mod, staffComment, "x", new Date(Date.now() + DAY))).rejects.toMatchObject({ code: "staff_target" });
    expect(await db.comment.findUniqueOrThrow({ where: { id: staffComment }, select: { removedAt: true } })).toEqual({ removedAt: null });
    expect(await db.moderationLogEntry.count()).toBe(before);
  });
});

describe("the moderation log", () => {
  it("is append-only: UPDATE and DELETE change nothing", async () => {
    const { articleId } = await makeArticle();
    const mod = await makeStaff();
    await removeItem(mod, { target: "article", id: articleId }, "spam site");
    const row = await db.moderationLogEntry.findFirstOrThrow({ where: { targetId: String(articleId), targetType: "article" } });
    await db.$executeRaw`UPDATE moderation_log SET reason = 'rewritten' WHERE id = ${row.id}`;
    await db.$executeRaw`DELETE FROM moderation_log WHERE id = ${row.id}`;
    expect(await db.moderationLogEntry.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ reason: "spam site" });
  });

  it("pages 50 at a time, newest first, filtered by action and target type", async () => {
    const mod = await makeStaff();
    const ids: number[] = [];
    for (let i = 0; i < 55; i++) ids.push((await makeArticle()).articleId);
    for (const id of ids) await removeItem(mod, { target: "article", id }, `reason ${id}`);
    const first = await listModerationLog({ action: "remove", targetType: "article" });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.reason).toBe(`reason ${ids.at(-1)}`);
    const second = await listModerationLog({ action: "remove", targetType: "article", before: BigInt(first.nextBefore!) });
    expect(second.rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(first.rows.length + second.rows.length);
    expect((await listModerationLog({ action: "suspend", targetType: "article" })).rows).toEqual([]);
  });
});
