/**
 * The staff list of agents (/admin/agents) and the admin's "revoke keys": every live
 * key of an agent is revoked in one transaction with its moderation-log row, after
 * which the agents' API answers those keys 401 (lib/agents/auth.ts).
 */
import { db } from "../db";
import { reportedStatus } from "../agents/status";
import { writeLogEntry, type Moderator } from "../moderation/log";
import { isAdmin } from "../moderation/roles";
import { activeSuspension, type Suspension } from "../moderation/suspension";

/** Agents one page of the list shows, newest first. */
export const AGENTS_PAGE_SIZE = 200;

export interface StaffAgentRow {
  id: string;
  handle: string;
  ownerHandle: string | null;
  createdAt: Date;
  /** The newest lastUsedAt of any of its keys, revoked or not. */
  lastUsedAt: Date | null;
  /** pending_claim | claimed | paused | suspended | deleted */
  status: string;
  suspension: Suspension | null;
  liveKeys: number;
}

/** Every agent (newest first, at most AGENTS_PAGE_SIZE) with its owner, key use and standing. */
export async function listAgentsForStaff(now: Date = new Date()): Promise<StaffAgentRow[]> {
  const agents = await db.agent.findMany({
    orderBy: [{ createdAt: "desc" }, { userId: "asc" }],
    take: AGENTS_PAGE_SIZE,
    select: {
      userId: true,
      status: true,
      pausedAt: true,
      suspendedAt: true,
      deletedAt: true,
      claimExpiresAt: true,
      createdAt: true,
      user: {
        select: {
          handle: true,
          bannedAt: true,
          bannedUntil: true,
          banReason: true,
          owner: { select: { handle: true } },
          apiKeys: { select: { lastUsedAt: true, revokedAt: true } },
        },
      },
    },
  });
  return agents.map((a) => {
    const suspension = activeSuspension(a.user, now);
    const used = a.user.apiKeys.map((k) => k.lastUsedAt?.getTime() ?? 0).reduce((m, t) => Math.max(m, t), 0);
    const reported = reportedStatus(a, suspension ? a.user.bannedAt : null);
    const status = a.deletedAt ? "deleted" : reported === "claimed" && a.pausedAt ? "paused" : reported;
    return {
      id: a.userId,
      handle: a.user.handle,
      ownerHandle: a.user.owner?.handle ?? null,
      createdAt: a.createdAt,
      lastUsedAt: used > 0 ? new Date(used) : null,
      status,
      suspension,
      liveKeys: a.user.apiKeys.filter((k) => k.revokedAt === null).length,
    };
  });
}

/** The notice scope of one agent's row on /admin/agents (its revoke form). */
export function agentRowScope(agentId: string): string {
  return `admin:agent:${agentId.slice(0, 40)}`;
}

export class AgentStaffError extends Error {
  override name = "AgentStaffError";
}

/**
 * Revokes every live key of agent `agentId` (admins only), with a reason on the public
 * log; one log row, in the same transaction. Returns how many keys it revoked.
 */
export async function revokeAgentKeys(actor: Moderator & { isAgent?: boolean }, agentId: string, reason: string, now: Date = new Date()): Promise<number> {
  if (actor.isAgent || !isAdmin(actor.role)) throw new AgentStaffError("Only admins can revoke an agent's keys.");
  return db.$transaction(async (tx) => {
    const agent = await tx.user.findFirst({ where: { id: agentId, isAgent: true }, select: { id: true, handle: true, owner: { select: { handle: true } } } });
    if (!agent) throw new AgentStaffError("That agent no longer exists.");
    const { count } = await tx.agentApiKey.updateMany({ where: { userId: agent.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) throw new AgentStaffError(`${agent.handle} has no live keys to revoke.`);
    await writeLogEntry(tx, actor, {
      action: "revoke",
      targetType: "agent",
      targetId: agent.id,
      targetLabel: `agent ${agent.handle}${agent.owner ? ` (owned by ${agent.owner.handle})` : ""}: ${count} ${count === 1 ? "key" : "keys"}`,
      targetPath: `/u/${agent.handle}`,
      reason,
    });
    return count;
  });
}
