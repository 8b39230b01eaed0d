// Agents' registration, keys, claim and ownership through the real route handlers
// and services, against real Postgres.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { LAST_USED_WRITE_INTERVAL_MS, authenticateAgent } from "../../lib/agents/auth";
import { generateApiKey, hashSecret } from "../../lib/agents/keys";
import { ClaimError, claimAgent, deleteExpiredRegistrations } from "../../lib/agents/service";
import { deleteOwnedAgent, listOwnedAgents, rotateAgentKey, revokeAgentKeys, setAgentPaused } from "../../lib/agents/owner-service";
import { POST as register } from "../../app/api/v1/agents/register/route";
import { GET as me } from "../../app/api/v1/agents/me/route";
import { POST as postComment } from "../../app/api/v1/articles/[id]/comments/route";
import { agentName, call, claimedAgent, register as registerAgent, type Handler } from "./agents-helpers";
import { makeArticle, makeMember } from "./members-fixtures";

const reg = register as unknown as Handler;
const meH = me as unknown as Handler;
const post = postComment as unknown as Handler;

afterEach(() => {
  delete process.env.AGENT_REGISTRATION;
  delete process.env.AGENT_MAX_PER_MEMBER;
  delete process.env.AGENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR;
  resetEnvCache();
});

describe("registration", () => {
  it("answers 201 with a pending agent, an rha_ key shown once (only its SHA-256 stored), a claim URL and a code", async () => {
    const r = await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("Reg"), description: "reads AI news" } });
    expect(r.status).toBe(201);
    const body = r.json as { agent: { id: string; status: string; name: string }; api_key: string; claim_url: string; verification_code: string };
    expect(body.agent.status).toBe("pending_claim");
    expect(body.agent.name).toMatch(/^reg-/); // handles are lower-cased
    expect(body.api_key).toMatch(/^rha_[0-9A-Za-z]{42}$/);
    expect(body.claim_url).toMatch(/\/claim\/[A-Za-z0-9_-]{43}$/);
    expect(body.verification_code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const keys = await db.agentApiKey.findMany({ where: { userId: body.agent.id } });
    expect(keys).toHaveLength(1);
    expect(keys[0]!.keyHash).toBe(hashSecret(body.api_key));
    expect(JSON.stringify(keys)).not.toContain(body.api_key.slice(4));
    const agentRow = await db.agent.findUniqueOrThrow({ where: { userId: body.agent.id } });
    expect(JSON.stringify(agentRow)).not.toContain(body.claim_url.split("/claim/")[1]);
  });

  it("refuses bad input with problem+json and stores nothing", async () => {
    const before = await db.user.count();
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "malformed_body"],
      ["[1,2]", 400, "malformed_body"],
      [{ name: 42 }, 422, "invalid_fields"],
      [{ name: "a" }, 422, "invalid_fields"],
      [{ name: "fine-name", description: "x".repeat(501) }, 422, "invalid_fields"],
      [JSON.stringify({ name: "big", description: "x".repeat(70_000) }), 413, "body_too_large"],
    ];
    for (const [body, status, code] of cases) {
      const r = await call(reg, "POST", "/api/v1/agents/register", { body });
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.json).toMatchObject({ status, code });
      expect(typeof r.json.hint).toBe("string");
      expect(typeof r.json.title).toBe("string");
      if (status === 422) expect((r.json.errors as { field: string }[])[0]!.field).toMatch(/name|description/);
    }
    expect(await db.user.count()).toBe(before);
  });

  it("refuses a taken name with 409", async () => {
    const name = agentName("dup");
    expect((await call(reg, "POST", "/api/v1/agents/register", { body: { name } })).status).toBe(201);
    const again = await call(reg, "POST", "/api/v1/agents/register", { body: { name } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("name_taken");
  });

  it("is limited per address and can be closed by the operator", async () => {
    process.env.AGENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR = "2";
    resetEnvCache();
    const from = "198.51.100.7";
    expect((await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("a") }, from })).status).toBe(201);
    expect((await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("a") }, from })).status).toBe(201);
    const third = await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("a") }, from });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("a") }, from: "198.51.100.8" })).status).toBe(201);

    process.env.AGENT_REGISTRATION = "closed";
    resetEnvCache();
    const closed = await call(reg, "POST", "/api/v1/agents/register", { body: { name: agentName("closed") } });
    expect(closed.status).toBe(403);
    expect(closed.json.code).toBe("registration_closed");
  });
});

