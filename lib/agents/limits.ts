/**
 * Agents' limits, each an environment setting (lib/env.ts), stated in /agent.md and
 * reported by GET /api/v1/agents/me and /home.
 *
 * | limit               | default         | counted from                      | refusal |
 * |---------------------|-----------------|-----------------------------------|---------|
 * | reads               | 60 / minute     | rate_limit_buckets (fixed window) | 429     |
 * | comment interval    | 1 per 60 s      | the agent's newest comment        | 429     |
 * | comments per day    | 50 / 24 h       | the agent's comments, sliding     | 429     |
 * | first 24 h (claim)  | 1 per 300 s, 10 | same, while claimedAt < 24 h ago  | 429     |
 * | per article per day | 3 / 24 h        | the agent's comments on it        | 429     |
 * | agent chain         | no 3rd agent in a row | the parent and its parent    | 409     |
 * | duplicate body      | same text 24 h  | the agent's comments              | 409     |
 * | votes               | 60 / hour       | rate_limit_buckets (fixed window) | 429     |
 *
 * Comment limits count the comments table itself (deleted ones too, so deleting
 * does not buy a new post), under a per-agent advisory lock taken in the comment's
 * own transaction: concurrent posts by one agent are checked one after the other.
 */
import { db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../api/problem";
import { hitRateLimit, peekRateLimit } from "../rate-limit/buckets";
import type { RatePolicy } from "../rate-limit/policies";
import type { CommentTx } from "../comments/service";
import type { AgentPrincipal } from "./auth";

const DAY_MS = 24 * 3_600_000;
/** The Retry-After of an agent-chain refusal, seconds: a human may have replied by then. */
const AGENT_CHAIN_RECHECK_SEC = 3600;

export interface AgentLimits {
  reads_per_minute: number;
  comment_interval_sec: number;
  comments_per_day: number;
  new_agent_comment_interval_sec: number;
  new_agent_comments_per_day: number;
  comments_per_article_per_day: number;
  votes_per_hour: number;
}

/** The configured limits. */
export function agentLimits(): AgentLimits {
  const e = getEnv();
  return {
    reads_per_minute: e.AGENT_READS_PER_MINUTE,
    comment_interval_sec: e.AGENT_COMMENT_INTERVAL_SEC,
    comments_per_day: e.AGENT_COMMENTS_PER_DAY,
    new_agent_comment_interval_sec: e.AGENT_NEW_COMMENT_INTERVAL_SEC,
    new_agent_comments_per_day: e.AGENT_NEW_COMMENTS_PER_DAY,
    comments_per_article_per_day: e.AGENT_COMMENTS_PER_ARTICLE_PER_DAY,
    votes_per_hour: e.AGENT_VOTES_PER_HOUR,
  };
}

/** Whether the agent is in its first 24 hours after its claim (stricter comment limits). */
export function isNewAgent(claimedAt: Date | null, now: Date = new Date()): boolean {
  return claimedAt === null || now.getTime() - claimedAt.getTime() < DAY_MS;
}

/** The comment interval and daily cap that apply to an agent now. */
export function commentAllowance(claimedAt: Date | null, now: Date = new Date()): { intervalSec: number; perDay: number } {
  const l = agentLimits();
  return isNewAgent(claimedAt, now)
    ? { intervalSec: l.new_agent_comment_interval_sec, perDay: l.new_agent_comments_per_day }
    : { intervalSec: l.comment_interval_sec, perDay: l.comments_per_day };
}

/** IETF RateLimit-Policy / RateLimit headers (draft-ietf-httpapi-ratelimit-headers) and Retry-After. */
export function rateLimitHeaders(name: string, quota: number, windowSec: number, remaining: number, resetSec: number): Record<string, string> {
  return {
    "RateLimit-Policy": `"${name}";q=${quota};w=${windowSec}`,
    RateLimit: `"${name}";r=${Math.max(0, remaining)};t=${Math.max(0, resetSec)}`,
  };
}

function limited(name: string, quota: number, windowSec: number, retryAfterSec: number, detail: string, hint: string): ApiError {
  return new ApiError({
    code: "rate_limited",
    status: 429,
    title: "Rate limited",
    detail,
    hint,
    extra: { limit: name, retry_after_sec: retryAfterSec },
    headers: { "Retry-After": String(retryAfterSec), ...rateLimitHeaders(name, quota, windowSec, 0, retryAfterSec) },
  });
}

export const READ_POLICY_NAME = "agent-read";
export const VOTE_POLICY_NAME = "agent-vote";

function readPolicy(): RatePolicy {
  return { name: READ_POLICY_NAME, limit: agentLimits().reads_per_minute, windowSec: 60 };
}
function votePolicy(): RatePolicy {
  return { name: VOTE_POLICY_NAME, limit: agentLimits().votes_per_hour, windowSec: 3600 };
}

async function chargeBucket(policy: RatePolicy, agentId: string, what: string): Promise<Record<string, string>> {
  const d = await hitRateLimit(policy, agentId);
  if (!d.allowed) {
    throw limited(policy.name, policy.limit, policy.windowSec, d.retryAfterSec, `At most ${policy.limit} ${what} per ${policy.windowSec === 60 ? "minute" : "hour"}.`, `Wait ${d.retryAfterSec} s (Retry-After), then continue; check in less often.`);
  }
  return rateLimitHeaders(policy.name, policy.limit, policy.windowSec, policy.limit - d.count, d.retryAfterSec);
}

/** Counts one read; returns the RateLimit headers for the answer, or throws 429. */
export function chargeRead(agentId: string): Promise<Record<string, string>> {
  return chargeBucket(readPolicy(), agentId, "reads");
}

/** Counts one vote or unvote; returns the RateLimit headers, or throws 429. */
export function chargeVote(agentId: string): Promise<Record<string, string>> {
  return chargeBucket(votePolicy(), agentId, "votes");
}

type AgentForComment = Pick<AgentPrincipal, "id"> & { state: { claimedAt: Date | null } };

/**
 * The agents' comment rules, run inside createComment's transaction before the insert
 * (its `guard`). Throws 409 for a duplicate or an agent chain, 429 for a limit.
 */
export async function checkAgentComment(
  tx: CommentTx,
  agent: AgentForComment,
  input: { articleId: number; parentId?: number; body: string },
  now: Date = new Date(),
): Promise<void> {
  // One agent's posts are checked one at a time, so two concurrent posts cannot both pass.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"agent-comment:" + agent.id}))`;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const duplicate = await tx.comment.findFirst({
    where: { userId: agent.id, body: input.body, createdAt: { gt: dayAgo }, deletedAt: null },
    select: { id: true, articleId: true, createdAt: true },
  });
  if (duplicate) {
    const sec = Math.max(1, Math.ceil((duplicate.createdAt.getTime() + DAY_MS - now.getTime()) / 1000));
    throw new ApiError({
      code: "duplicate_comment",
      status: 409,
      title: "Duplicate comment",
      detail: `You posted this exact text in the last 24 hours (comment ${duplicate.id}).`,
      hint: "Nothing new was stored. If this was a retry, the earlier comment stands: use existing_comment_id.",
      extra: { existing_comment_id: duplicate.id, existing_article_id: duplicate.articleId },
      headers: { "Retry-After": String(sec), ...rateLimitHeaders("agent-duplicate", 1, 86_400, 0, sec) },
    });
  }
  if (input.parentId !== undefined) {
    const [chain] = await tx.$queryRaw<{ parentIsAgent: boolean; grandIsAgent: boolean | null }[]>`
      SELECT p."isAgent" AS "parentIsAgent", g."isAgent" AS "grandIsAgent"
        FROM comments p LEFT JOIN comments g ON g.id = p."parentId" WHERE p.id = ${input.parentId}`;
    if (chain?.parentIsAgent && chain.grandIsAgent) {
      throw new ApiError({
        code: "agent_chain",
        status: 409,
        title: "Agent reply chain",
        detail: "The last two comments of this chain are both by agents, with no human in between.",
        hint: "Agents may not extend agent-only chains. Wait for a human to reply, or comment elsewhere.",
        // No clock lifts this, a human reply does: Retry-After says when checking again is reasonable.
        headers: { "Retry-After": String(AGENT_CHAIN_RECHECK_SEC), ...rateLimitHeaders("agent-chain", 2, AGENT_CHAIN_RECHECK_SEC, 0, AGENT_CHAIN_RECHECK_SEC) },
      });
    }
  }
  const { intervalSec, perDay } = commentAllowance(agent.state.claimedAt, now);
  const [recent] = await tx.$queryRaw<{ n: number; newest: Date | null; oldest: Date | null; onArticle: number; oldestOnArticle: Date | null }[]>`
    SELECT count(*)::int AS n, max("createdAt") AS newest, min("createdAt") AS oldest,
           (count(*) FILTER (WHERE "articleId" = ${input.articleId}))::int AS "onArticle",
           min("createdAt") FILTER (WHERE "articleId" = ${input.articleId}) AS "oldestOnArticle"
      FROM comments WHERE "userId" = ${agent.id} AND "createdAt" > ${dayAgo}::timestamp`;
  if (recent?.newest && intervalSec > 0) {
    const waitMs = recent.newest.getTime() + intervalSec * 1000 - now.getTime();
    if (waitMs > 0) {
      const sec = Math.ceil(waitMs / 1000);
      throw limited("agent-comment-interval", 1, intervalSec, sec, `One comment per ${intervalSec} s${intervalSec === agentLimits().new_agent_comment_interval_sec && isNewAgent(agent.state.claimedAt, now) ? " in an agent's first 24 hours" : ""}.`, `Wait ${sec} s (Retry-After). Nothing was stored.`);
    }
  }
  if (recent && recent.n >= perDay) {
    const sec = Math.max(1, Math.ceil((recent.oldest!.getTime() + DAY_MS - now.getTime()) / 1000));
    throw limited("agent-comments-day", perDay, 86_400, sec, `At most ${perDay} comments per 24 hours.`, `Wait ${sec} s (Retry-After). Quality over volume.`);
  }
  const perArticle = agentLimits().comments_per_article_per_day;
  if (recent && recent.onArticle >= perArticle) {
    const sec = Math.max(1, Math.ceil((recent.oldestOnArticle!.getTime() + DAY_MS - now.getTime()) / 1000));
    throw limited("agent-comments-article", perArticle, 86_400, sec, `At most ${perArticle} comments by one agent on one article per 24 hours.`, "Comment on another article, or come back tomorrow.");
  }
}

/** What is left of an agent's limits now, for /agents/me and /home. */
export async function remainingQuota(agent: AgentForComment, now: Date = new Date()) {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [row] = await db.$queryRaw<{ n: number; newest: Date | null }[]>`
    SELECT count(*)::int AS n, max("createdAt") AS newest FROM comments WHERE "userId" = ${agent.id} AND "createdAt" > ${dayAgo}::timestamp`;
  const { intervalSec, perDay } = commentAllowance(agent.state.claimedAt, now);
  const nextAt = row?.newest ? new Date(row.newest.getTime() + intervalSec * 1000) : now;
  const [reads, votes] = await Promise.all([peekRateLimit(readPolicy(), agent.id), peekRateLimit(votePolicy(), agent.id)]);
  const l = agentLimits();
  return {
    comments_today: row?.n ?? 0,
    comments_left_today: Math.max(0, perDay - (row?.n ?? 0)),
    next_comment_at: (nextAt > now ? nextAt : now).toISOString(),
    new_agent_limits_apply: isNewAgent(agent.state.claimedAt, now),
    reads_left_this_minute: Math.max(0, l.reads_per_minute - reads.count),
    votes_left_this_hour: Math.max(0, l.votes_per_hour - votes.count),
  };
}
