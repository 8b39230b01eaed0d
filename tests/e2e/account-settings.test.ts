// A member's own account in a real Chromium, with and without JavaScript (issue 14):
// /me/settings changes the password (other sessions end, this one stays) and deletes
// the account (comments stay as "[deleted]" for everyone, scores equal vote counts);
// a one-time reset link from the command line, or mailed through a local SMTP server
// this file starts, sets a new password and logs the account out everywhere; forged
// cross-site posts to these forms change nothing.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { startApp, type RunningApp } from "../helpers/app-server";
import { PASSWORD, articleCounts, cookieHeader, formFieldsFromHtml, insertArticle, insertMember, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEW_PASSWORD = "a-brand-new-password-42";

let js: LaunchedBrowser;
let nojs: LaunchedBrowser;
let reader: LaunchedBrowser;

beforeAll(async () => {
  [js, nojs, reader] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false }), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all([js?.close(), nojs?.close(), reader?.close()]);
});

const handle = (label: string) => `acct-${label}-${randomBytes(3).toString("hex")}`;

/** Logs in through the login form with `password`, starting logged out, and waits to land on `next`. */
async function logInWith(page: Page, origin: string, email: string, password: string, next = "/"): Promise<void> {
  await page.context().clearCookies();
  await withDb(dbUrl, (c) => c.query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login-%'`));
  await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => u.pathname === next, { waitUntil: "commit" }), page.click("[data-login-submit]")]);
}

/** Whether the login form with `password` is refused (the page stays on /login with its error). */
async function loginRefused(page: Page, origin: string, email: string, password: string): Promise<boolean> {
  await page.context().clearCookies();
  await page.goto(`${origin}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click("[data-login-submit]");
  await page.locator("[data-form-error]").waitFor();
  return (await page.locator("[data-form-error]").innerText()).includes("Wrong email or password");
}

async function sessionRows(userId: string): Promise<string[]> {
  return withDb(dbUrl, async (c) => (await c.query<{ sessionToken: string }>(`SELECT "sessionToken" FROM sessions WHERE "userId" = $1`, [userId])).rows.map((r) => r.sessionToken));
}

/** A session row for `userId` as another browser's login would leave it. */
async function otherSession(userId: string): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  await withDb(dbUrl, (c) => c.query(`INSERT INTO sessions (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [sid, sid, userId]));
  return sid;
}

async function passwordHash(userId: string): Promise<string | null> {
  return withDb(dbUrl, async (c) => (await c.query(`SELECT "passwordHash" FROM users WHERE id = $1`, [userId])).rows[0]?.passwordHash ?? null);
}

async function userExists(userId: string): Promise<boolean> {
  return withDb(dbUrl, async (c) => (await c.query(`SELECT 1 FROM users WHERE id = $1`, [userId])).rowCount === 1);
}

