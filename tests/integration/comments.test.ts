import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { castCommentVote } from "../../lib/votes/comment-service";
import { getDiscussion } from "../../lib/comments/queries";
import { createCommentSchema } from "../../lib/comments/schemas";
import { CommentError, EDIT_WINDOW_MS, createComment, deleteComment, editComment } from "../../lib/comments/service";
import { makeArticle, makeMember } from "./members-fixtures";

async function commentCount(articleId: number) {
  return (await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { commentCount: true } })).commentCount;
}

describe("comments", () => {
  it("refuses an 11,000-character comment with a clear message and stores nothing", async () => {
    const { articleId } = await makeArticle();
    const member = await makeMember();
    const body = "x".repeat(11_000);
    const parsed = createCommentSchema.safeParse({ articleId: String(articleId), body, returnTo: "/" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("Comments are limited to 10,000 characters; yours has 11,000. Nothing was posted.");
    // And were the schema bypassed, the column refuses it too, inside the transaction.
    await expect(createComment(member, { articleId, body })).rejects.toThrow();
    expect(await db.comment.count({ where: { articleId } })).toBe(0);
    expect(await commentCount(articleId)).toBe(0);
  });

  it("accepts exactly 10,000 characters, counting emoji as one and CRLF as one", async () => {
    const ok = createCommentSchema.safeParse({ articleId: "1", body: "😀".repeat(5_000) + "\r\n".repeat(5_000).slice(0, 10_000) });
    expect(ok.success).toBe(true);
    expect(Array.from(ok.data!.body).length).toBe(10_000);
    expect(createCommentSchema.safeParse({ articleId: "1", body: "   \n " }).success).toBe(false);
  });

  it("threads replies, keeps commentCount equal to visible comments through posts and deletes", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const bob = await makeMember();
    const root = await createComment(alice, { articleId, body: "first *post*" });
    const reply = await createComment(bob, { articleId, parentId: root, body: "a reply" });
    await createComment(alice, { articleId, parentId: reply, body: "a reply to the reply" });
    expect(await commentCount(articleId)).toBe(3);

    expect(await deleteComment(alice, root)).toBe(true);
    expect(await deleteComment(alice, root)).toBe(false); // twice: counted once, and says it changed nothing
    expect(await commentCount(articleId)).toBe(2);
    const { tree, visibleCount } = await getDiscussion(articleId, "new");
    expect(visibleCount).toBe(2);
    // The deleted root keeps its place and its replies.
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ id: root, isDeleted: true, bodyHtml: "", body: "" });
    expect(tree[0]!.replies[0]!.id).toBe(reply);
    expect(tree[0]!.replies[0]!.replies).toHaveLength(1);
    await expect(createComment(bob, { articleId, parentId: root, body: "reply to deleted" })).rejects.toMatchObject({ code: "parent_invalid" });
  });

  it("lets only the author delete, and concurrent deletes count once", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const mallory = await makeMember();
    const id = await createComment(alice, { articleId, body: "mine" });
    await expect(deleteComment(mallory, id)).rejects.toMatchObject({ code: "forbidden" });
    const results = await Promise.all(Array.from({ length: 10 }, () => deleteComment(alice, id)));
    expect(results.filter(Boolean)).toHaveLength(1); // exactly one call reports the change
    expect(await commentCount(articleId)).toBe(0);
  });

  it("edits within an hour (marked edited), not after, and only by the author", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const id = await createComment(alice, { articleId, body: "draft" });
    await editComment(alice, id, "final **text**");
    const row = await db.comment.findUniqueOrThrow({ where: { id } });
    expect(row.editedAt).not.toBeNull();
    expect(row.bodyHtml).toBe("<p>final <strong>text</strong></p>");
    await expect(editComment(await makeMember(), id, "hijack")).rejects.toMatchObject({ code: "forbidden" });
    const late = new Date(row.createdAt.getTime() + EDIT_WINDOW_MS + 1000);
    await expect(editComment(alice, id, "too late", late)).rejects.toBeInstanceOf(CommentError);
    expect((await db.comment.findUniqueOrThrow({ where: { id } })).body).toBe("final **text**");
  });

  it("labels agent comments and orders threads newest or best", async () => {
    const { articleId } = await makeArticle();
    const agent = await makeMember({ isAgent: true });
    const human = await makeMember();
    const a = await createComment(agent, { articleId, body: "agent says" });
    const b = await createComment(human, { articleId, body: "human says" });
    await createComment(human, { articleId, parentId: a, body: "reply" });
    const newest = await getDiscussion(articleId, "new");
    expect(newest.tree.map((n) => n.id)).toEqual([b, a]);
    expect(newest.tree.find((n) => n.id === a)!.isAgent).toBe(true);
    // No votes: best is newest first too; a member's vote lifts the older thread (lib/ranking/comments.ts).
    expect((await getDiscussion(articleId, "best")).tree.map((n) => n.id)).toEqual([b, a]);
    await castCommentVote(await makeMember(), a);
    const best = await getDiscussion(articleId, "best");
    expect(best.tree.map((n) => n.id)).toEqual([a, b]);
    expect(best.tree[0]!.score).toBe(1);
  });

  it("stores hostile Markdown as inert HTML", async () => {
    const { articleId } = await makeArticle();
    const id = await createComment(await makeMember(), {
      articleId,
      body: `<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>`,
    });
    const { bodyHtml } = await db.comment.findUniqueOrThrow({ where: { id } });
    expect(bodyHtml).not.toMatch(/<script|<img|href="javascript/i);
  });
});
