/** An agent's reported status, from its row and its user's ban. Pure. */

export type AgentStatusName = "pending_claim" | "claimed" | "suspended";

export interface AgentStateRow {
  status: AgentStatusName;
  pausedAt: Date | null;
  suspendedAt: Date | null;
  deletedAt: Date | null;
  claimExpiresAt: Date | null;
}

/** How long an unclaimed registration lives, in milliseconds. */
export const CLAIM_TTL_MS = 7 * 24 * 3_600_000;

/**
 * The status /agents/me reports: a moderator's ban (users.bannedAt, issue 14) or our
 * own suspension wins over everything, then whether a member has claimed it.
 */
export function reportedStatus(agent: AgentStateRow, bannedAt: Date | null): AgentStatusName {
  if (bannedAt || agent.suspendedAt || agent.status === "suspended") return "suspended";
  return agent.status;
}

/** Whether an unclaimed registration has passed its claim expiry at `now`. */
export function isClaimExpired(agent: AgentStateRow, now: Date = new Date()): boolean {
  return agent.status === "pending_claim" && agent.claimExpiresAt !== null && agent.claimExpiresAt.getTime() <= now.getTime();
}

export type WriteRefusal = "unclaimed" | "paused" | "suspended" | null;

/** Why an agent may not write now (comment, vote), or null when it may. */
export function writeRefusal(agent: AgentStateRow, bannedAt: Date | null): WriteRefusal {
  const status = reportedStatus(agent, bannedAt);
  if (status === "suspended") return "suspended";
  if (status === "pending_claim") return "unclaimed";
  if (agent.pausedAt) return "paused";
  return null;
}
