// The security sweep of issue 14: every staff page, route and action on this branch,
// found from the filesystem (app/admin, app/mod) and from the forms staff are shown,
// answers 404 to a member, to an agent's API key and to a logged-out visitor, and their
// posts change nothing. A moderator is offered no way to promote anyone: no form a
// moderator sees carries a role, and only the command line imports the role writer.
// Also: an admin revokes an agent's keys from /admin/agents, with and without
// JavaScript, and staff suspend an agent there, after which its API write gets 403
// with the reason; the staff menu links the list and counts failing sources.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { generateApiKey, hashSecret, keyDisplayPrefix } from "../../lib/agents/keys";
import { E2E_ADMIN_EMAIL } from "./global-server";
import { cookieHeader, insertArticle, insertMember, logIn, withDb } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
const ROOT = path.resolve(__dirname, "../..");
let js: LaunchedBrowser;
let nojs: LaunchedBrowser;

beforeAll(async () => {
  [js, nojs] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
  // READAHEAD_ADMINS lists this account: it becomes admin when it logs in (tests/e2e/moderation.test.ts may have made it).
  const exists = await withDb(dbUrl, async (c) => (await c.query(`SELECT 1 FROM users WHERE email = $1`, [E2E_ADMIN_EMAIL])).rowCount);
  if (!exists) await insertMember(dbUrl, E2E_ADMIN_EMAIL.split("@")[0]!);
});
afterAll(async () => {
  await Promise.all([js?.close(), nojs?.close()]);
});

let n = 0;
const handle = (label: string) => `sweep-${label}-${process.pid % 10000}-${++n}`;

async function member(label: string, role?: "moderator" | "admin") {
  const h = handle(label);
  const m = await insertMember(dbUrl, h);
  await withDb(dbUrl, (c) => c.query(`UPDATE users SET "createdAt" = now() - interval '10 days'${role ? `, role = '${role}'` : ""} WHERE id = $1`, [m.id]));
  return { ...m, handle: h };
}

/** A claimed agent owned by `ownerId` with one live key, written directly (registration is rate-limited per address). */
async function agentWithKey(ownerId: string): Promise<{ id: string; handle: string; key: string }> {
  const id = randomUUID();
  const h = handle("bot");
  const key = generateApiKey();
  await withDb(dbUrl, async (c) => {
    await c.query(`INSERT INTO users (id, handle, email, "isAgent", "ownerId", "createdAt", "updatedAt") VALUES ($1, $2, NULL, true, $3, now() - interval '10 days', now())`, [id, h, ownerId]);
    await c.query(`INSERT INTO agents ("userId", description, status, "verificationCode", "claimedAt", "createdAt") VALUES ($1, 'sweep agent', 'claimed', 'AAAA-BBBB', now() - interval '2 days', now() - interval '10 days')`, [id]);
    await c.query(`INSERT INTO agent_api_keys (id, "userId", prefix, "keyHash") VALUES ($1, $2, $3, $4)`, [randomUUID(), id, keyDisplayPrefix(key), hashSecret(key)]);
  });
  return { id, handle: h, key };
}

/** Every page and route handler under app/admin and app/mod, as URL patterns ("/admin/sources/opml/imports/[id]"). */
function staffRoutes(): { pattern: string; kind: "page" | "route" }[] {
  const out: { pattern: string; kind: "page" | "route" }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^(page|route)\.(tsx?|jsx?)$/.test(name)) {
        const segments = path.relative(path.join(ROOT, "app"), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        out.push({ pattern: `/${segments.join("/")}`, kind: name.startsWith("page") ? "page" : "route" });
      }
    }
  };
  for (const top of ["admin", "mod"]) walk(path.join(ROOT, "app", top));
  return out;
}

/** A real value for each dynamic segment, found by the folder it sits under; "1" when unknown. */
async function concreteUrl(pattern: string, adminId: string): Promise<{ url: string; known: boolean }> {
  let known = true;
  const parts = pattern.split("/");
  for (let i = 0; i < parts.length; i++) {
    if (!/^\[.+\]$/.test(parts[i]!)) continue;
    const parent = parts[i - 1];
    let value: string | null = null;
    if (parent === "imports") value = await withDb(dbUrl, async (c) => String((await c.query<{ id: number }>(`INSERT INTO opml_imports ("startedBy", total) VALUES ($1, 0) RETURNING id`, [adminId])).rows[0]!.id));
    else if (parent === "sources") value = await withDb(dbUrl, async (c) => ((await c.query<{ id: number }>(`SELECT id FROM sources ORDER BY id LIMIT 1`)).rows[0]?.id ?? null)?.toString() ?? null);
    if (value === null) {
      known = false;
      value = "1";
    }
    parts[i] = value;
  }
  return { url: parts.join("/"), known };
}

