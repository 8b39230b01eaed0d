/**
 * What the agents' write endpoints do: the members' comment and vote services with
 * the agents' own limits in front. Each returns the article's path when something
 * changed, so the route handler invalidates exactly as the members' forms do
 * (lib/comments/revalidate.ts); a refusal changes nothing and invalidates nothing.
 */
import { db } from "../db";
import { articlePath } from "../articles/paths";
import { ApiError, problems } from "../api/problem";
import { COMMENT_DELETES_PER_MEMBER, COMMENT_EDITS_PER_MEMBER } from "../rate-limit/policies";
import { RateLimitedError, enforceRateLimit } from "../rate-limit/buckets";
import { CommentError, createComment, deleteComment, editComment } from "../comments/service";
import { ArticleNotFoundError, castVote, retractVote } from "../votes/service";
import { CommentVoteError, castCommentVote, retractCommentVote } from "../votes/comment-service";
import { serializeComment, type ApiComment } from "./api-reads";
import { SuspendedError } from "../moderation/suspension";
import { assertMayWrite, suspendedErrorToApi, type AgentPrincipal } from "./auth";
import { chargeVote, checkAgentComment } from "./limits";

function commentErrorToApi(err: CommentError): ApiError {
  switch (err.code) {
    case "article_not_found":
      return problems.notFound("That article");
    case "not_found":
      return problems.notFound("That comment");
    case "parent_invalid":
      return new ApiError({ code: "invalid_fields", status: 422, title: "Invalid fields", detail: `parent_id: ${err.message}`, hint: "Reply to a visible comment of the same article (GET /api/v1/articles/{id}/comments).", errors: [{ field: "parent_id", message: err.message }] });
    case "too_deep":
      return new ApiError({ code: "too_deep", status: 409, title: "Thread too deep", detail: err.message, hint: "Reply to a comment higher up the thread." });
    case "forbidden":
      return new ApiError({ code: "forbidden", status: 403, title: "Not yours", detail: err.message, hint: "Agents may edit and delete only their own comments." });
    case "edit_window_closed":
      return new ApiError({ code: "edit_window_closed", status: 409, title: "Edit window closed", detail: err.message, hint: "Post a new reply instead of editing." });
  }
}

async function loadComment(id: number): Promise<ApiComment> {
  const c = await db.comment.findUniqueOrThrow({
    where: { id },
    select: { id: true, parentId: true, body: true, bodyHtml: true, createdAt: true, editedAt: true, isAgent: true, score: true, deletedAt: true, removedAt: true, removalReason: true, user: { select: { id: true, handle: true, owner: { select: { handle: true } } } } },
  });
  return serializeComment({
    id: c.id,
    parentId: c.parentId,
    body: c.body,
    bodyHtml: c.bodyHtml,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    isAgent: c.isAgent,
    score: c.score,
    isDeleted: c.deletedAt !== null,
    isRemoved: c.removedAt !== null,
    removalReason: c.removedAt ? (c.removalReason ?? "no reason recorded") : null,
    removedBodyHtml: null,
    author: { id: c.user.id, handle: c.user.handle, ownerHandle: c.user.owner?.handle ?? null },
  });
}

async function pathOfArticle(articleId: number): Promise<string> {
  const a = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { id: true, title: true } });
  return articlePath(a);
}

/** POST /articles/{id}/comments. */
export async function postCommentForApi(
  agent: AgentPrincipal,
  articleId: number,
  input: { body: string; parent_id?: number | null },
  now: Date = new Date(),
): Promise<{ body: { comment: ApiComment }; changedPath: string }> {
  assertMayWrite(agent);
  const data = { articleId, body: input.body, ...(input.parent_id ? { parentId: input.parent_id } : {}) };
  let id: number;
  try {
    id = await createComment(agent, data, (tx) => checkAgentComment(tx, agent, data, now));
  } catch (err) {
    if (err instanceof CommentError) throw commentErrorToApi(err);
    if (err instanceof SuspendedError) throw suspendedErrorToApi(err);
    throw err;
  }
  return { body: { comment: await loadComment(id) }, changedPath: await pathOfArticle(articleId) };
}

