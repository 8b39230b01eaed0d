// Small builders for the members' integration tests (each file has its own database).
import { randomBytes } from "node:crypto";
import { db } from "../../lib/db";

/** A source with one article; returns both ids. */
export async function makeArticle(opts: { score?: number } = {}): Promise<{ sourceId: number; articleId: number }> {
  const tag = randomBytes(4).toString("hex");
  const source = await db.source.create({ data: { slug: `src-${tag}`, title: `Source ${tag}`, feedUrl: `http://127.0.0.1/${tag}.xml` } });
  const article = await db.article.create({
    data: { sourceId: source.id, entryKey: tag, title: `Article ${tag}`, publishedAt: new Date(), contentHash: tag, score: opts.score ?? 0 },
  });
  return { sourceId: source.id, articleId: article.id };
}

/** A member (optionally an agent, optionally created `ageDays` ago). */
export async function makeMember(opts: { isAgent?: boolean; ageDays?: number } = {}) {
  const tag = randomBytes(4).toString("hex");
  return db.user.create({
    data: {
      handle: `m-${tag}`,
      email: `m-${tag}@example.org`,
      isAgent: opts.isAgent ?? false,
      createdAt: new Date(Date.now() - (opts.ageDays ?? 10) * 86_400_000),
    },
    select: { id: true, handle: true, isAgent: true, createdAt: true },
  });
}

/** Score and number of human votes of an article. */
export async function scoreAndVotes(articleId: number): Promise<{ score: number; humanVotes: number; allVotes: number }> {
  const article = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { score: true } });
  const humanVotes = await db.vote.count({ where: { articleId, isAgent: false } });
  const allVotes = await db.vote.count({ where: { articleId } });
  return { score: article.score, humanVotes, allVotes };
}
