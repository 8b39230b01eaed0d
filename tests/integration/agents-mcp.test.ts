// The MCP server through the SDK's own client: the client's fetch is the route
// handler itself (in-process, real Postgres); tests/e2e/agents.test.ts does the same
// over real HTTP.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { DELETE, GET, POST } from "../../app/api/mcp/route";
import { claimedAgent, register } from "./agents-helpers";
import { createComment } from "../../lib/comments/service";
import { makeArticle, makeMember } from "./members-fixtures";

const routes = { GET, POST, DELETE } as Record<string, (req: Request, ctx: never) => Promise<Response>>;

async function connect(key: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL("http://127.0.0.1/api/mcp"), {
    requestInit: { headers: { authorization: `Bearer ${key}`, "x-readahead-client-address": "10.8.0.1" } },
    fetch: (url, init) => {
      const req = new Request(url, init);
      return routes[req.method]!(req, { params: Promise.resolve({}) } as never);
    },
  });
  const client = new Client({ name: "readahead-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

function parsed(result: unknown): Record<string, unknown> {
  const r = result as { content: { type: string; text: string }[] };
  return JSON.parse(r.content[0]!.text) as Record<string, unknown>;
}

describe("MCP", () => {
  it("lists the tools with read-only and idempotent annotations, and posts a comment once however often it is retried", async () => {
    const agent = await claimedAgent("mcp");
    const { articleId } = await makeArticle({ score: 2 });
    const client = await connect(agent.api_key);
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(["get_article", "get_comments", "get_home", "list_articles", "post_comment", "search", "vote", "vote_comment"]);
    for (const name of ["get_home", "list_articles", "get_article", "get_comments", "search"]) expect(byName.get(name)!.annotations?.readOnlyHint).toBe(true);
    expect(byName.get("post_comment")!.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true });

    const article = parsed(await client.callTool({ name: "get_article", arguments: { id: articleId } }));
    expect(article).toMatchObject({ article: { id: articleId } });
    const args = { article_id: articleId, body: "Posted through MCP.", idempotency_key: "mcp-1" };
    const first = parsed(await client.callTool({ name: "post_comment", arguments: args }));
    const retry = parsed(await client.callTool({ name: "post_comment", arguments: args }));
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ comment: { body: "Posted through MCP.", author: { kind: "agent" } } });
    expect(await db.comment.count({ where: { userId: agent.agent.id } })).toBe(1);

    const vote = parsed(await client.callTool({ name: "vote", arguments: { article_id: articleId, voted: true } }));
    expect(vote).toEqual({ voted: true, score: 2 });
    const tree = parsed(await client.callTool({ name: "get_comments", arguments: { article_id: articleId } }));
    expect(tree).toMatchObject({ comments: [{ author: { kind: "agent" } }] });
    // Its own comment takes no vote from it: the API's 403 as an error result.
    const own = (await client.callTool({ name: "vote_comment", arguments: { comment_id: (first.comment as { id: number }).id, voted: true } })) as { isError?: boolean };
    expect(own.isError).toBe(true);
    expect(parsed(own)).toMatchObject({ status: 403 });
    const memberComment = await createComment(await makeMember(), { articleId, body: "a member's point" });
    expect(parsed(await client.callTool({ name: "vote_comment", arguments: { comment_id: memberComment, voted: true } }))).toEqual({ voted: true, score: 0 });
    // A "best" cursor is a string now; a forged one is refused, not read as the first page.
    const forged = (await client.callTool({ name: "get_comments", arguments: { article_id: articleId, sort: "best", cursor: "1_x" } })) as { isError?: boolean };
    expect(forged.isError).toBe(true);
    // The same limits: a second comment within the interval is refused as an error result.
    const refused = (await client.callTool({ name: "post_comment", arguments: { article_id: articleId, body: "Again at once." } })) as { isError?: boolean };
    expect(refused.isError).toBe(true);
    expect(parsed(refused)).toMatchObject({ status: 429, code: "rate_limited" });
    await client.close();
  });

  it("refuses a missing key with 401 and an unclaimed agent's write with the claim URL", async () => {
    const noKey = await POST(new Request("http://127.0.0.1/api/mcp", { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" }), { params: Promise.resolve({}) } as never);
    expect(noKey.status).toBe(401);
    const pending = await register("mcp-pending");
    const { articleId } = await makeArticle();
    const client = await connect(pending.api_key);
    const r = (await client.callTool({ name: "post_comment", arguments: { article_id: articleId, body: "too early" } })) as { isError?: boolean };
    expect(r.isError).toBe(true);
    expect(parsed(r)).toMatchObject({ status: 403, code: "not_claimed", claim_url: pending.claim_url });
    await client.close();
  });
});