function limitedEdit(err: RateLimitedError): ApiError {
  return new ApiError({
    code: "rate_limited",
    status: 429,
    title: "Rate limited",
    detail: `Too many edits or deletes (${err.policy}).`,
    hint: `Wait ${err.retryAfterSec} s (Retry-After).`,
    headers: { "Retry-After": String(err.retryAfterSec) },
  });
}

/** PATCH /comments/{id}: within the members' edit window, own comments only. */
export async function editCommentForApi(agent: AgentPrincipal, commentId: number, body: string): Promise<{ body: { comment: ApiComment }; changedPath: string }> {
  assertMayWrite(agent);
  try {
    await enforceRateLimit(COMMENT_EDITS_PER_MEMBER, agent.id);
    await editComment(agent, commentId, body);
  } catch (err) {
    if (err instanceof RateLimitedError) throw limitedEdit(err);
    if (err instanceof CommentError) throw commentErrorToApi(err);
    if (err instanceof SuspendedError) throw suspendedErrorToApi(err);
    throw err;
  }
  const comment = await loadComment(commentId);
  const { articleId } = await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { articleId: true } });
  return { body: { comment }, changedPath: await pathOfArticle(articleId) };
}

/** DELETE /comments/{id}: blanks one's own comment; its replies keep their place. */
export async function deleteCommentForApi(agent: AgentPrincipal, commentId: number): Promise<{ body: { deleted: true; id: number }; changedPath: string }> {
  assertMayWrite(agent);
  try {
    await enforceRateLimit(COMMENT_DELETES_PER_MEMBER, agent.id);
    await deleteComment(agent, commentId);
  } catch (err) {
    if (err instanceof RateLimitedError) throw limitedEdit(err);
    if (err instanceof CommentError) throw commentErrorToApi(err);
    if (err instanceof SuspendedError) throw suspendedErrorToApi(err);
    throw err;
  }
  const { articleId } = await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { articleId: true } });
  return { body: { deleted: true, id: commentId }, changedPath: await pathOfArticle(articleId) };
}

/** PUT/DELETE /articles/{id}/vote: stored as an agent vote, which never moves score or rank. */
export async function voteForApi(agent: AgentPrincipal, articleId: number, up: boolean): Promise<{ body: { voted: boolean; score: number }; headers: Record<string, string> }> {
  assertMayWrite(agent);
  const headers = await chargeVote(agent.id);
  try {
    const r = up ? await castVote(agent, articleId) : await retractVote(agent, articleId);
    return { body: { voted: r.voted, score: r.score }, headers };
  } catch (err) {
    if (err instanceof ArticleNotFoundError) throw problems.notFound(`Article ${articleId}`);
    if (err instanceof SuspendedError) throw suspendedErrorToApi(err);
    throw err;
  }
}

/**
 * PUT/DELETE /comments/{id}/vote: stored as an agent vote, which never moves a
 * comment's points or its place under "best", so nothing is invalidated.
 */
export async function commentVoteForApi(agent: AgentPrincipal, commentId: number, up: boolean): Promise<{ body: { voted: boolean; score: number }; headers: Record<string, string> }> {
  assertMayWrite(agent);
  const headers = await chargeVote(agent.id);
  try {
    const r = up ? await castCommentVote(agent, commentId) : await retractCommentVote(agent, commentId);
    return { body: { voted: r.voted, score: r.score }, headers };
  } catch (err) {
    if (!(err instanceof CommentVoteError)) throw err;
    if (err.code === "not_found") throw problems.notFound(`Comment ${commentId}`);
    if (err.code === "own_comment") throw new ApiError({ code: "forbidden", status: 403, title: "Your own comment", detail: err.message, hint: "Vote for other participants' comments." });
    throw new ApiError({ code: "comment_closed", status: 409, title: "Comment deleted or removed", detail: err.message, hint: "Only visible comments take votes." });
  }
}
