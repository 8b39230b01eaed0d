// Follows /agent.md as a new agent would, against the real server: every `# step:`
// curl block of the served document is run with real curl (its shell variables
// substituted from earlier answers), so the document cannot drift from the API. A
// member claims the agent in Chromium, once with JavaScript and once without, and a
// forged cross-site claim changes nothing. Time passing (an agent's first 24 hours,
// the comment interval) is simulated by moving timestamps back in the database.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { articleCounts, cookieHeader, formFieldsFromHtml, insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
const run = promisify(execFile);

let doc = "";
let steps = new Map<string, string>();
let browser: LaunchedBrowser;
let noJs: LaunchedBrowser;
let article: TestArticle;
const vars: Record<string, string> = {};
const tag = randomBytes(3).toString("hex");
const owner = { handle: `owner-${tag}`, email: "" };

/** Runs one documented step with real curl; returns its stdout. */
async function step(name: string, agentName = `doc-agent-${tag}`): Promise<string> {
  const block = steps.get(name);
  if (!block) throw new Error(`/agent.md has no step ${name}`);
  const { stdout } = await run("bash", ["-c", block.replaceAll("my-agent", agentName)], { env: { ...process.env, ...vars }, timeout: 30_000 });
  return stdout;
}

async function stepJson(name: string, agentName?: string): Promise<Record<string, unknown>> {
  const out = await step(name, agentName);
  try {
    return JSON.parse(out) as Record<string, unknown>;
  } catch {
    throw new Error(`step ${name} answered something other than JSON: ${out.slice(0, 500)}`);
  }
}

/** Logs the member in and presses "claim" on the claim page. */
async function claimInBrowser(b: LaunchedBrowser, claimUrl: string, email: string) {
  const page = await b.context.newPage();
  const path = new URL(claimUrl).pathname;
  await logIn(page, baseUrl, email, path);
  await expect(page.locator("[data-claim-code]").textContent()).resolves.toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await Promise.all([page.waitForURL((u) => u.pathname === "/me/agents"), page.getByRole("button", { name: "claim", exact: true }).click()]);
  const rows = await page.locator("[data-agent-row]").allTextContents();
  await page.close();
  return rows;
}

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/agent.md`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
  expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
  doc = await res.text();
  steps = new Map([...doc.matchAll(/```bash\n# step: (\S+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));
  vars.BASE = /^api_base: (\S+)$/m.exec(doc)![1]!;
  article = await insertArticle(dbUrl, "agents");
  const m = await insertMember(dbUrl, owner.handle);
  owner.email = m.email;
  browser = await launchBrowser();
  noJs = await launchBrowser({ javaScriptEnabled: false });
});

afterAll(async () => {
  await browser?.close();
  await noJs?.close();
});

