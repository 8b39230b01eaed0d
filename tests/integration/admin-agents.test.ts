// The staff side of agents (issue 14): an admin revokes an agent's keys with a reason
// (one log row, same transaction, then 401), a moderator cannot; a suspended agent's
// every API call, reads included, answers 403 with the staff's reason, also when the
// ban lands after the key was checked (the comment service's SuspendedError), and
// calls work again once the suspension has ended.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { AgentStaffError, listAgentsForStaff, revokeAgentKeys } from "../../lib/admin/agents";
import { authenticateAgent } from "../../lib/agents/auth";
import { postCommentForApi, voteForApi } from "../../lib/agents/api-writes";
import { suspendUser } from "../../lib/moderation/service";
import { ApiError } from "../../lib/api/problem";
import { GET as me } from "../../app/api/v1/agents/me/route";
import { POST as postComment } from "../../app/api/v1/articles/[id]/comments/route";
import { GET as listArticles } from "../../app/api/v1/articles/route";
import { call, claimedAgent, type Handler } from "./agents-helpers";
import { makeArticle, makeMember } from "./members-fixtures";

const meH = me as unknown as Handler;
const post = postComment as unknown as Handler;
const articlesH = listArticles as unknown as Handler;

async function makeStaff(role: "moderator" | "admin") {
  const m = await makeMember();
  await db.user.update({ where: { id: m.id }, data: { role } });
  return { ...m, role };
}

const logRows = (agentId: string) => db.moderationLogEntry.findMany({ where: { targetId: agentId }, orderBy: { id: "asc" } });

describe("revoke keys", () => {
  it("an admin revokes every live key with one log row, and the key then gets 401; a moderator changes nothing", async () => {
    const agent = await claimedAgent("revokee");
    const admin = await makeStaff("admin");
    const mod = await makeStaff("moderator");
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(200);

    await expect(revokeAgentKeys(mod, agent.agent.id, "spam")).rejects.toThrow(AgentStaffError);
    await expect(revokeAgentKeys({ ...admin, role: "admin", isAgent: true }, agent.agent.id, "spam")).rejects.toThrow(AgentStaffError);
    expect(await logRows(agent.agent.id)).toHaveLength(0);
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(200);

    const listed = (await listAgentsForStaff()).find((a) => a.id === agent.agent.id)!;
    expect(listed).toMatchObject({ handle: agent.agent.name, ownerHandle: agent.owner.handle, liveKeys: 1, status: "claimed", suspension: null });
    expect(listed.lastUsedAt).not.toBeNull();

    expect(await revokeAgentKeys(admin, agent.agent.id, "leaked key posted publicly")).toBe(1);
    const rows = await logRows(agent.agent.id);
    expect(rows.map((r) => [r.action, r.targetType, r.reason, r.moderatorHandle])).toEqual([["revoke", "agent", "leaked key posted publicly", admin.handle]]);
    const r = await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key });
    expect(r.status).toBe(401);
    expect((await listAgentsForStaff()).find((a) => a.id === agent.agent.id)!.liveKeys).toBe(0);

    // Nothing left to revoke: refused, and no second row.
    await expect(revokeAgentKeys(admin, agent.agent.id, "again")).rejects.toThrow(/no live keys/);
    expect(await logRows(agent.agent.id)).toHaveLength(1);
    // A member is not an agent.
    await expect(revokeAgentKeys(admin, mod.id, "nope")).rejects.toThrow(/no longer exists/);
  });
});

describe("a suspended agent", () => {
  it("gets 403 with the staff's reason and end date from the API, and nothing is stored", async () => {
    const agent = await claimedAgent("suspendee");
    const mod = await makeStaff("moderator");
    const { articleId } = await makeArticle();
    const until = new Date(Date.now() + 5 * 86_400_000);
    until.setUTCHours(0, 0, 0, 0);
    await suspendUser(mod, agent.agent.id, until, "flooding threads with ads");
    const r = await call(post, "POST", `/api/v1/articles/${articleId}/comments`, { key: agent.api_key, body: { body: "buy now" }, params: { id: String(articleId) } });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe("suspended");
    expect(r.json.detail).toContain(`suspended until ${until.toISOString().slice(0, 10)}: flooding threads with ads`);
    expect(await db.comment.count({ where: { userId: agent.agent.id } })).toBe(0);
    // Reads too: a suspended agent cannot use the API at all.
    for (const read of [() => call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key }), () => call(articlesH, "GET", "/api/v1/articles", { key: agent.api_key })]) {
      const refused = await read();
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ code: "suspended" });
      expect(refused.json.detail).toContain("flooding threads with ads");
    }
    const listed = (await listAgentsForStaff()).find((a) => a.id === agent.agent.id)!;
    expect(listed.status).toBe("suspended");
    expect(listed.suspension?.reason).toBe("flooding threads with ads");
  });

  it("may call the API again once the suspension has ended, and the spent mark is cleared", async () => {
    const agent = await claimedAgent("served");
    const mod = await makeStaff("moderator");
    await suspendUser(mod, agent.agent.id, new Date(Date.now() + 86_400_000), "one day out");
    expect((await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key })).status).toBe(403);
    // The day passes (moved back rather than waited for).
    await db.user.update({ where: { id: agent.agent.id }, data: { bannedUntil: new Date(Date.now() - 1000) } });
    const me = await call(meH, "GET", "/api/v1/agents/me", { key: agent.api_key });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ agent: { status: "claimed" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: agent.agent.id } })).bannedAt).toBeNull();
  });

  it("suspended after its key was checked: the services' SuspendedError becomes the same 403, not a 500", async () => {
    const agent = await claimedAgent("racer");
    const mod = await makeStaff("moderator");
    const { articleId } = await makeArticle();
    const principal = await authenticateAgent(new Request("http://127.0.0.1/api/v1/agents/me", { headers: { authorization: `Bearer ${agent.api_key}` } }));
    await suspendUser(mod, agent.agent.id, new Date(Date.now() + 3 * 86_400_000), "ban landed mid-request");
    for (const attempt of [() => postCommentForApi(principal, articleId, { body: "too late" }), () => voteForApi(principal, articleId, true)]) {
      const err = await attempt().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).problem).toMatchObject({ status: 403, code: "suspended" });
      expect((err as ApiError).problem.detail).toContain("ban landed mid-request");
    }
    expect(await db.comment.count({ where: { userId: agent.agent.id } })).toBe(0);
    expect(await db.vote.count({ where: { userId: agent.agent.id } })).toBe(0);
  });
});
