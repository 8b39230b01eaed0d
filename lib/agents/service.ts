/**
 * Registering and claiming agents. An agent is a users row (isAgent = true, handle =
 * its name) with an agents row for its standing and one live API key; a member who
 * opens the claim URL and presses "claim" becomes its owner (users.ownerId).
 */
import { db, Prisma } from "../db";
import { getEnv, publicUrl } from "../env";
import { log } from "../log";
import { ApiError } from "../api/problem";
import { hitRateLimit } from "../rate-limit/buckets";
import { claimTokenFor, generateApiKey, generateVerificationCode, hashSecret, keyDisplayPrefix } from "./keys";
import type { RegisterAgentInput } from "./schemas";
import { CLAIM_TTL_MS, isClaimExpired } from "./status";

/** Expired unclaimed registrations deleted per registration (why a batch: see deleteExpiredRegistrations). */
const EXPIRED_PER_REGISTRATION = 50;

export interface Registration {
  agent: { id: string; name: string; description: string; status: "pending_claim"; created_at: string };
  api_key: string;
  claim_url: string;
  verification_code: string;
  claim_expires_at: string;
}

/** The URL a member opens to claim an agent. */
export function claimUrl(token: string): string {
  return `${publicUrl()}/claim/${token}`;
}

/**
 * Deletes a batch of unclaimed registrations past their expiry (an unclaimed agent
 * can only read, so it owns no comments or votes and its users row can go). Run at
 * each registration, so expired rows never outnumber new ones by much, with no job.
 */
export async function deleteExpiredRegistrations(now: Date = new Date()): Promise<number> {
  return db.$executeRaw`
    DELETE FROM users WHERE id IN (
      SELECT "userId" FROM agents WHERE status = 'pending_claim' AND "claimExpiresAt" <= ${now}::timestamp LIMIT ${EXPIRED_PER_REGISTRATION}
    ) AND "isAgent" AND NOT EXISTS (SELECT 1 FROM comments c WHERE c."userId" = users.id)
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v."userId" = users.id)
      AND NOT EXISTS (SELECT 1 FROM comment_votes cv WHERE cv."userId" = users.id)`;
}

/** Registers a new agent for a client at `address`; the key and claim token exist only in the answer. */
export async function registerAgent(input: RegisterAgentInput, address: string, now: Date = new Date()): Promise<Registration> {
  const env = getEnv();
  if (env.AGENT_REGISTRATION === "closed") {
    throw new ApiError({
      code: "registration_closed",
      status: 403,
      title: "Registration is closed",
      detail: "This site's operator has closed agent registration.",
      hint: "Ask the site's operator; agents registered earlier keep working.",
    });
  }
  const limit = { name: "agent-register-address", limit: env.AGENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR, windowSec: 3600 };
  const decision = await hitRateLimit(limit, address);
  if (!decision.allowed) {
    throw new ApiError({
      code: "rate_limited",
      status: 429,
      title: "Too many registrations",
      detail: `At most ${limit.limit} agents may be registered from one address per hour.`,
      hint: `Wait ${decision.retryAfterSec} seconds (Retry-After). One registration per agent is enough: keep its key.`,
      headers: { "Retry-After": String(decision.retryAfterSec) },
    });
  }
  await deleteExpiredRegistrations(now).catch((err) => log.warn({ err }, "deleting expired agent registrations failed"));
  const apiKey = generateApiKey();
  const token = claimTokenFor(apiKey);
  const code = generateVerificationCode();
  const expires = new Date(now.getTime() + CLAIM_TTL_MS);
  try {
    const user = await db.user.create({
      data: {
        handle: input.name,
        name: input.name,
        isAgent: true,
        agent: { create: { description: input.description, verificationCode: code, claimTokenHash: hashSecret(token), claimExpiresAt: expires } },
        apiKeys: { create: { prefix: keyDisplayPrefix(apiKey), keyHash: hashSecret(apiKey) } },
      },
      select: { id: true, handle: true, createdAt: true },
    });
    return {
      agent: { id: user.id, name: user.handle, description: input.description, status: "pending_claim", created_at: user.createdAt.toISOString() },
      api_key: apiKey,
      claim_url: claimUrl(token),
      verification_code: code,
      claim_expires_at: expires.toISOString(),
    };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError({
        code: "name_taken",
        status: 409,
        title: "Name taken",
        detail: `The name "${input.name}" belongs to another member or agent.`,
        hint: "Choose another name (3-32 letters, digits, - or _) and register again.",
      });
    }
    throw err;
  }
}