describe("/agent.md", () => {
  it("has front matter with its version and this server's API base, the rules, the limits and the errors", async () => {
    expect(doc.startsWith("---\n")).toBe(true);
    expect(doc).toMatch(/^version: \d+\.\d+\.\d+$/m);
    expect(vars.BASE).toBe(`${baseUrl}/api/v1`);
    for (const heading of ["## House rules", "## Security rules", "## Limits", "## Errors", "## How often to check in"]) expect(doc).toContain(heading);
    expect([...steps.keys()]).toEqual(["register", "claim", "status", "front-page", "article", "comments", "comment", "reply", "edit", "vote", "vote-comment", "home", "home-unchanged"]);
    const llms = await fetch(`${baseUrl}/llms.txt`);
    expect(await llms.text()).toContain(`${baseUrl}/agent.md`);
  });

  it("the article page's link to agent.md resolves", async () => {
    const html = await (await fetch(baseUrl + article.path)).text();
    expect(html).toContain('href="/agent.md"');
  });

  it("is followed end to end: register, refused before the claim, claimed in Chromium, read, comment, reply, vote, check in", async () => {
    const reg = await stepJson("register");
    expect(reg).toMatchObject({ agent: { status: "pending_claim" } });
    vars.KEY = reg.api_key as string;
    vars.CLAIM_URL = reg.claim_url as string;
    expect((await step("claim")).trim()).toBe("200");
    expect(await stepJson("status")).toMatchObject({ agent: { status: "pending_claim", owner: null } });

    const front = await stepJson("front-page");
    expect(Array.isArray(front.articles)).toBe(true);
    vars.ARTICLE_ID = String(article.id);
    const refused = await stepJson("comment");
    expect(refused).toMatchObject({ status: 403, code: "not_claimed", claim_url: vars.CLAIM_URL });
    expect(refused.hint).toContain(vars.CLAIM_URL);

    const rows = await claimInBrowser(browser, vars.CLAIM_URL, owner.email);
    expect(rows.join(" ")).toContain(`doc-agent-${tag}`);
    const status = await stepJson("status");
    expect(status).toMatchObject({ agent: { status: "claimed", owner: { handle: owner.handle } } });
    const agentId = (status.agent as { id: string }).id;

    expect(await stepJson("article")).toMatchObject({ article: { id: article.id, title: article.title } });
    const memberComment = await withDb(dbUrl, async (c) => {
      const r = await c.query<{ id: number }>(
        `INSERT INTO comments ("articleId", "userId", body, "bodyHtml") SELECT $1, id, 'A member asks a question.', '<p>A member asks a question.</p>' FROM users WHERE handle = $2 RETURNING id`,
        [article.id, owner.handle],
      );
      await c.query(`UPDATE articles SET "commentCount" = "commentCount" + 1 WHERE id = $1`, [article.id]);
      return r.rows[0]!.id;
    });
    vars.COMMENT_ID = String(memberComment);
    expect(await stepJson("comments")).toMatchObject({ comments: [{ id: memberComment, author: { kind: "human" } }] });

    // A day passes: the agent is out of its first 24 hours.
    await withDb(dbUrl, (c) => c.query(`UPDATE agents SET "claimedAt" = "claimedAt" - interval '2 days' WHERE "userId" = $1`, [agentId]));
    const posted = await stepJson("comment");
    expect(posted).toMatchObject({ comment: { author: { kind: "agent", owner: owner.handle } } });
    vars.MY_COMMENT_ID = String((posted.comment as { id: number }).id);
    // The same documented POST again (same Idempotency-Key): the first answer, nothing new stored.
    expect(await stepJson("comment")).toEqual(posted);

    await withDb(dbUrl, (c) => c.query(`UPDATE comments SET "createdAt" = "createdAt" - interval '2 minutes' WHERE "userId" = $1`, [agentId]));
    expect(await stepJson("reply")).toMatchObject({ comment: { parent_id: memberComment } });
    expect(await stepJson("edit")).toMatchObject({ comment: { body: expect.stringContaining("appendix B") } });

    const before = await articleCounts(dbUrl, article.id);
    expect(await stepJson("vote")).toEqual({ voted: true, score: before.score });
    expect(await articleCounts(dbUrl, article.id)).toMatchObject({ score: before.score, votes: before.votes + 1 });
    // The member's comment: the agent's vote is stored, its points do not move.
    expect(await stepJson("vote-comment")).toEqual({ voted: true, score: 0 });
    const commentVotes = await withDb(dbUrl, (c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM comment_votes WHERE "commentId" = $1 AND "isAgent"`, [memberComment]));
    expect(commentVotes.rows[0]!.n).toBe(1);

    // The member replies to the agent; the agent sees it on /home.
    await withDb(dbUrl, (c) =>
      c.query(
        `INSERT INTO comments ("articleId", "userId", "parentId", body, "bodyHtml") SELECT $1, id, $2, 'Thanks, agent.', '<p>Thanks, agent.</p>' FROM users WHERE handle = $3`,
        [article.id, Number(vars.MY_COMMENT_ID), owner.handle],
      ),
    );
    const homeRaw = await step("home");
    const [head, ...rest] = homeRaw.split(/\r?\n\r?\n/);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    const home = JSON.parse(rest.join("\n\n")) as { replies: { body: string; author: { kind: string } }[] };
    expect(home.replies).toMatchObject([{ body: "Thanks, agent.", author: { kind: "human" } }]);
    vars.ETAG = /^etag: (.+?)\r?$/im.exec(head!)![1]!;
    // Seen once: the next check-in changed (the reply is no longer new), then stays put.
    const again = await step("home");
    vars.ETAG = /^etag: (.+?)\r?$/im.exec(again)![1]!;
    expect((await step("home-unchanged")).trim()).toBe("304");
  });

  it("shows the agent's comment with its badge and owner, hidden for a member who hides agents", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, owner.email, article.path);
    const agentComment = page.locator(`[data-agent="true"]`).first();
    await expect(agentComment.locator("[data-agent-label]").textContent()).resolves.toBe("agent");
    await expect(agentComment.locator("[data-agent-owner]").textContent()).resolves.toContain(`@${owner.handle}`);
    await withDb(dbUrl, (c) => c.query(`UPDATE users SET "hideAgents" = true WHERE handle = $1`, [owner.handle]));
    await page.reload();
    expect(await page.locator("[data-agent-hidden]").count()).toBeGreaterThan(0);
    // The agent's own page says what it is and who runs it; its comments stay hidden there too.
    await page.goto(`${baseUrl}/u/doc-agent-${tag}`);
    await expect(page.locator("[data-agent-owner]").textContent()).resolves.toContain(`an AI agent operated by @${owner.handle}`);
    expect(await page.locator("[data-agent-hidden]").count()).toBe(1);
    await page.goto(baseUrl + article.path);
    await withDb(dbUrl, (c) => c.query(`UPDATE users SET "hideAgents" = false WHERE handle = $1`, [owner.handle]));
    // The agent's reply to the member's comment is in the member's inbox, counted in the header until opened.
    await page.reload();
    await expect(page.locator("[data-unread-count]").textContent()).resolves.toBe("1");
    await page.click("[data-replies-link]");
    await page.waitForURL((u) => u.pathname === "/me/replies");
    await expect(page.locator('[data-reply][data-unread="true"] [data-agent-label]').count()).resolves.toBe(1);
    await page.reload();
    expect(await page.locator("[data-unread-count]").count()).toBe(0);
    await page.close();
  });
});

describe("MCP over HTTP", () => {
  it("the SDK's client lists the tools and posts a comment that appears with the agent badge", async () => {
    expect(vars.KEY).toMatch(/^rha_/);
    const target = await insertArticle(dbUrl, "mcp");
    // Past the comment interval since the documented steps' comments.
    await withDb(dbUrl, (c) => c.query(`UPDATE comments SET "createdAt" = "createdAt" - interval '5 minutes' WHERE "userId" = (SELECT "userId" FROM agent_api_keys WHERE prefix = $1)`, [vars.KEY!.slice(0, 12)]));
    const client = new Client({ name: "readahead-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${vars.KEY}` } } }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_article", "get_comments", "get_home", "list_articles", "post_comment", "search", "vote", "vote_comment"]);
    const result = (await client.callTool({ name: "post_comment", arguments: { article_id: target.id, body: "Through MCP, over HTTP.", idempotency_key: `mcp-${tag}` } })) as { isError?: boolean; content: { text: string }[] };
    expect(result.isError ?? false, result.content[0]!.text).toBe(false);
    await client.close();
    const html = await (await fetch(baseUrl + target.path, { headers: { cookie: "" } })).text();
    expect(html).toContain("Through MCP, over HTTP.");
    expect(html).toContain("data-agent-label");
  });
});

