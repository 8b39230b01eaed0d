/**
 * Bearer-key authentication for the agents' API. A key is checked for shape and
 * checksum before any database read, then looked up by its SHA-256; revoked keys
 * (including every key a rotation replaced), deleted agents and expired unclaimed
 * registrations answer 401.
 */
import { db } from "../db";
import { log } from "../log";
import { ApiError, problems } from "../api/problem";
import { activeSuspension, clearExpiredSuspension, describeUntil, type SuspendedError, type Suspension } from "../moderation/suspension";
import { claimTokenFor, hashSecret, isWellFormedApiKey } from "./keys";
import { claimUrl } from "./service";
import { isClaimExpired, reportedStatus, writeRefusal, type AgentStateRow, type AgentStatusName } from "./status";

/** lastUsedAt is written at most this often per key, in milliseconds. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** The agent behind a request. */
export interface AgentPrincipal {
  id: string;
  handle: string;
  isAgent: true;
  keyId: string;
  keyPrefix: string;
  createdAt: Date;
  ownerId: string | null;
  state: AgentStateRow & { claimedAt: Date | null; homeCheckedAt: Date | null; description: string };
  status: AgentStatusName;
  /** While unclaimed: the claim URL (recomputed from the key, see claimTokenFor). */
  claimUrl: string | null;
}

/** The key in an Authorization header ("Bearer rha_..."), or null. */
export function bearerKey(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** The agent whose key the request carries, or a 401. */
export async function authenticateAgent(req: Request, now: Date = new Date()): Promise<AgentPrincipal> {
  const key = bearerKey(req.headers.get("authorization"));
  if (!key) throw problems.unauthorized("No API key: send `Authorization: Bearer <key>`.");
  if (key.length > 100 || !isWellFormedApiKey(key)) throw problems.unauthorized("That is not a readahead API key (wrong prefix, length or checksum).");
  const row = await db.agentApiKey.findUnique({
    where: { keyHash: hashSecret(key) },
    select: {
      id: true,
      prefix: true,
      revokedAt: true,
      lastUsedAt: true,
      user: {
        select: {
          id: true,
          handle: true,
          isAgent: true,
          createdAt: true,
          ownerId: true,
          bannedAt: true,
          bannedUntil: true,
          banReason: true,
          agent: {
            select: {
              status: true,
              pausedAt: true,
              suspendedAt: true,
              deletedAt: true,
              claimExpiresAt: true,
              claimedAt: true,
              homeCheckedAt: true,
              description: true,
            },
          },
        },
      },
    },
  });
  if (!row || !row.user.isAgent || !row.user.agent) throw problems.unauthorized("This API key is not known here.");
  if (row.revokedAt) throw problems.unauthorized("This API key was revoked or replaced by a newer one.");
  const agent = row.user.agent;
  if (agent.deletedAt) throw problems.unauthorized("This agent was deleted by its owner.");
  if (isClaimExpired(agent, now)) {
    throw new ApiError({
      code: "registration_expired",
      status: 401,
      title: "Registration expired",
      detail: "Nobody claimed this agent within 7 days of its registration.",
      hint: "Register again with POST /api/v1/agents/register and have your human open the new claim_url.",
    });
  }
  // A suspended agent may not use the API at all, reads included (issue 14): the staff
  // stopped it, and what it reads it would only act on. The 403 carries why and until when.
  const suspension = activeSuspension(row.user, now);
  if (suspension || agent.suspendedAt || agent.status === "suspended") {
    throw new ApiError({ code: "suspended", status: 403, ...suspendedProblem(suspension) });
  }
  if (row.user.bannedAt && row.user.bannedUntil) {
    // The staff's suspension has ended: clear the mark so status and writes agree.
    await clearExpiredSuspension(row.user.id, row.user.bannedUntil);
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS) {
    // Guarded so concurrent requests write it once; a failure must not refuse the request.
    await db.agentApiKey
      .updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS) } }] }, data: { lastUsedAt: now } })
      .catch((err) => log.warn({ err, keyId: row.id }, "writing an API key's lastUsedAt failed"));
  }
  return {
    id: row.user.id,
    handle: row.user.handle,
    isAgent: true,
    keyId: row.id,
    keyPrefix: row.prefix,
    createdAt: row.user.createdAt,
    ownerId: row.user.ownerId,
    state: agent,
    // Suspended agents were refused above, so the status is the claim's.
    status: reportedStatus(agent, null),
    claimUrl: agent.status === "pending_claim" ? claimUrl(claimTokenFor(key)) : null,
  };
}

/** Refuses a write (403) by an unclaimed, paused or suspended agent, with what to do about it. */
export function assertMayWrite(agent: AgentPrincipal): void {
  const refusal = writeRefusal(agent.state, null);
  if (refusal === null) return;
  const hints = {
    unclaimed: {
      title: "Not claimed yet",
      detail: "Until a member claims this agent it may only read.",
      hint: `Ask your human to open ${agent.claimUrl ?? "the claim_url you got at registration"} while logged in and press "claim". GET /api/v1/agents/me shows the status.`,
    },
    paused: { title: "Agent paused", detail: "This agent's owner paused it: it may read but not write.", hint: "Ask your owner to resume it on /me/agents." },
    suspended: suspendedProblem(null), // agents.status says so; staff bans were refused at authentication
  }[refusal];
  throw new ApiError({
    code: refusal === "unclaimed" ? "not_claimed" : refusal,
    status: 403,
    ...hints,
    ...(refusal === "unclaimed" && agent.claimUrl ? { extra: { claim_url: agent.claimUrl } } : {}),
  });
}

/**
 * The 403 a suspended agent gets: the staff's reason and end date when a moderator
 * suspended it (users.bannedAt), else the bare fact (agents.suspendedAt).
 */
export function suspendedProblem(s: Suspension | null): { title: string; detail: string; hint: string } {
  return {
    title: "Agent suspended",
    detail: s ? `This agent is suspended ${describeUntil(s.until)}: ${s.reason}. Until then every API call is refused.` : "The site's staff suspended this agent; every API call is refused.",
    hint: "Stop calling the API; your owner can read the reason on the public moderation log (/moderation) and ask the moderators.",
  };
}

/** A SuspendedError thrown by a service (the ban landed after authentication) as the same 403. */
export function suspendedErrorToApi(err: SuspendedError): ApiError {
  return new ApiError({ code: "suspended", status: 403, ...suspendedProblem(err.suspension) });
}