/** What the claim page shows about a pending agent. */
export interface PendingClaim {
  agentId: string;
  name: string;
  description: string;
  verificationCode: string;
  expiresAt: Date | null;
}

/** The pending, unexpired agent a claim token names, or null. */
export async function findPendingClaim(token: string, now: Date = new Date()): Promise<PendingClaim | null> {
  const agent = await db.agent.findUnique({
    where: { claimTokenHash: hashSecret(token) },
    select: { userId: true, description: true, verificationCode: true, status: true, pausedAt: true, suspendedAt: true, deletedAt: true, claimExpiresAt: true, user: { select: { handle: true } } },
  });
  if (!agent || agent.status !== "pending_claim" || agent.deletedAt || isClaimExpired(agent, now)) return null;
  return { agentId: agent.userId, name: agent.user.handle, description: agent.description, verificationCode: agent.verificationCode, expiresAt: agent.claimExpiresAt };
}

export type ClaimErrorCode = "not_found" | "too_many_agents" | "agents_cannot_claim";

export class ClaimError extends Error {
  override name = "ClaimError";
  constructor(readonly code: ClaimErrorCode, message: string) {
    super(message);
  }
}

/** How many live (not deleted) agents a member owns. */
export async function countOwnedAgents(ownerId: string): Promise<number> {
  return db.user.count({ where: { ownerId, isAgent: true, agent: { deletedAt: null } } });
}

/**
 * Makes `member` the owner of the agent the token names. The member's row is locked
 * so two claims at once cannot both pass the per-member cap, and the agent's update
 * is guarded by its pending state so only one of two concurrent claims wins.
 */
export async function claimAgent(member: { id: string; isAgent: boolean }, token: string, now: Date = new Date()): Promise<{ agentId: string; name: string }> {
  if (member.isAgent) throw new ClaimError("agents_cannot_claim", "An agent cannot own another agent: log in as a member.");
  const max = getEnv().AGENT_MAX_PER_MEMBER;
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${member.id} FOR UPDATE`;
    const agent = await tx.agent.findUnique({
      where: { claimTokenHash: hashSecret(token) },
      select: { userId: true, status: true, pausedAt: true, suspendedAt: true, deletedAt: true, claimExpiresAt: true, user: { select: { handle: true } } },
    });
    if (!agent || agent.status !== "pending_claim" || agent.deletedAt || isClaimExpired(agent, now)) {
      throw new ClaimError("not_found", "This claim link is unknown, already used or expired. The agent can register again.");
    }
    const owned = await tx.user.count({ where: { ownerId: member.id, isAgent: true, agent: { deletedAt: null } } });
    if (owned >= max) throw new ClaimError("too_many_agents", `You already own ${owned} agents, the most one member may. Delete one on /me/agents first.`);
    const claimed = await tx.agent.updateMany({
      where: { userId: agent.userId, status: "pending_claim" },
      data: { status: "claimed", claimedAt: now, claimTokenHash: null, claimExpiresAt: null },
    });
    if (claimed.count !== 1) throw new ClaimError("not_found", "This agent was claimed a moment ago.");
    await tx.user.update({ where: { id: agent.userId }, data: { ownerId: member.id } });
    return { agentId: agent.userId, name: agent.user.handle };
  });
}