async function insertComment(article: TestArticle, userId: string, body: string, parentId: number | null = null): Promise<number> {
  return withDb(dbUrl, async (c) => {
    const r = await c.query<{ id: number }>(
      `INSERT INTO comments ("articleId", "userId", "parentId", body, "bodyHtml") VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [article.id, userId, parentId, body, `<p>${body}</p>`],
    );
    await c.query(`UPDATE articles SET "commentCount" = "commentCount" + 1 WHERE id = $1`, [article.id]);
    return r.rows[0]!.id;
  });
}

async function insertVote(article: TestArticle, userId: string): Promise<void> {
  await withDb(dbUrl, async (c) => {
    await c.query(`INSERT INTO votes ("userId", "articleId") VALUES ($1, $2)`, [userId, article.id]);
    await c.query(`UPDATE articles SET score = score + 1 WHERE id = $1`, [article.id]);
  });
}

/** Runs the operators' command line against the browser tests' database. */
async function resetLinkFromCli(who: string, publicUrl = baseUrl): Promise<string> {
  const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", "users", "reset-link", who], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PUBLIC_URL: publicUrl, LOG_LEVEL: "warn" },
  });
  return stdout.trim();
}

/** Fills and submits the reset link's form, then waits for the login page it leads to. */
async function setPasswordThroughLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.locator("[data-reset-valid]").waitFor();
  await page.fill('input[name="newPassword"]', NEW_PASSWORD);
  await page.fill('input[name="confirmPassword"]', NEW_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === "/login", { waitUntil: "load" }), page.click("[data-reset-password-submit]")]);
  expect(await page.locator("[data-login-notice]").innerText()).toContain("Your new password is set");
}

describe.each([
  ["with JavaScript", () => js],
  ["without JavaScript", () => nojs],
])("account settings %s", (_mode, browser) => {
  it("are for members only: the header links them, logged-out visitors are sent to log in and back", async () => {
    const page = await browser().context.newPage();
    await page.context().clearCookies();
    const res = await fetch(`${baseUrl}/me/settings`, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(new URL(res.headers.get("location")!, baseUrl).pathname + new URL(res.headers.get("location")!, baseUrl).search).toBe(`/login?next=${encodeURIComponent("/me/settings")}`);

    const h = handle("nav");
    const m = await insertMember(dbUrl, h);
    await logInWith(page, baseUrl, m.email, PASSWORD, "/");
    await Promise.all([page.waitForURL((u) => u.pathname === "/me/settings"), page.click("[data-settings-link]")]);
    for (const section of ["account", "password", "delete"]) expect(await page.locator(`[data-settings-section="${section}"]`).count()).toBe(1);
    expect(await page.locator("[data-settings-email]").innerText()).toContain(m.email);
    await page.close();
  });

  it("change the password: a wrong current one is refused clearly; the right one ends other sessions, keeps this one, and the new password logs in", async () => {
    const page = await browser().context.newPage();
    const h = handle("chpw");
    const m = await insertMember(dbUrl, h);
    await logInWith(page, baseUrl, m.email, PASSWORD, "/me/settings");
    const elsewhere = await otherSession(m.id);
    const before = await passwordHash(m.id);

    const form = page.locator("[data-change-password-form]");
    await form.locator('input[name="currentPassword"]').fill("not-my-password");
    await form.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await form.locator('input[name="confirmPassword"]').fill(NEW_PASSWORD);
    await form.locator("[data-change-password-submit]").click();
    await expect.poll(() => page.locator("[data-change-password-form] [data-field-error]").allInnerTexts()).toEqual(["That is not your current password."]);
    expect(await passwordHash(m.id)).toBe(before);
    expect(await sessionRows(m.id)).toContain(elsewhere);

    // Mismatched confirmation: refused before any check.
    const form2 = page.locator("[data-change-password-form]");
    await form2.locator('input[name="currentPassword"]').fill(PASSWORD);
    await form2.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await form2.locator('input[name="confirmPassword"]').fill(`${NEW_PASSWORD}-typo`);
    await form2.locator("[data-change-password-submit]").click();
    await expect.poll(() => page.locator("[data-change-password-form] [data-field-error]").allInnerTexts()).toEqual([expect.stringContaining("differ")]);
    expect(await passwordHash(m.id)).toBe(before);

    const form3 = page.locator("[data-change-password-form]");
    await form3.locator('input[name="currentPassword"]').fill(PASSWORD);
    await form3.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await form3.locator('input[name="confirmPassword"]').fill(NEW_PASSWORD);
    await form3.locator("[data-change-password-submit]").click();
    await page.locator("[data-change-password-form] [data-form-ok]").waitFor();
    expect(await page.locator("[data-change-password-form] [data-form-ok]").innerText()).toContain("1 other session was logged out");
    expect(await sessionRows(m.id)).not.toContain(elsewhere);
    expect(await sessionRows(m.id)).toHaveLength(1);
    // This browser is still logged in.
    await page.goto(`${baseUrl}/me/settings`);
    expect(await page.locator("[data-user-nav]").getAttribute("data-handle")).toBe(h);

    expect(await loginRefused(page, baseUrl, m.email, PASSWORD)).toBe(true);
    await logInWith(page, baseUrl, m.email, NEW_PASSWORD, "/me/settings");
    expect(await page.locator("[data-user-nav]").getAttribute("data-handle")).toBe(h);
    await page.close();
  });

  it("delete the account: a wrong password deletes nothing; then a logged-out reader sees the comment as [deleted] and the score equals the votes", async () => {
    const page = await browser().context.newPage();
    const article = await insertArticle(dbUrl, "acct-del");
    const h = handle("del");
    const m = await insertMember(dbUrl, h);
    const other = await insertMember(dbUrl, handle("stay"));
    const secret = `words only the leaver wrote ${randomBytes(3).toString("hex")}`;
    const mine = await insertComment(article, m.id, secret);
    await insertComment(article, other.id, "a reply that stays", mine);
    await insertVote(article, m.id);
    await insertVote(article, other.id);
    await logInWith(page, baseUrl, m.email, PASSWORD, "/me/settings");

    const form = page.locator("[data-delete-account-form]");
    await form.locator('input[name="confirmation"]').fill("not-my-password");
    await form.locator("[data-delete-account-submit]").click();
    await expect.poll(() => page.locator("[data-delete-account-form] [data-field-error]").allInnerTexts()).toEqual([expect.stringContaining("nothing was deleted")]);
    expect(await userExists(m.id)).toBe(true);

    await page.locator('[data-delete-account-form] input[name="confirmation"]').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/account-deleted", { waitUntil: "load" }), page.locator("[data-delete-account-submit]").click()]);
    expect(await userExists(m.id)).toBe(false);
    expect(await articleCounts(dbUrl, article.id)).toMatchObject({ score: 1, votes: 1, commentCount: 1, comments: 2 });
    // Logged out: the header offers login again.
    await page.goto(`${baseUrl}/`);
    expect(await page.locator("[data-user-nav]").getAttribute("data-handle")).toBeNull();

    const readerPage = await reader.context.newPage();
    await expect
      .poll(async () => {
        await readerPage.goto(`${baseUrl}${article.path}`);
        return readerPage.locator(`[data-comment-id="${mine}"]`).innerText();
      }, { timeout: 15_000, interval: 500 })
      .toContain("[deleted]");
    const main = await readerPage.locator("main").innerText();
    expect(main).not.toContain(secret);
    expect(main).not.toContain(h);
    expect(main).toContain("a reply that stays");
    expect(await loginRefused(readerPage, baseUrl, m.email, PASSWORD)).toBe(true);
    await readerPage.close();
    await page.close();
  });

  it("a reset link from the command line sets a new password, logs the old session out, and refuses a second use", async () => {
    const page = await browser().context.newPage();
    const h = handle("cli");
    const m = await insertMember(dbUrl, h);
    // The account is logged in elsewhere (the reader browser).
    const elsewhere = await reader.context.newPage();
    await logInWith(elsewhere, baseUrl, m.email, PASSWORD, "/me/settings");
    expect(await elsewhere.locator("[data-user-nav]").getAttribute("data-handle")).toBe(h);

    const link = await resetLinkFromCli(h);
    expect(link).toMatch(new RegExp(`^${baseUrl}/reset/[A-Za-z0-9_-]{43}$`));
    await page.context().clearCookies();
    await setPasswordThroughLink(page, link);

    await elsewhere.goto(`${baseUrl}/me/settings`);
    expect(new URL(elsewhere.url()).pathname).toBe("/login");
    await elsewhere.close();

    expect(await loginRefused(page, baseUrl, m.email, PASSWORD)).toBe(true);
    await logInWith(page, baseUrl, m.email, NEW_PASSWORD, "/me/settings");
    await page.context().clearCookies();

    // Used once: the page says so, and a replay of its form changes nothing.
    await page.goto(link);
    expect(await page.locator("[data-reset-invalid]").getAttribute("data-reset-invalid")).toBe("used");
    expect(await page.locator("main").innerText()).toContain("already used");
    const unknown = await fetch(`${baseUrl}/reset/${"Z".repeat(43)}`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("not one we issued");
    await page.close();
  });
});

describe("forged cross-site posts", () => {
  it("to change password, delete account and a reset link's form change nothing, while the same posts from the site work", async () => {
    const page = await js.context.newPage();
    const h = handle("forge");
    const m = await insertMember(dbUrl, h);
    await logInWith(page, baseUrl, m.email, PASSWORD, "/me/settings");
    const cookie = await cookieHeader(js.context, baseUrl);
    const html = await (await fetch(`${baseUrl}/me/settings`, { headers: { cookie } })).text();
    const post = (marker: string, values: Record<string, string>, headers: Record<string, string>, url = `${baseUrl}/me/settings`, source = html) => {
      const form = new FormData();
      for (const [k, v] of formFieldsFromHtml(source, marker)) form.append(k, values[k] ?? v);
      return fetch(url, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const change = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const before = await passwordHash(m.id);
    const forgeries: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of forgeries) {
      await post("data-change-password-form", change, headers);
      await post("data-delete-account-form", { confirmation: PASSWORD }, headers);
    }
    expect(await passwordHash(m.id)).toBe(before);
    expect(await userExists(m.id)).toBe(true);

    const link = await resetLinkFromCli(h);
    const resetHtml = await (await fetch(link)).text();
    const resetValues = { newPassword: "forged-password-1", confirmPassword: "forged-password-1" };
    await post("data-reset-password-form", resetValues, { origin: "https://evil.example" }, link, resetHtml);
    expect(await passwordHash(m.id)).toBe(before);
    expect(await (await fetch(link)).text()).toContain("data-reset-valid");

    // The controls: the same replayed posts from our own origin work.
    const changed = await post("data-change-password-form", change, { origin: baseUrl });
    expect(changed.status).toBe(200);
    expect(await passwordHash(m.id)).not.toBe(before);
    const deleted = await post("data-delete-account-form", { confirmation: NEW_PASSWORD }, { origin: baseUrl });
    expect(deleted.status).toBe(303);
    expect(await userExists(m.id)).toBe(false);
    await page.close();
  });
});

/** Quoted-printable soft breaks and escapes undone (nodemailer wraps long lines so). */
function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe("password reset by email (SMTP_URL set)", () => {
  const received: { to: string[]; raw: string }[] = [];
  let smtp: SMTPServer;
  let app: RunningApp;

  beforeAll(async () => {
    // A real SMTP server on loopback: plain SMTP, no auth, every message kept.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    app = await startApp({ DATABASE_URL: dbUrl, SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: "readahead tests <tests@example.org>" });
  });

  afterAll(async () => {
    await app?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it("mails a working one-time link from \"Forgot password?\", answering an unknown address the same way", async () => {
    await withDb(dbUrl, (c) => c.query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'reset-%'`));
    const h = handle("smtp");
    const m = await insertMember(dbUrl, h);
    const page = await nojs.context.newPage();
    await page.context().clearCookies();

    // Without JavaScript: from the login page to the request form.
    await page.goto(`${app.baseUrl}/login`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/reset"), page.click("[data-forgot-password]")]);
    await page.fill('input[name="email"]', `nobody-${h}@example.org`);
    await Promise.all([page.waitForLoadState("load"), page.click("[data-reset-request-submit]")]);
    const unknownAnswer = await page.locator("[data-reset-request-form] [data-form-ok]").innerText();

    await page.goto(`${app.baseUrl}/reset`);
    await page.fill('input[name="email"]', m.email);
    await Promise.all([page.waitForLoadState("load"), page.click("[data-reset-request-submit]")]);
    const knownAnswer = await page.locator("[data-reset-request-form] [data-form-ok]").innerText();
    expect(knownAnswer).toBe(unknownAnswer);
    expect(knownAnswer).toContain("If an account uses that email");

    await expect.poll(() => received.length, { timeout: 20_000, interval: 200 }).toBe(1);
    const mail = received[0]!;
    expect(mail.to).toEqual([m.email]);
    expect(mail.raw).toMatch(/^From: readahead tests <tests@example\.org>/m);
    const link = /https?:\/\/\S+\/reset\/[A-Za-z0-9_-]{43}/.exec(decodeQuotedPrintable(mail.raw))?.[0];
    expect(link?.startsWith(`${app.baseUrl}/reset/`)).toBe(true);

    // With JavaScript: the link sets the password; the old one stops working, the new one logs in.
    const jsPage = await js.context.newPage();
    await jsPage.context().clearCookies();
    await setPasswordThroughLink(jsPage, link!);
    expect(await loginRefused(jsPage, app.baseUrl, m.email, PASSWORD)).toBe(true);
    await logInWith(jsPage, app.baseUrl, m.email, NEW_PASSWORD, "/me/settings");
    await jsPage.goto(link!);
    expect(await jsPage.locator("[data-reset-invalid]").getAttribute("data-reset-invalid")).toBe("used");
    // The unknown address got no mail.
    expect(received).toHaveLength(1);
    await jsPage.close();
    await page.close();
  });
});