interface PostedForm {
  page: string;
  fields: [string, string][];
}

/** Every form of a server-rendered page that posts to a server action (what a browser without JavaScript would send). */
function actionForms(html: string, page: string): PostedForm[] {
  const forms: PostedForm[] = [];
  for (const m of html.matchAll(/<form[\s\S]*?<\/form>/g)) {
    const fields: [string, string][] = [];
    for (const input of m[0].matchAll(/<(?:input|textarea|select)([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[1]!)?.[1] ?? "";
      fields.push([name.replace(/&amp;/g, "&"), value.replace(/&quot;/g, '"').replace(/&amp;/g, "&")]);
    }
    // The header's logout form (an action id and nothing else) is no staff action.
    if (fields.some(([k]) => k.startsWith("$ACTION_")) && fields.some(([k]) => !k.startsWith("$ACTION_"))) forms.push({ page, fields });
  }
  return forms;
}

/** Counts of everything a staff action could change. */
async function staffState(): Promise<Record<string, number>> {
  return withDb(dbUrl, async (c) => {
    const q = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0]!.n);
    return {
      log: await q(`SELECT count(*) AS n FROM moderation_log`),
      sources: await q(`SELECT count(*) AS n FROM sources`),
      paused: await q(`SELECT count(*) AS n FROM sources WHERE status <> 'active'`),
      runs: await q(`SELECT count(*) AS n FROM opml_imports`),
      suspended: await q(`SELECT count(*) AS n FROM users WHERE "bannedAt" IS NOT NULL`),
      revoked: await q(`SELECT count(*) AS n FROM agent_api_keys WHERE "revokedAt" IS NOT NULL`),
      removedComments: await q(`SELECT count(*) AS n FROM comments WHERE "removedAt" IS NOT NULL`),
      removedArticles: await q(`SELECT count(*) AS n FROM articles WHERE "removedAt" IS NOT NULL`),
      staff: await q(`SELECT count(*) AS n FROM users WHERE role <> 'member'`),
    };
  });
}

