// Shared steps for the members' browser tests: data written straight into the
// e2e database, and the login / form-replay steps several files use.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { BrowserContext, Page } from "playwright-core";
import { hashPassword } from "../../lib/auth/password";
import { articlePath } from "../../lib/articles/paths";

export const PASSWORD = "members-e2e-password";

export interface TestArticle {
  id: number;
  sourceId: number;
  sourceSlug: string;
  title: string;
  path: string;
}

/** Runs `fn` with a client on the e2e database. */
export async function withDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The article's score and comment count as stored, beside the vote and comment rows that back them. */
export async function articleCounts(url: string, articleId: number): Promise<{ score: number; commentCount: number; votes: number; comments: number }> {
  return withDb(url, async (c) => {
    const r = await c.query<{ score: number; commentCount: number; votes: number; comments: number }>(
      `SELECT a.score, a."commentCount",
              (SELECT count(*)::int FROM votes v WHERE v."articleId" = a.id) AS votes,
              (SELECT count(*)::int FROM comments c WHERE c."articleId" = a.id) AS comments
         FROM articles a WHERE a.id = $1`,
      [articleId],
    );
    return r.rows[0]!;
  });
}

/** A fresh source with one fresh article (score 0, no comments), so tests never share counts. */
export async function insertArticle(url: string, label: string): Promise<TestArticle> {
  const tag = randomBytes(3).toString("hex");
  return withDb(url, async (c) => {
    const slug = `members-${label}-${tag}`;
    const src = await c.query<{ id: number }>(
      `INSERT INTO sources (slug, title, "feedUrl", "updatedAt", "lastSuccessAt") VALUES ($1, $2, $3, now(), now()) RETURNING id`,
      [slug, `Members ${label} ${tag}`, `http://127.0.0.1:9/${slug}.xml`],
    );
    const title = `Members test ${label} ${tag}`;
    const art = await c.query<{ id: number }>(
      `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt")
       VALUES ($1, $2, $3, 'An article for the members tests.', now() - interval '1 minute', $2, now()) RETURNING id`,
      [src.rows[0]!.id, `members-${tag}`, title],
    );
    const id = art.rows[0]!.id;
    return { id, sourceId: src.rows[0]!.id, sourceSlug: slug, title, path: articlePath({ id, title }) };
  });
}

/** A member with PASSWORD, created directly (sign-ups through the UI are rate-limited per address). */
export async function insertMember(url: string, handle: string, opts: { isAgent?: boolean } = {}): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${handle}@example.org`;
  const hash = await hashPassword(PASSWORD);
  await withDb(url, (c) =>
    c.query(`INSERT INTO users (id, handle, email, "passwordHash", "isAgent", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
      id,
      handle,
      email,
      hash,
      opts.isAgent ?? false,
    ]),
  );
  return { id, email };
}

/** Logs in through the real login form and waits to land on `next`. */
export async function logIn(page: Page, baseUrl: string, email: string, next = "/"): Promise<void> {
  // One profile serves several tests: start each login logged out.
  await page.context().clearCookies();
  // Every login counts against its address (lib/rate-limit/policies.ts), and the whole
  // browser suite logs in from loopback, more often in a few minutes than the limit
  // allows one address; the limit itself is tested in tests/integration/auth.test.ts.
  // (vitest is imported here, not at the top: benchmarks import this file outside vitest.)
  const { inject } = await import("vitest");
  await withDb(inject("e2eDatabaseUrl"), (c) => c.query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login-address:%'`));
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next.split(/[?#]/)[0], { waitUntil: "commit" }), page.click("[data-login-submit]")]);
}

/** The session cookie header a logged-in context sends. */
export async function cookieHeader(context: BrowserContext, baseUrl: string): Promise<string> {
  return (await context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * Every input of the form containing `marker` in the page's server-rendered
 * HTML (what a browser without JavaScript would post), so a test can replay it.
 */
export function formFieldsFromHtml(html: string, marker: string): [string, string][] {
  const start = html.indexOf(marker);
  if (start === -1) throw new Error(`form marker ${marker} not found`);
  const formStart = html.lastIndexOf("<form", start);
  const formEnd = html.indexOf("</form>", start);
  const form = html.slice(formStart, formEnd);
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(m[1]!)?.[1];
    const value = /value="([^"]*)"/.exec(m[1]!)?.[1] ?? "";
    if (name) fields.push([decodeEntities(name), decodeEntities(value)]);
  }
  return fields;
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
