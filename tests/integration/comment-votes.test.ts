/**
 * Comment votes: one per member per comment, written atomically with the comment's
 * score (members' votes only), the rules refused inside the vote's statement, and
 * "best" paging that stays exact while comments are voted between pages.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { getDiscussion } from "../../lib/comments/queries";
import { createComment, deleteComment } from "../../lib/comments/service";
import type { CommentCursor } from "../../lib/comments/tree";
import { SuspendedError } from "../../lib/moderation/suspension";
import { RANK_EPSILON, computeCommentRank } from "../../lib/ranking/comments";
import { CommentVoteError, castCommentVote, retractCommentVote } from "../../lib/votes/comment-service";
import { makeArticle, makeMember } from "./members-fixtures";

async function counts(commentId: number) {
  const c = await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { score: true } });
  const human = await db.commentVote.count({ where: { commentId, isAgent: false } });
  const all = await db.commentVote.count({ where: { commentId } });
  return { score: c.score, human, all };
}

async function aComment() {
  const { articleId } = await makeArticle();
  const author = await makeMember();
  const commentId = await createComment(author, { articleId, body: "worth a vote" });
  return { articleId, author, commentId };
}

describe("comment votes", () => {
  it("50 concurrent votes by one member leave one vote and score 1", async () => {
    const { commentId } = await aComment();
    const m = await makeMember();
    const results = await Promise.all(Array.from({ length: 50 }, () => castCommentVote(m, commentId)));
    expect(await counts(commentId)).toEqual({ score: 1, human: 1, all: 1 });
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(results.every((r) => r.voted && r.score === 1)).toBe(true);
  });

  it("keeps score equal to the members' votes under concurrent votes and unvotes by many members", async () => {
    const { commentId } = await aComment();
    const members = await Promise.all(Array.from({ length: 30 }, () => makeMember()));
    await Promise.all(
      members.map(async (m, i) => {
        await castCommentVote(m, commentId);
        await Promise.all([retractCommentVote(m, commentId), castCommentVote(m, commentId), retractCommentVote(m, commentId)]);
        if (i % 2 === 0) await castCommentVote(m, commentId);
        else await retractCommentVote(m, commentId);
      }),
    );
    const { score, human } = await counts(commentId);
    expect(human).toBe(15);
    expect(score).toBe(15);
  });

  it("stores agents' votes without counting them", async () => {
    const { commentId } = await aComment();
    const agent = await makeMember({ isAgent: true });
    const human = await makeMember();
    const byAgent = await castCommentVote(agent, commentId);
    expect(byAgent).toMatchObject({ voted: true, score: 0, changed: true });
    await castCommentVote(human, commentId);
    expect(await counts(commentId)).toEqual({ score: 1, human: 1, all: 2 });
    await retractCommentVote(agent, commentId);
    expect(await counts(commentId)).toEqual({ score: 1, human: 1, all: 1 });
  });

  it("refuses a vote on one's own comment and stores nothing", async () => {
    const { author, commentId } = await aComment();
    const err = await castCommentVote(author, commentId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommentVoteError);
    expect(err).toMatchObject({ code: "own_comment" });
    expect(await counts(commentId)).toEqual({ score: 0, human: 0, all: 0 });
  });

  it("refuses a suspended member, and accepts them once the suspension has ended", async () => {
    const { commentId } = await aComment();
    const m = await makeMember();
    await db.user.update({ where: { id: m.id }, data: { bannedAt: new Date(), bannedUntil: new Date(Date.now() + 86_400_000), banReason: "vote ring" } });
    const err = await castCommentVote(m, commentId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuspendedError);
    expect((err as Error).message).toContain("vote ring");
    expect(await counts(commentId)).toEqual({ score: 0, human: 0, all: 0 });
    await db.user.update({ where: { id: m.id }, data: { bannedUntil: new Date(Date.now() - 1000) } });
    expect((await castCommentVote(m, commentId)).score).toBe(1);
  });

  it("refuses votes on deleted, removed and missing comments; a vote already cast can still be taken back", async () => {
    const { author, commentId } = await aComment();
    const voter = await makeMember();
    await castCommentVote(voter, commentId);
    await db.comment.update({ where: { id: commentId }, data: { removedAt: new Date(), removalReason: "off topic" } });
    await expect(castCommentVote(await makeMember(), commentId)).rejects.toMatchObject({ code: "closed" });
    expect(await retractCommentVote(voter, commentId)).toMatchObject({ voted: false, score: 0, changed: true });
    const other = await aComment();
    await deleteComment(other.author, other.commentId);
    await expect(castCommentVote(voter, other.commentId)).rejects.toMatchObject({ code: "closed" });
    await expect(castCommentVote(voter, 2_000_000_000)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.commentVote.count({ where: { userId: voter.id } })).toBe(0);
    void author;
  });

  it("repeating a vote or an unvote changes nothing", async () => {
    const { commentId } = await aComment();
    const m = await makeMember();
    expect((await retractCommentVote(m, commentId)).changed).toBe(false);
    expect((await castCommentVote(m, commentId)).changed).toBe(true);
    expect(await castCommentVote(m, commentId)).toMatchObject({ changed: false, score: 1 });
  });

  it("keeps the stored bestRank equal to the rule in lib/ranking/comments.ts", async () => {
    const { commentId } = await aComment();
    for (let i = 0; i < 3; i++) await castCommentVote(await makeMember(), commentId);
    const [row] = await db.$queryRaw<{ score: number; createdAt: Date; rank: number }[]>`
      SELECT score, "createdAt", "bestRank" AS rank FROM comments WHERE id = ${commentId}`;
    expect(row!.score).toBe(3);
    expect(Math.abs(row!.rank - computeCommentRank(3, row!.createdAt))).toBeLessThan(RANK_EPSILON);
  });
});

describe("?comments=best", () => {
  it("puts voted threads first and sorts replies within their parent by the same rule", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const older = await createComment(alice, { articleId, body: "older" });
    const newer = await createComment(alice, { articleId, body: "newer" });
    const r1 = await createComment(alice, { articleId, parentId: older, body: "first reply" });
    const r2 = await createComment(alice, { articleId, parentId: older, body: "second reply" });
    let best = await getDiscussion(articleId, "best");
    expect(best.tree.map((n) => n.id)).toEqual([newer, older]);
    expect(best.tree[1]!.replies.map((n) => n.id)).toEqual([r2, r1]);
    await castCommentVote(await makeMember(), older);
    await castCommentVote(await makeMember(), r1);
    // An agent's votes move nothing.
    const agent = await makeMember({ isAgent: true });
    await castCommentVote(agent, newer);
    await castCommentVote(agent, r2);
    best = await getDiscussion(articleId, "best");
    expect(best.tree.map((n) => n.id)).toEqual([older, newer]);
    expect(best.tree[0]!.replies.map((n) => n.id)).toEqual([r1, r2]);
  });

  it("pages exactly while members vote between pages: every thread once, in order", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const t0 = Date.now() - 5 * 86_400_000;
    await db.comment.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({ articleId, userId: alice.id, body: `c${i}`, bodyHtml: `<p>c${i}</p>`, score: i % 5, createdAt: new Date(t0 + i * 600_000) })),
    });
    const total = await db.comment.count({ where: { articleId } });
    const voters = await Promise.all(Array.from({ length: 8 }, () => makeMember()));
    const seen: number[] = [];
    let after: CommentCursor | null = null;
    let pages = 0;
    for (; pages < 50; pages++) {
      const page = await getDiscussion(articleId, "best", after);
      const ids = page.tree.map((n) => n.id);
      // Within a page: the rule's order.
      const ranks = page.tree.map((n) => n.bestRank!);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
      seen.push(...ids);
      if (!page.nextCursor) break;
      // A reader votes the last thread shown (it jumps up), many times over: the next page
      // still starts right after where this one stopped.
      for (const v of voters) await castCommentVote(v, page.nextCursor.id);
      after = page.nextCursor;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
