/**
 * What the database itself does when a row is deleted: no foreign-key action may delete
 * other members' content or leave a denormalized count wrong. Deleting an account goes
 * through lib/users/delete-account.ts, which withdraws votes and blanks and reassigns
 * comments first (tests/integration/accounts.test.ts).
 */
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";

let n = 0;

async function makeArticle() {
  n++;
  const source = await db.source.create({ data: { slug: `del-${n}`, title: "S", feedUrl: `http://127.0.0.1/del/${n}` } });
  return db.article.create({ data: { sourceId: source.id, entryKey: "k", title: "T", publishedAt: new Date(), contentHash: "x" } });
}

async function makeUser(handle: string) {
  return db.user.create({ data: { handle, email: `${handle}@example.org` } });
}

/** A member with a comment that another member replied to, and a vote counted in the article's score. */
async function memberWithRepliedCommentAndVote(tag: string) {
  const article = await makeArticle();
  const author = await makeUser(`author${tag}`);
  const other = await makeUser(`other${tag}`);
  const comment = await db.comment.create({ data: { articleId: article.id, userId: author.id, body: "mine", bodyHtml: "<p>mine</p>" } });
  const reply = await db.comment.create({
    data: { articleId: article.id, userId: other.id, parentId: comment.id, body: "theirs", bodyHtml: "<p>theirs</p>" },
  });
  await db.vote.create({ data: { userId: author.id, articleId: article.id } });
  await db.article.update({ where: { id: article.id }, data: { score: 1, commentCount: 2 } });
  return { article, author, other, comment, reply };
}

async function snapshot(articleId: number) {
  const article = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { score: true, commentCount: true } });
  const comments = await db.comment.findMany({ where: { articleId }, orderBy: { id: "asc" }, select: { id: true, parentId: true, userId: true } });
  const votes = await db.vote.count({ where: { articleId } });
  return { article, comments, votes };
}

describe("deleting rows", () => {
  it("refuses to delete a member who has comments or votes, and changes nothing", async () => {
    const { article, author } = await memberWithRepliedCommentAndVote("a");
    const before = await snapshot(article.id);
    await expect(db.user.delete({ where: { id: author.id } })).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM users WHERE id = ${author.id}`).rejects.toThrow(/foreign key/);
    expect(await db.user.count({ where: { id: author.id } })).toBe(1);
    expect(await snapshot(article.id)).toEqual(before);
  });

  it("refuses to delete a member whose only trace is a vote counted in a score", async () => {
    const article = await makeArticle();
    const voter = await makeUser("voteronly");
    await db.vote.create({ data: { userId: voter.id, articleId: article.id } });
    await db.article.update({ where: { id: article.id }, data: { score: 1 } });
    await expect(db.$executeRaw`DELETE FROM users WHERE id = ${voter.id}`).rejects.toThrow(/foreign key/);
    expect(await db.vote.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("still deletes a member with only their own rows (sessions, subscriptions, saves)", async () => {
    const article = await makeArticle();
    const user = await makeUser("loner");
    await db.session.create({ data: { sessionToken: "tok-loner", userId: user.id, expires: new Date(Date.now() + 60_000) } });
    await db.savedArticle.create({ data: { userId: user.id, articleId: article.id } });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("never deletes replies with the comment row they answer", async () => {
    const { article, comment, reply } = await memberWithRepliedCommentAndVote("b");
    await db.$executeRaw`DELETE FROM comments WHERE id = ${comment.id}`.catch(() => undefined);
    const after = await db.comment.findUnique({ where: { id: reply.id } });
    expect(after).not.toBeNull();
    expect(after!.body).toBe("theirs");
    // Refused outright, so the thread keeps its shape (deleting is the service's soft delete).
    expect(await db.comment.count({ where: { id: comment.id } })).toBe(1);
    expect((await snapshot(article.id)).comments).toHaveLength(2);
  });

  it("removing an article (or its source) still removes its whole discussion and votes", async () => {
    const { article } = await memberWithRepliedCommentAndVote("c");
    await db.source.delete({ where: { id: article.sourceId } });
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
    expect(await db.vote.count({ where: { articleId: article.id } })).toBe(0);
  });
});
