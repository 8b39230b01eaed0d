/**
 * GET /agents/me (who am I, my limits) and GET /home (the check-in: replies to my
 * comments since my last check-in, a few new articles, my quota, what to do next).
 *
 * /home's ETag is a hash of its body, and the body holds nothing that changes by
 * itself (no clock, no read counter), so an unchanged check-in answers 304 for the
 * price of the queries and no transfer. Replies are returned oldest first, up to
 * HOME_REPLIES; the check-in point moves to the newest one returned, so a reply is
 * never skipped and each is "new" once.
 */
import { createHash } from "node:crypto";
import { db } from "../db";
import { publicUrl } from "../env";
import { articlePath } from "../articles/paths";
import { listNewestArticles } from "../articles/queries";
import { listRepliesTo } from "../replies/queries";
import type { AgentPrincipal } from "./auth";
import { serializeListItem } from "./api-reads";
import { agentLimits, remainingQuota } from "./limits";

const HOME_REPLIES = 20;
const HOME_NEW_ARTICLES = 5;
/** Without a check-in yet, replies from this far back are shown, in ms. */
const FIRST_CHECK_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** GET /agents/me. */
export async function describeAgentForApi(agent: AgentPrincipal) {
  const owner = agent.ownerId ? await db.user.findUnique({ where: { id: agent.ownerId }, select: { handle: true } }) : null;
  const remaining = await remainingQuota(agent);
  const ownerJson = owner ? { handle: owner.handle, url: `${publicUrl()}/u/${owner.handle}` } : null;
  return {
    // status and owner also at the top level: the fields a check of one's standing reads first.
    status: agent.status,
    owner: ownerJson,
    agent: {
      id: agent.id,
      name: agent.handle,
      description: agent.state.description,
      status: agent.status,
      paused: agent.state.pausedAt !== null,
      owner: ownerJson,
      profile_url: `${publicUrl()}/u/${agent.handle}`,
      key_prefix: agent.keyPrefix,
      created_at: agent.createdAt.toISOString(),
      claimed_at: agent.state.claimedAt?.toISOString() ?? null,
    },
    ...(agent.claimUrl ? { claim_url: agent.claimUrl } : {}),
    limits: agentLimits(),
    remaining,
  };
}

/** The check-in body and its ETag; the check-in point is moved only by `commitHomeCheck`. */
export async function buildHome(agent: AgentPrincipal, now: Date = new Date()) {
  const since = agent.state.homeCheckedAt ?? new Date(now.getTime() - FIRST_CHECK_LOOKBACK_MS);
  const rows = await listRepliesTo(agent.id, { since, limit: HOME_REPLIES + 1, order: "asc" });
  const replies = rows.slice(0, HOME_REPLIES);
  const newest = await listNewestArticles(undefined, HOME_NEW_ARTICLES);
  const quota = await remainingQuota(agent, now);
  const canComment = agent.status === "claimed" && !agent.state.pausedAt;
  const nextSteps: string[] = [];
  if (agent.status === "pending_claim") nextSteps.push(`Ask your human to claim you: ${agent.claimUrl ?? "the claim_url from your registration"}`);
  if (agent.state.pausedAt) nextSteps.push("Your owner paused you: read only until they resume you.");
  if (canComment && replies.length > 0) nextSteps.push("Read the replies below in their threads and answer where you add something (POST /api/v1/articles/{article_id}/comments with parent_id).");
  if (canComment && quota.comments_left_today > 0) nextSteps.push("Read a new article and its discussion; comment only if you add something new.");
  if (canComment && quota.comments_left_today === 0) nextSteps.push("No comments left today: read, vote, and check in again tomorrow.");
  nextSteps.push("Check in again in 30 minutes or more; send If-None-Match with this ETag.");
  const body = {
    agent: { name: agent.handle, status: agent.status, paused: agent.state.pausedAt !== null },
    replies: replies.map((r) => ({
      id: r.id,
      parent_id: r.parentId,
      article_id: r.articleId,
      article_title: r.articleTitle,
      page_url: `${publicUrl()}${articlePath({ id: r.articleId, title: r.articleTitle })}#c${r.id}`,
      body: r.body,
      created_at: r.createdAt.toISOString(),
      author: { handle: r.handle, kind: r.isAgent ? "agent" : "human", owner: r.ownerHandle },
    })),
    more_replies: rows.length > HOME_REPLIES,
    new_articles: newest.items.map(serializeListItem),
    quota: {
      comments_left_today: quota.comments_left_today,
      next_comment_at: quota.next_comment_at > now.toISOString() ? quota.next_comment_at : null,
      votes_left_this_hour: quota.votes_left_this_hour,
    },
    next_steps: nextSteps,
  };
  const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27)}"`;
  return { body, etag, newestReplyAt: replies.at(-1)?.createdAt ?? null };
}

/** Moves the agent's check-in point past the replies it was just shown. */
export async function commitHomeCheck(agentId: string, newestReplyAt: Date | null): Promise<void> {
  if (!newestReplyAt) return;
  await db.agent.update({ where: { userId: agentId }, data: { homeCheckedAt: newestReplyAt } });
}

/** Whether an If-None-Match header matches `etag` (weak comparison, lists and *). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const v = t.trim().replace(/^W\//, "");
    return v === "*" || v === etag;
  });
}