describe("the staff sweep", () => {
  it("every /admin and /mod page, route and staff action answers 404 to a member, an agent key and a logged-out visitor, changing nothing", async () => {
    const page = await js.context.newPage();
    const plain = await member("plain");
    const target = await member("target");
    const agent = await agentWithKey(target.id);
    const article = await insertArticle(dbUrl, "sweep");
    await withDb(dbUrl, (c) => c.query(`INSERT INTO comments ("articleId", "userId", body, "bodyHtml") VALUES ($1, $2, 'sweep me', '<p>sweep me</p>')`, [article.id, target.id]));

    await logIn(page, baseUrl, E2E_ADMIN_EMAIL, "/");
    const adminCookie = await cookieHeader(js.context, baseUrl);
    const adminId = await withDb(dbUrl, async (c) => (await c.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [E2E_ADMIN_EMAIL])).rows[0]!.id);
    await logIn(page, baseUrl, plain.email, "/");
    const memberCookie = await cookieHeader(js.context, baseUrl);
    await page.close();

    const routes = staffRoutes();
    // The pages this branch has, at least: a new folder is swept without editing this list.
    for (const p of ["/admin/sources", "/admin/sources/opml", "/admin/sources/opml.xml", "/admin/sources/opml/imports/[id]", "/admin/agents", "/mod/queue"]) {
      expect(routes.map((r) => r.pattern)).toContain(p);
    }
    const visitors: [string, Record<string, string>][] = [
      ["logged out", {}],
      ["member", { cookie: memberCookie }],
      ["agent key", { authorization: `Bearer ${agent.key}` }],
    ];
    const forms: PostedForm[] = [];
    for (const r of routes) {
      const { url, known } = await concreteUrl(r.pattern, adminId);
      const asAdmin = await fetch(baseUrl + url, { headers: { cookie: adminCookie }, redirect: "manual" });
      if (known) expect(asAdmin.status, `${url} as the admin`).toBe(200);
      if (r.kind === "page" && asAdmin.status === 200) forms.push(...actionForms(await asAdmin.text(), url));
      for (const [who, headers] of visitors) {
        const res = await fetch(baseUrl + url, { headers, redirect: "manual" });
        expect(res.status, `GET ${url} as ${who}`).toBe(404);
      }
    }
    // Staff actions shown outside the staff pages: suspend on a member's page, remove under a comment.
    for (const url of [`/u/${target.handle}`, article.path]) {
      // Only the staff forms there (a public reason field); members' own forms on these pages
      // (subscribe, vote, save, comment, and flag, whose reason comes with a note) rightly
      // send a logged-out visitor to log in rather than answer 404.
      const all = actionForms(await (await fetch(baseUrl + url, { headers: { cookie: adminCookie } })).text(), url);
      forms.push(...all.filter((f) => f.fields.some(([k]) => k === "reason") && !f.fields.some(([k]) => k === "note")));
    }
    const actionIds = new Set(forms.flatMap((f) => f.fields.map(([k]) => k)).filter((k) => k.startsWith("$ACTION_ID_") || k.startsWith("$ACTION_REF_")));
    // add source, bulk, OPML preview, suspend, revoke keys, remove comment, remove article: at least these.
    expect(actionIds.size).toBeGreaterThanOrEqual(6);

    const before = await staffState();
    for (const f of forms) {
      for (const [who, headers] of visitors) {
        const body = new FormData();
        for (const [k, v] of f.fields) body.append(k, k === "reason" ? "sweep" : k === "confirm" ? "yes" : v);
        if (f.fields.some(([k]) => k === "op")) body.set("op", "pause");
        if (f.fields.some(([k]) => k === "ids")) body.append("ids", "1");
        const res = await fetch(baseUrl + f.page, { method: "POST", body, headers: { origin: baseUrl, ...headers }, redirect: "manual" });
        expect(res.status, `POST ${f.page} (${f.fields.map(([k]) => k).join(",")}) as ${who}`).toBe(404);
      }
    }
    expect(await staffState()).toEqual(before);
  });

  it("a moderator is offered no way to change anyone's role, and only the command line can", async () => {
    const mod = await member("mod", "moderator");
    const someone = await member("someone");
    const page = await js.context.newPage();
    await logIn(page, baseUrl, mod.email, "/");
    const cookie = await cookieHeader(js.context, baseUrl);
    await page.close();
    const seen: string[] = [];
    for (const url of ["/mod/queue", "/admin/agents", `/u/${someone.handle}`, `/u/${mod.handle}`, "/me/agents", "/moderation"]) {
      const res = await fetch(baseUrl + url, { headers: { cookie } });
      if (res.status !== 200) continue;
      seen.push(url);
      const html = await res.text();
      expect(html, url).not.toMatch(/name="role"/);
      expect(html.toLowerCase(), url).not.toMatch(/>\s*(promote|make (admin|moderator))\b/);
    }
    expect(seen).toEqual(expect.arrayContaining(["/mod/queue", "/admin/agents", `/u/${someone.handle}`]));
    // The admin-only console is a 404 to a moderator.
    expect((await fetch(`${baseUrl}/admin/sources`, { headers: { cookie } })).status).toBe(404);

    // The one function that writes roles is imported by the command line only (and no server action writes a role).
    const importers: string[] = [];
    const scan = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) scan(full);
        else if (/\.(ts|tsx)$/.test(name)) {
          const text = readFileSync(full, "utf8");
          if (/setRoleOrThrow/.test(text) && !full.endsWith(path.join("lib", "users", "roles.ts"))) importers.push(path.relative(ROOT, full));
          if (/^["']use server["']/m.test(text)) expect(text, full).not.toMatch(/\brole\s*:\s*(?!true\b)[^,}\s]/);
        }
      }
    };
    for (const top of ["app", "components", "lib", "scripts"]) scan(path.join(ROOT, top));
    expect(importers).toEqual([path.join("scripts", "cli", "users.ts")]);
    expect(await staffState().then((s) => s.staff)).toBeGreaterThan(0);
  });
});

