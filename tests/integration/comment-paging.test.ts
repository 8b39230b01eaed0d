/**
 * Long discussions: top-level threads are paged (keyset, by the id of the last thread
 * shown), every reply of a shown thread is on the same page, and replies stop at a
 * fixed depth. Before, a thread past 2,000 comments silently stopped showing new ones.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { getDiscussion, type ThreadComment } from "../../lib/comments/queries";
import { CommentError, createComment } from "../../lib/comments/service";
import { MAX_REPLY_DEPTH, type CommentCursor, type CommentNode, type CommentSort } from "../../lib/comments/tree";
import { makeArticle, makeMember } from "./members-fixtures";

function flatten(nodes: CommentNode<ThreadComment>[]): number[] {
  const out: number[] = [];
  const stack = [...nodes];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n.id);
    stack.push(...n.replies);
  }
  return out;
}

/** Follows "more comments" from the first page to the last; returns each page's top-level ids and all ids seen. */
async function walk(articleId: number, sort: CommentSort) {
  const pages: number[][] = [];
  const seen: number[] = [];
  let after: CommentCursor | null = null;
  for (let i = 0; i < 500; i++) {
    const page = await getDiscussion(articleId, sort, after);
    pages.push(page.tree.map((n) => n.id));
    seen.push(...flatten(page.tree));
    if (page.nextCursor === null) return { pages, seen };
    expect(page.nextCursor!.id).toBe(page.tree.at(-1)!.id);
    expect(page.nextCursor!.rank === null).toBe(sort === "new");
    after = page.nextCursor;
  }
  throw new Error("no last page after 500 pages");
}

describe("a discussion of more than 2,000 comments", () => {
  it("shows the newest first and reaches every comment exactly once, in either order", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const bob = await makeMember();
    const t0 = Date.now() - 10 * 86_400_000;
    // 2,100 top-level comments, one a minute, in one statement.
    await db.comment.createMany({
      data: Array.from({ length: 2_100 }, (_, i) => ({
        articleId,
        userId: alice.id,
        body: `c${i}`,
        bodyHtml: `<p>c${i}</p>`,
        score: i % 7,
        createdAt: new Date(t0 + i * 60_000),
      })),
    });
    // An old thread with a long conversation under it, and the newest comment of all.
    const oldest = await db.comment.findFirstOrThrow({ where: { articleId }, orderBy: { id: "asc" } });
    await db.comment.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        articleId,
        userId: bob.id,
        parentId: oldest.id,
        body: `r${i}`,
        bodyHtml: `<p>r${i}</p>`,
        createdAt: new Date(t0 + (3_000 + i) * 60_000),
      })),
    });
    const newest = await createComment(bob, { articleId, body: "the newest comment" });
    const total = await db.comment.count({ where: { articleId } });
    expect(total).toBe(2_221);

    const first = await getDiscussion(articleId, "new");
    expect(first.visibleCount).toBe(2_221);
    expect(first.tree[0]!.id).toBe(newest);
    expect(first.nextCursor).not.toBeNull();

    for (const sort of ["new", "best"] as const) {
      const { pages, seen } = await walk(articleId, sort);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(pages.length).toBeGreaterThan(1);
      // The long thread is on one page, all its replies under it.
      const page = pages.findIndex((p) => p.includes(oldest.id));
      // A cursor of just the id (as links from before ranks were carried) still finds the page.
      const tree = (await getDiscussion(articleId, sort, page === 0 ? null : { id: pages[page - 1]!.at(-1)!, rank: null })).tree;
      expect(tree.find((n) => n.id === oldest.id)!.replies).toHaveLength(120);
    }
  });

  it("pages in the same order as the whole tree would be sorted", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createComment(alice, { articleId, body: `root ${i}` }));
    await createComment(alice, { articleId, parentId: ids[1]!, body: "reply" });
    await db.comment.update({ where: { id: ids[3]! }, data: { score: 5 } });
    const best = await walk(articleId, "best");
    // Votes first, then the newer (lib/ranking/comments.ts); the reply under ids[1] does not lift it.
    expect(best.pages.flat()).toEqual([ids[3], ids[4], ids[2], ids[1], ids[0]]);
    const newest = await walk(articleId, "new");
    expect(newest.pages.flat()).toEqual([...ids].reverse());
  });

  it("gives a thread of more than 1,000 comments a page of its own, whole", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const big = await createComment(alice, { articleId, body: "a long conversation" });
    await db.comment.createMany({
      data: Array.from({ length: 1_001 }, (_, i) => ({ articleId, userId: alice.id, parentId: big, body: `r${i}`, bodyHtml: `<p>r${i}</p>` })),
    });
    const mid = await createComment(alice, { articleId, body: "middle" });
    const last = await createComment(alice, { articleId, body: "newest" });
    const first = await getDiscussion(articleId, "new");
    expect(first.tree.map((n) => n.id)).toEqual([last, mid]);
    expect(first.nextCursor).toEqual({ id: mid, rank: null });
    const second = await getDiscussion(articleId, "new", first.nextCursor);
    expect(second.tree.map((n) => n.id)).toEqual([big]);
    expect(second.tree[0]!.replies).toHaveLength(1_001);
    expect(second.nextCursor).toBeNull();
  });

  it("treats an unknown cursor as the first page", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const id = await createComment(alice, { articleId, body: "only" });
    const other = await makeArticle();
    const elsewhere = await createComment(alice, { articleId: other.articleId, body: "elsewhere" });
    for (const after of [2_147_483_647, elsewhere]) {
      expect((await getDiscussion(articleId, "new", { id: after, rank: null })).tree.map((n) => n.id)).toEqual([id]);
      expect((await getDiscussion(articleId, "best", { id: after, rank: null })).tree.map((n) => n.id)).toEqual([id]);
    }
  });
});

describe("reply depth", () => {
  it(`accepts replies ${MAX_REPLY_DEPTH} deep and refuses one deeper with a clear message`, async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    let parent = await createComment(alice, { articleId, body: "depth 0" });
    for (let depth = 1; depth <= MAX_REPLY_DEPTH; depth++) {
      parent = await createComment(alice, { articleId, parentId: parent, body: `depth ${depth}` });
    }
    const before = await db.comment.count({ where: { articleId } });
    const refusal = await createComment(alice, { articleId, parentId: parent, body: "too deep" }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CommentError);
    expect(refusal).toMatchObject({ code: "too_deep" });
    expect((refusal as Error).message).toMatch(/replies can be nested at most 8 deep/i);
    expect(await db.comment.count({ where: { articleId } })).toBe(before);
    expect((await db.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount).toBe(before);
  });
});