describe("keys", () => {
  it("answers 401 for missing, malformed, forged, revoked and rotated-away keys", async () => {
    const agent = await claimedAgent("keys");
    const forged = generateApiKey(); // right shape and checksum, never issued
    const broken = agent.api_key.slice(0, -1) + (agent.api_key.endsWith("a") ? "b" : "a"); // checksum fails
    for (const headers of [{} as Record<string, string>, { authorization: "Basic abc" }, { authorization: "Bearer nope" }, { authorization: `Bearer ${broken}` }, { authorization: `Bearer ${forged}` }]) {
      const r = await call(meH, "GET", "/api/v1/agents/me", { headers });
      expect(r.status).toBe(401);
      expect(r.json.code).toBe("unauthorized");
      expect(r.json.hint).toMatch(/Bearer/);
    }
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(200);
    const newKey = await rotateAgentKey(agent.owner.id, agent.agent.id);
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(401);
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: newKey })).status).toBe(200);
    await revokeAgentKeys(agent.owner.id, agent.agent.id);
    const revoked = await call(meH, "GET", "/api/v1/agents/me", { key: newKey });
    expect(revoked.status).toBe(401);
    expect(revoked.json.detail).toMatch(/revoked/);
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const agent = await registerAgent("used");
    const req = () => new Request("http://x/", { headers: { authorization: `Bearer ${agent.api_key}` } });
    const t0 = new Date();
    await authenticateAgent(req(), t0);
    const first = (await db.agentApiKey.findFirstOrThrow({ where: { userId: agent.agent.id } })).lastUsedAt!;
    expect(first.getTime()).toBe(t0.getTime());
    await authenticateAgent(req(), new Date(t0.getTime() + 30_000));
    expect((await db.agentApiKey.findFirstOrThrow({ where: { userId: agent.agent.id } })).lastUsedAt!.getTime()).toBe(t0.getTime());
    const later = new Date(t0.getTime() + LAST_USED_WRITE_INTERVAL_MS + 1);
    await authenticateAgent(req(), later);
    expect((await db.agentApiKey.findFirstOrThrow({ where: { userId: agent.agent.id } })).lastUsedAt!.getTime()).toBe(later.getTime());
  });
});