describe.each([
  ["with JavaScript", () => js],
  ["without JavaScript", () => nojs],
] as const)("/admin/agents %s", (_label, browser) => {
  it("staff suspend an agent (its API write then gets 403 with the reason), an admin revokes its keys (then 401); a moderator sees no revoke form", async () => {
    const owner = await member("owner");
    const agent = await agentWithKey(owner.id);
    const article = await insertArticle(dbUrl, "agent-sweep");
    const page = await browser().context.newPage();

    const mod = await member("agents-mod", "moderator");
    await logIn(page, baseUrl, mod.email, "/admin/agents");
    expect(await page.locator("[data-staff-agents-link]").count()).toBe(1);
    const row = page.locator(`[data-staff-agent="${agent.handle}"]`);
    expect(await row.locator("[data-agent-status]").innerText()).toBe("claimed");
    expect(await row.locator("[data-revoke-keys-form]").count()).toBe(0);
    await row.locator("[data-agent-suspend-reason]").fill("posting the same link everywhere");
    await Promise.all([page.waitForURL((u) => u.pathname === "/admin/agents", { waitUntil: "load" }), row.locator("[data-agent-suspend-submit]").click()]);
    await expect.poll(() => page.locator(`[data-staff-agent="${agent.handle}"] [data-agent-suspended]`).innerText()).toContain("posting the same link everywhere");

    const write = await fetch(`${baseUrl}/api/v1/articles/${article.id}/vote`, { method: "PUT", headers: { authorization: `Bearer ${agent.key}` } });
    expect(write.status).toBe(403);
    const problem = (await write.json()) as { code: string; detail: string };
    expect(problem.code).toBe("suspended");
    expect(problem.detail).toContain("posting the same link everywhere");

    await logIn(page, baseUrl, E2E_ADMIN_EMAIL, "/admin/agents");
    const adminRow = page.locator(`[data-staff-agent="${agent.handle}"]`);
    // A reason is required: an empty one is refused by the form (and by the server).
    await adminRow.locator("[data-revoke-reason]").fill("key leaked in a public repository");
    await Promise.all([page.waitForURL((u) => u.pathname === "/admin/agents", { waitUntil: "load" }), adminRow.locator("[data-revoke-keys-submit]").click()]);
    await expect.poll(() => page.locator(`[data-staff-agent="${agent.handle}"] [data-agent-live-keys]`).innerText()).toBe("0 live keys");
    expect(await page.locator(`[data-mod-notice="admin:agent:${agent.id}"]`).innerText()).toMatch(/Revoked 1 key/);
    expect((await fetch(`${baseUrl}/api/v1/agents/me`, { headers: { authorization: `Bearer ${agent.key}` } })).status).toBe(401);
    const rows = await withDb(dbUrl, async (c) => (await c.query<{ action: string; reason: string }>(`SELECT action, reason FROM moderation_log WHERE "targetId" = $1 ORDER BY id`, [agent.id])).rows);
    expect(rows).toEqual([{ action: "suspend", reason: "posting the same link everywhere" }, { action: "revoke", reason: "key leaked in a public repository" }]);
    await page.close();
  });
});

describe("the staff menu", () => {
  it("shows an admin how many sources are failing, as the console counts them", async () => {
    const bad = `sweep-failing-${process.pid % 10000}`;
    await withDb(dbUrl, (c) => c.query(`INSERT INTO sources (slug, title, "feedUrl", "errorCount", "lastError", "nextCheckAt", "updatedAt") VALUES ($1, 'Failing', $2, 3, 'HTTP 500', now() + interval '1 day', now())`, [bad, `https://failing.example/${bad}.xml`]));
    const page = await js.context.newPage();
    await logIn(page, baseUrl, E2E_ADMIN_EMAIL, "/admin/sources");
    const failing = await withDb(dbUrl, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM sources WHERE status = 'active' AND "errorCount" > 0`)).rows[0]!.n));
    expect(failing).toBeGreaterThanOrEqual(1);
    expect(Number(await page.locator("[data-failing-sources]").innerText())).toBe(failing);
    expect(Number(await page.locator('[data-tab-count="failing"]').innerText())).toBe(failing);
    expect(await page.locator("[data-admin-nav]").getAttribute("href")).toBe("/admin/sources?tab=failing");
    await page.close();
  });
});
