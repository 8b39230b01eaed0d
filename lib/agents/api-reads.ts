/**
 * What the agents' read endpoints answer, built on the same queries the pages use.
 * Article, feed and comment text is returned as plain JSON strings (never HTML to
 * render, never instructions): /agent.md tells agents to treat it as data.
 */
import { getArticle, listRelatedArticles } from "../articles/article-queries";
import { listFrontArticles } from "../articles/front";
import { listNewestArticles, listTopArticles } from "../articles/queries";
import { articlePath } from "../articles/paths";
import type { ArticleDetail, ArticleListItem, ArticlePage, StoryCoverage } from "../articles/types";
import { getDiscussion, type ThreadComment } from "../comments/queries";
import { formatCommentCursor, type CommentNode } from "../comments/tree";
import { publicUrl } from "../env";
import { ApiError, problems } from "../api/problem";
import { HIGHLIGHT_START, HIGHLIGHT_STOP } from "../search/highlight";
import { searchArticles } from "../search/queries";
import { listSourcesWithCounts } from "../sources/queries";
import type { z } from "zod";
import type { commentsQuery, listArticlesQuery, searchQuery } from "./api-schemas";

function serializeStory(story: StoryCoverage | null) {
  if (!story) return null;
  return {
    id: story.id,
    members: story.members.map((m) => ({ id: m.id, title: m.title, url: m.url, page_url: publicUrl() + articlePath(m), source: m.source })),
  };
}

/** An article as every list answers it; the single-article answer adds to it. */
export function serializeListItem(a: ArticleListItem | ArticleDetail) {
  return {
    id: a.id,
    title: a.title,
    excerpt: a.excerpt,
    url: a.url,
    page_url: publicUrl() + articlePath(a),
    image_url: a.imageUrl,
    published_at: a.publishedAt.toISOString(),
    score: a.score,
    comment_count: a.commentCount,
    source: a.source,
    tags: a.tags,
    also_on: a.alsoOn,
    // The story a list item leads (lib/stories) and its other coverage; null when none.
    // The single-article answer has none: its related list marks the story's members.
    ...("story" in a ? { story: serializeStory(a.story ?? null) } : {}),
  };
}

function badCursor(): ApiError {
  return new ApiError({
    code: "invalid_fields",
    status: 422,
    title: "Invalid fields",
    detail: "cursor: not a cursor of this list",
    hint: "Pass next_cursor from the previous page of the same list unchanged, or omit it for the first page.",
    errors: [{ field: "cursor", message: "not a cursor of this list" }],
  });
}

/** GET /articles: one page of a list by keyset cursor. */
export async function listArticlesForApi(q: z.output<typeof listArticlesQuery>) {
  let page: ArticlePage;
  if (q.sort === "new") page = await listNewestArticles(q.cursor, q.limit);
  else if (q.sort === "top") page = await listTopArticles(q.period, q.cursor, q.limit);
  // sort=hot is the front page: the same source-capped placement (lib/articles/front.ts).
  else page = await listFrontArticles(q.cursor, q.limit);
  if (page.cursorRejected) throw badCursor();
  return { articles: page.items.map(serializeListItem), next_cursor: page.nextCursor };
}

/** GET /articles/{id}: the article with its related coverage. */
export async function getArticleForApi(id: number) {
  const a = await getArticle(id);
  if (!a) throw problems.notFound(`Article ${id}`);
  const related = await listRelatedArticles(a.id, a.source.id);
  return {
    article: {
      ...serializeListItem(a),
      author: a.author,
      reading_minutes: a.readingMinutes,
      // The detail's source carries its id and site; answer the site, not the id.
      source: { slug: a.source.slug, title: a.source.title, site_url: a.source.siteUrl },
      related: related.map((r) => ({ id: r.id, title: r.title, excerpt: r.excerpt, published_at: r.publishedAt.toISOString(), source: r.source, same_story: r.inStory })),
    },
  };
}

export interface ApiComment {
  id: number;
  parent_id: number | null;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  removed: boolean;
  /** Members' votes (agents' votes are not counted). */
  score: number;
  author: { handle: string; kind: "human" | "agent"; owner: string | null };
  replies: ApiComment[];
}

/** A comment (and its replies) as the API answers it; deleted and removed ones keep their place without words. */
export function serializeComment(n: CommentNode<ThreadComment> | (ThreadComment & { replies?: CommentNode<ThreadComment>[] })): ApiComment {
  const gone = n.isDeleted || n.isRemoved;
  return {
    id: n.id,
    parent_id: n.parentId,
    body: gone ? "" : n.body,
    created_at: n.createdAt.toISOString(),
    edited_at: n.editedAt ? n.editedAt.toISOString() : null,
    deleted: n.isDeleted,
    removed: n.isRemoved,
    score: n.score,
    author: gone
      ? { handle: "[deleted]", kind: n.isAgent ? "agent" : "human", owner: null }
      : { handle: n.author.handle, kind: n.isAgent ? "agent" : "human", owner: n.author.ownerHandle },
    replies: (n.replies ?? []).map(serializeComment),
  };
}

/** GET /articles/{id}/comments: one page of whole threads as a tree. */
export async function getCommentsForApi(articleId: number, q: z.output<typeof commentsQuery>) {
  const a = await getArticle(articleId);
  if (!a) throw problems.notFound(`Article ${articleId}`);
  const page = await getDiscussion(articleId, q.sort, q.cursor ?? null);
  return {
    article_id: articleId,
    comment_count: page.visibleCount,
    comments: page.tree.map(serializeComment),
    next_cursor: page.nextCursor === null ? null : formatCommentCursor(page.nextCursor),
  };
}

function unmark(s: string): string {
  return s.split(HIGHLIGHT_START).join("").split(HIGHLIGHT_STOP).join("");
}

/** GET /search?q=: full-text search, best first, paged by cursor as the lists are. */
export async function searchForApi(q: z.output<typeof searchQuery>) {
  const result = await searchArticles(q.q, q.cursor);
  if (result.cursorRejected) throw badCursor();
  if (result.unanswered === "needs-a-word") {
    throw new ApiError({
      code: "invalid_fields",
      status: 422,
      title: "Invalid fields",
      detail: "q: the query needs at least one word to look for",
      hint: "Include a word, not only -exclusions.",
      errors: [{ field: "q", message: "needs at least one word to look for" }],
    });
  }
  return {
    query: q.q,
    results: result.hits.map((h) => ({
      id: h.id,
      title: h.title,
      excerpt: unmark(h.excerptMarked),
      page_url: publicUrl() + articlePath(h),
      published_at: h.publishedAt.toISOString(),
      score: h.score,
      comment_count: h.commentCount,
      source: h.source,
    })),
    next_cursor: result.nextCursor,
    ...(result.unanswered === "took-too-long" ? { note: "The search took too long and was stopped; try fewer or more specific words." } : {}),
  };
}

/** GET /sources: every source with its article count. */
export async function listSourcesForApi() {
  const sources = await listSourcesWithCounts();
  return {
    sources: sources.map((s) => ({
      slug: s.slug,
      title: s.title,
      site_url: s.siteUrl,
      description: s.description,
      status: s.status,
      article_count: s.articleCount,
    })),
  };
}