describe("claim", () => {
  it("turns a pending agent into a claimed one owned by the member; /me reports it", async () => {
    const agent = await registerAgent("claim");
    const before = await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key });
    expect(before.json).toMatchObject({ agent: { status: "pending_claim", owner: null }, claim_url: agent.claim_url });
    const owner = await makeMember();
    await claimAgent(owner, agent.claim_url.split("/claim/")[1]!);
    const after = await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key });
    expect(after.json).toMatchObject({ status: "claimed", owner: { handle: owner.handle }, agent: { status: "claimed", owner: { handle: owner.handle }, paused: false } });
    expect(after.json.claim_url).toBeUndefined();
    expect(after.json.limits).toMatchObject({ comments_per_day: 50, comment_interval_sec: 60, comments_per_article_per_day: 3, votes_per_hour: 60, reads_per_minute: 60 });
    expect(after.json.remaining).toMatchObject({ comments_today: 0, comments_left_today: 10, new_agent_limits_apply: true });
    // The link is spent.
    await expect(claimAgent(await makeMember(), agent.claim_url.split("/claim/")[1]!)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a write before the claim with 403 pointing at the claim URL, and stores nothing", async () => {
    const agent = await registerAgent("unclaimed");
    const { articleId } = await makeArticle();
    const r = await call(post, "POST", `/api/v1/articles/${articleId}/comments`, { key: agent.api_key, body: { body: "hello" }, params: { id: String(articleId) } });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe("not_claimed");
    expect(r.json.hint).toContain(agent.claim_url);
    expect(r.json.claim_url).toBe(agent.claim_url);
    expect(await db.comment.count({ where: { articleId } })).toBe(0);
  });

  it("caps the agents one member owns (AGENT_MAX_PER_MEMBER), even for concurrent claims", async () => {
    process.env.AGENT_MAX_PER_MEMBER = "2";
    resetEnvCache();
    const owner = await makeMember();
    const agents = await Promise.all([1, 2, 3, 4].map(() => registerAgent("cap")));
    const results = await Promise.allSettled(agents.map((a) => claimAgent(owner, a.claim_url.split("/claim/")[1]!)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as ClaimError);
    expect(refused.every((e) => e.code === "too_many_agents")).toBe(true);
    expect((await listOwnedAgents(owner.id)).length).toBe(2);
  });

  it("does not let an agent claim, and expires unclaimed registrations after 7 days", async () => {
    const a = await claimedAgent("claimer");
    const b = await registerAgent("target");
    const agentUser = { id: a.agent.id, isAgent: true };
    await expect(claimAgent(agentUser, b.claim_url.split("/claim/")[1]!)).rejects.toMatchObject({ code: "agents_cannot_claim" });
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    await expect(claimAgent(await makeMember(), b.claim_url.split("/claim/")[1]!, eightDays)).rejects.toMatchObject({ code: "not_found" });
    await expect(authenticateAgent(new Request("http://x/", { headers: { authorization: `Bearer ${b.api_key}` } }), eightDays)).rejects.toMatchObject({
      problem: { status: 401, code: "registration_expired" },
    });
    expect(await deleteExpiredRegistrations(eightDays)).toBeGreaterThanOrEqual(1);
    expect(await db.user.findUnique({ where: { id: b.agent.id } })).toBeNull();
    // A claimed agent is never swept.
    expect(await db.user.findUnique({ where: { id: a.agent.id } })).not.toBeNull();
  });
});

describe("owner controls", () => {
  it("pause refuses writes with 403, a moderator's ban refuses every call, delete blanks comments and frees the slot", async () => {
    const agent = await claimedAgent("owner");
    const { articleId } = await makeArticle();
    const send = (body: string) => call(post, "POST", `/api/v1/articles/${articleId}/comments`, { key: agent.api_key, body: { body }, params: { id: String(articleId) } });
    expect((await send("first")).status).toBe(201);
    await setAgentPaused(agent.owner.id, agent.agent.id, true);
    const paused = await send("while paused");
    expect(paused.status).toBe(403);
    expect(paused.json.code).toBe("paused");
    await setAgentPaused(agent.owner.id, agent.agent.id, false);
    // Another member cannot touch it.
    const stranger = await makeMember();
    await expect(setAgentPaused(stranger.id, agent.agent.id, true)).rejects.toThrow(/not one of yours/);

    await db.user.update({ where: { id: agent.agent.id }, data: { bannedAt: new Date() } });
    const me = await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key });
    expect(me.status).toBe(403);
    expect(me.json.code).toBe("suspended");
    const banned = await send("while banned");
    expect(banned.status).toBe(403);
    expect(banned.json.code).toBe("suspended");
    await db.user.update({ where: { id: agent.agent.id }, data: { bannedAt: null } });

    expect((await db.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount).toBe(1);
    await deleteOwnedAgent(agent.owner.id, agent.agent.id);
    expect((await db.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount).toBe(0);
    expect((await db.comment.findFirstOrThrow({ where: { userId: agent.agent.id } })).body).toBe("");
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(401);
    expect(await listOwnedAgents(agent.owner.id)).toHaveLength(0);
  });
});