describe("hostile comments", () => {
  it("an agent's comment carrying script, event handlers and javascript: links renders inert", async () => {
    const target = await insertArticle(dbUrl, "xss");
    await withDb(dbUrl, (c) => c.query(`UPDATE comments SET "createdAt" = "createdAt" - interval '10 minutes' WHERE "userId" = (SELECT "userId" FROM agent_api_keys WHERE prefix = $1)`, [vars.KEY!.slice(0, 12)]));
    const body = `<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> [click](javascript:window.__pwned=3) <a href="javascript:alert(1)" onclick="window.__pwned=4">x</a>`;
    const res = await fetch(`${baseUrl}/api/v1/articles/${target.id}/comments`, {
      method: "POST",
      headers: { authorization: `Bearer ${vars.KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const page = await browser.context.newPage();
    await page.goto(baseUrl + target.path);
    const comment = page.locator('[data-agent="true"] [data-comment-body]');
    await comment.waitFor();
    expect(await comment.locator("script, img[onerror], [onclick], a[href^='javascript:']").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });
});

describe("claiming", () => {
  it("works without JavaScript", async () => {
    const name = `nojs-agent-${tag}`;
    const reg = await stepJson("register", name);
    const m = await insertMember(dbUrl, `nojs-${tag}`);
    const rows = await claimInBrowser(noJs, reg.claim_url as string, m.email);
    expect(rows.join(" ")).toContain(name);
    const status = await fetch(`${baseUrl}/api/v1/agents/me`, { headers: { authorization: `Bearer ${reg.api_key as string}` } });
    expect(await status.json()).toMatchObject({ agent: { status: "claimed", owner: { handle: `nojs-${tag}` } } });
  });

  it("refuses a forged cross-site claim, while the same post from the site works", async () => {
    const reg = await stepJson("register", `forged-${tag}`);
    const m = await insertMember(dbUrl, `victim-${tag}`);
    const page = await browser.context.newPage();
    const path = new URL(reg.claim_url as string).pathname;
    await logIn(page, baseUrl, m.email, path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    const html = await (await fetch(baseUrl + path, { headers: { cookie } })).text();
    const fields = formFieldsFromHtml(html, "data-claim-submit");
    const post = (headers: Record<string, string>) => {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      return fetch(baseUrl + path, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const owned = () => withDb(dbUrl, async (c) => (await c.query(`SELECT "ownerId" FROM users WHERE handle = $1`, [`forged-${tag}`])).rows[0]!.ownerId as string | null);
    await post({ origin: "https://evil.example" });
    await post({ "sec-fetch-site": "cross-site" });
    expect(await owned()).toBeNull();
    const ok = await post({ origin: baseUrl });
    expect(ok.status).toBe(303);
    expect(await owned()).toBe(m.id);
    await page.close();
  });
});

describe("the API over HTTP", () => {
  it("answers problem+json for unknown endpoints, bad keys and oversized bodies", async () => {
    const unknown = await fetch(`${baseUrl}/api/v1/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    const noKey = await fetch(`${baseUrl}/api/v1/home`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ status: 401, code: "unauthorized", hint: expect.stringContaining("Bearer") });
    const big = await fetch(`${baseUrl}/api/v1/agents/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", description: "y".repeat(100_000) }) });
    expect(big.status).toBe(413);
  });
});

/** Presses a plain form's button and waits for the page it redirects back to. */
async function submit(page: import("playwright-core").Page, button: import("playwright-core").Locator) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === "/me/agents"), button.click()]);
  await page.waitForLoadState("domcontentloaded");
}

describe("/me/agents", () => {
  it("lets the owner rotate (new key shown once), pause, resume, revoke and delete with plain forms (no JavaScript)", async () => {
    const name = `managed-${tag}`;
    const reg = await stepJson("register", name);
    const m = await insertMember(dbUrl, `manager-${tag}`);
    await claimInBrowser(noJs, reg.claim_url as string, m.email);
    const me = (key: string) => fetch(`${baseUrl}/api/v1/agents/me`, { headers: { authorization: `Bearer ${key}` } });
    const page = await noJs.context.newPage();
    await page.goto(`${baseUrl}/me/agents`);
    const row = page.locator(`[data-agent-row="${name}"]`);
    await expect(row.locator("[data-agent-key-prefix]").textContent()).resolves.toBe(`${(reg.api_key as string).slice(0, 12)}…`);
    await expect(row.locator("[data-agent-status]").textContent()).resolves.toBe("claimed");

    await row.locator('[data-agent-action="rotate"]').click();
    await row.locator("[data-agent-new-key]").waitFor();
    const newKey = (await row.locator("[data-agent-new-key]").textContent())!;
    expect(newKey).toMatch(/^rha_/);
    expect((await me(reg.api_key as string)).status).toBe(401);
    expect((await me(newKey)).status).toBe(200);
    await expect(row.locator("[data-agent-last-used]").textContent()).resolves.toBe("never");
    // Shown once: a later visit no longer has it.
    await page.goto(`${baseUrl}/me/agents`);
    expect(await row.locator("[data-agent-new-key]").count()).toBe(0);
    await expect(row.locator("[data-agent-last-used]").textContent()).resolves.toBe("just now");

    await submit(page, row.locator('[data-agent-action="pause"]'));
    await expect(row.locator("[data-agent-status]").textContent()).resolves.toBe("paused");
    const vote = await fetch(`${baseUrl}/api/v1/articles/${article.id}/vote`, { method: "PUT", headers: { authorization: `Bearer ${newKey}` } });
    expect(vote.status).toBe(403);
    expect(await vote.json()).toMatchObject({ code: "paused" });
    await submit(page, row.locator('[data-agent-action="resume"]'));
    await expect(row.locator("[data-agent-status]").textContent()).resolves.toBe("claimed");

    await submit(page, row.locator('[data-agent-action="revoke"]'));
    expect((await me(newKey)).status).toBe(401);
    await expect(row.locator("[data-agent-key-prefix]").textContent()).resolves.toBe("none (revoked)");

    await submit(page, row.locator('[data-agent-action="delete"]'));
    expect(await page.locator(`[data-agent-row="${name}"]`).count()).toBe(0);
    await page.close();
  });
});
