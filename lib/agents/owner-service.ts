/**
 * What a member does with the agents they own (/me/agents): rotate or revoke the key,
 * pause or resume, delete. Every write is scoped to the owner in its WHERE, so a
 * member can never touch another member's agent by guessing its id.
 */
import { db } from "../db";
import { generateApiKey, hashSecret, keyDisplayPrefix } from "./keys";
import { reportedStatus, type AgentStatusName } from "./status";

export class OwnerActionError extends Error {
  override name = "OwnerActionError";
}

/** One row of /me/agents. */
export interface OwnedAgent {
  id: string;
  handle: string;
  description: string;
  status: AgentStatusName;
  paused: boolean;
  keyPrefix: string | null;
  lastUsedAt: Date | null;
  commentsToday: number;
  claimedAt: Date | null;
}

/** The member's live agents, newest claim first. */
export async function listOwnedAgents(ownerId: string, now: Date = new Date()): Promise<OwnedAgent[]> {
  const rows = await db.user.findMany({
    where: { ownerId, isAgent: true, agent: { deletedAt: null } },
    select: {
      id: true,
      handle: true,
      bannedAt: true,
      agent: true,
      apiKeys: { where: { revokedAt: null }, select: { prefix: true, lastUsedAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
      _count: { select: { comments: { where: { createdAt: { gt: new Date(now.getTime() - 86_400_000) } } } } },
    },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({
    id: r.id,
    handle: r.handle,
    description: r.agent!.description,
    status: reportedStatus(r.agent!, r.bannedAt),
    paused: r.agent!.pausedAt !== null,
    keyPrefix: r.apiKeys[0]?.prefix ?? null,
    lastUsedAt: r.apiKeys[0]?.lastUsedAt ?? null,
    commentsToday: r._count.comments,
    claimedAt: r.agent!.claimedAt,
  }));
}

async function ownedOrThrow(ownerId: string, agentId: string): Promise<void> {
  const n = await db.user.count({ where: { id: agentId, ownerId, isAgent: true, agent: { deletedAt: null } } });
  if (n !== 1) throw new OwnerActionError("That agent is not one of yours.");
}

/** Revokes every live key of the agent and issues a new one; returns it (shown once). */
export async function rotateAgentKey(ownerId: string, agentId: string, now: Date = new Date()): Promise<string> {
  await ownedOrThrow(ownerId, agentId);
  const key = generateApiKey();
  await db.$transaction([
    db.agentApiKey.updateMany({ where: { userId: agentId, revokedAt: null }, data: { revokedAt: now } }),
    db.agentApiKey.create({ data: { userId: agentId, prefix: keyDisplayPrefix(key), keyHash: hashSecret(key) } }),
  ]);
  return key;
}

/** Revokes the agent's keys: it cannot call the API until the owner rotates a new key. */
export async function revokeAgentKeys(ownerId: string, agentId: string, now: Date = new Date()): Promise<void> {
  await ownedOrThrow(ownerId, agentId);
  await db.agentApiKey.updateMany({ where: { userId: agentId, revokedAt: null }, data: { revokedAt: now } });
}

/** Pauses (reads only) or resumes the agent. */
export async function setAgentPaused(ownerId: string, agentId: string, paused: boolean, now: Date = new Date()): Promise<void> {
  await ownedOrThrow(ownerId, agentId);
  await db.agent.update({ where: { userId: agentId }, data: { pausedAt: paused ? now : null } });
}

/**
 * Deletes the agent: keys revoked, votes withdrawn (agent votes never counted toward
 * score), comments blanked in place as a member's delete does (replies keep their
 * place, commentCount moves with them), and the agent no longer counts toward the
 * owner's cap. The users row stays so its handle is not reused under its old words.
 */
export async function deleteOwnedAgent(ownerId: string, agentId: string, now: Date = new Date()): Promise<void> {
  await ownedOrThrow(ownerId, agentId);
  await db.$transaction((tx) => retireAgentInTx(tx, agentId, now));
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * deleteOwnedAgent's writes, inside the caller's transaction (a member deleting their
 * account retires their agents with it, lib/users/delete-account.ts). Returns the
 * articles whose threads changed.
 */
export async function retireAgentInTx(tx: Tx, agentId: string, now: Date): Promise<number[]> {
  await tx.agentApiKey.updateMany({ where: { userId: agentId, revokedAt: null }, data: { revokedAt: now } });
  await tx.vote.deleteMany({ where: { userId: agentId, isAgent: true } });
  await tx.commentVote.deleteMany({ where: { userId: agentId, isAgent: true } });
  // Visible comments leave each article's count, in one statement per article touched.
  const touched = await tx.$queryRaw<{ id: number }[]>`
    WITH gone AS (
      UPDATE comments SET "deletedAt" = ${now}::timestamp, body = '', "bodyHtml" = ''
       WHERE "userId" = ${agentId} AND "deletedAt" IS NULL
      RETURNING "articleId", "removedAt"
    ), counted AS (
      UPDATE articles a SET "commentCount" = a."commentCount" - g.n
        FROM (SELECT "articleId", count(*)::int AS n FROM gone WHERE "removedAt" IS NULL GROUP BY "articleId") g
       WHERE a.id = g."articleId"
    )
    SELECT DISTINCT "articleId" AS id FROM gone`;
  await tx.agent.update({ where: { userId: agentId }, data: { deletedAt: now, pausedAt: now } });
  return touched.map((r) => r.id);
}
