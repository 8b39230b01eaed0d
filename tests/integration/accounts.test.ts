// Members' own account (issue 14): changing the password, deleting the account, and
// one-time reset links (issued by the CLI, run as a real process, or requested by email).
import { castCommentVote } from "../../lib/votes/comment-service";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db, pgPool } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { signUp, verifyLogin } from "../../lib/auth/service";
import { createSession, findSessionUser } from "../../lib/auth/session";
import { hashSecret } from "../../lib/agents/keys";
import { getDiscussion } from "../../lib/comments/queries";
import { suspendUser } from "../../lib/moderation/service";
import { RateLimitedError } from "../../lib/rate-limit/buckets";
import { refreshHotRank } from "../../lib/ranking/refresh";
import { WRONG_CURRENT_PASSWORD, changePassword } from "../../lib/users/change-password";
import { DELETED_MEMBER_HANDLE, DELETED_MEMBER_ID } from "../../lib/users/deleted-member";
import { deleteAccount, deleteOwnAccount } from "../../lib/users/delete-account";
import { RESET_LINK_TTL_MS, checkResetToken, issueResetLink, requestResetByEmail, resetPasswordWithToken } from "../../lib/users/password-reset";
import { listUsersWithRoles } from "../../lib/users/roles";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const OLD = "old-password-1";
const NEW = "new-password-2";

let n = 0;
const address = () => `203.0.113.${++n % 250}`;

async function member(handle: string, opts: { password?: string | null } = {}) {
  const passwordHash = opts.password === null ? null : await hashPassword(opts.password ?? OLD);
  return db.user.create({ data: { handle, email: `${handle}@example.org`, passwordHash }, select: { id: true, handle: true, email: true } });
}

async function sessionsOf(userId: string): Promise<string[]> {
  return (await db.session.findMany({ where: { userId }, select: { sessionToken: true } })).map((s) => s.sessionToken);
}

function tokenOf(url: string): string {
  const m = /\/reset\/([A-Za-z0-9_-]{43})$/.exec(url);
  if (!m) throw new Error(`not a reset link: ${url}`);
  return m[1]!;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("changing the password", () => {
  it("refuses a wrong current password and changes nothing; the right one sets the new password and ends every other session, not this one", async () => {
    const m = await member("chpw");
    const here = (await createSession(m.id)).sid;
    const phone = (await createSession(m.id)).sid;
    const laptop = (await createSession(m.id)).sid;

    const wrong = await changePassword(m.id, here, { currentPassword: "not-it-at-all", newPassword: NEW });
    expect(wrong).toEqual({ ok: false, field: "currentPassword", message: WRONG_CURRENT_PASSWORD });
    expect((await sessionsOf(m.id)).sort()).toEqual([here, phone, laptop].sort());
    expect(await verifyLogin(m.email!, OLD, address())).toMatchObject({ id: m.id });

    const ok = await changePassword(m.id, here, { currentPassword: OLD, newPassword: NEW });
    expect(ok).toEqual({ ok: true, endedSessions: 2 });
    expect(await sessionsOf(m.id)).toEqual([here]);
    expect(await findSessionUser(here)).toMatchObject({ id: m.id });
    expect(await findSessionUser(phone)).toBeNull();
    expect(await verifyLogin(m.email!, OLD, address())).toBeNull();
    expect(await verifyLogin(m.email!, NEW, address())).toMatchObject({ id: m.id });
  });

  it("counts wrong current passwords like login attempts: past five, even the right one is refused", async () => {
    const m = await member("chpwlimit");
    for (let i = 0; i < 5; i++) expect((await changePassword(m.id, null, { currentPassword: `guess-${i}-xxxx`, newPassword: NEW })).ok).toBe(false);
    await expect(changePassword(m.id, null, { currentPassword: OLD, newPassword: NEW })).rejects.toBeInstanceOf(RateLimitedError);
    expect(await verifyLogin(m.email!, OLD, address())).toMatchObject({ id: m.id });
  });

  it("retires reset links issued before the change", async () => {
    const m = await member("chpwlink");
    const link = await issueResetLink(m.id, m.handle);
    await changePassword(m.id, null, { currentPassword: OLD, newPassword: NEW });
    expect(await checkResetToken(tokenOf(link.url))).toEqual({ ok: false, problem: "used" });
  });
});

describe("reset links", () => {
  it("are stored hashed, work once, set the password and end every session of the account", async () => {
    const m = await member("rsonce");
    const sids = [(await createSession(m.id)).sid, (await createSession(m.id)).sid];
    const link = await issueResetLink(m.id, m.handle);
    const token = tokenOf(link.url);
    expect(link.url.startsWith("http")).toBe(true);
    const row = await db.passwordResetToken.findFirstOrThrow({ where: { userId: m.id } });
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(RESET_LINK_TTL_MS);
    expect(await checkResetToken(token)).toEqual({ ok: true, handle: m.handle });

    const used = await resetPasswordWithToken(token, NEW);
    expect(used).toEqual({ ok: true, userId: m.id, endedSessions: 2 });
    for (const sid of sids) expect(await findSessionUser(sid)).toBeNull();
    expect(await verifyLogin(m.email!, NEW, address())).toMatchObject({ id: m.id });

    // Once only: the second use changes nothing.
    expect(await resetPasswordWithToken(token, "third-password-3")).toEqual({ ok: false, problem: "used" });
    expect(await verifyLogin(m.email!, "third-password-3", address())).toBeNull();
    expect(await checkResetToken(token)).toEqual({ ok: false, problem: "used" });
  });

  it("stop working after an hour (time given, not slept), and an expiry written into the database counts too", async () => {
    const m = await member("rsexpire");
    const issuedAt = new Date("2026-12-01T10:00:00Z");
    const link = await issueResetLink(m.id, m.handle, issuedAt);
    const token = tokenOf(link.url);
    expect(await checkResetToken(token, new Date(issuedAt.getTime() + RESET_LINK_TTL_MS - 1000))).toMatchObject({ ok: true });
    const late = new Date(issuedAt.getTime() + RESET_LINK_TTL_MS + 1000);
    expect(await resetPasswordWithToken(token, NEW, late)).toEqual({ ok: false, problem: "expired" });
    expect(await verifyLogin(m.email!, OLD, address())).toMatchObject({ id: m.id });

    const fresh = tokenOf((await issueResetLink(m.id, m.handle)).url);
    await db.passwordResetToken.update({ where: { tokenHash: hashSecret(fresh) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resetPasswordWithToken(fresh, NEW)).toEqual({ ok: false, problem: "expired" });
    expect(await verifyLogin(m.email!, NEW, address())).toBeNull();
  });

  it("answer unknown and malformed tokens as unknown, without touching any account", async () => {
    expect(await checkResetToken("x".repeat(43))).toEqual({ ok: false, problem: "unknown" });
    expect(await checkResetToken("../../etc/passwd")).toEqual({ ok: false, problem: "unknown" });
    expect(await resetPasswordWithToken("A".repeat(43), NEW)).toEqual({ ok: false, problem: "unknown" });
  });

  it("let exactly one of two concurrent uses win", async () => {
    const m = await member("rsrace");
    const token = tokenOf((await issueResetLink(m.id, m.handle)).url);
    const results = await Promise.all([resetPasswordWithToken(token, "racer-one-1"), resetPasswordWithToken(token, "racer-two-2")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: "used" }]);
  });

  it("are printed by `users reset-link` for an email or handle, and refused for agents and unknown accounts", async () => {
    const m = await member("rscli");
    await db.user.create({ data: { handle: "rsbot", isAgent: true } });
    const byHandle = await cli(["users", "reset-link", "rscli"], { PUBLIC_URL: "https://news.example.org" });
    expect(byHandle.code).toBe(0);
    const url = byHandle.stdout.trim();
    expect(url).toMatch(/^https:\/\/news\.example\.org\/reset\/[A-Za-z0-9_-]{43}$/);
    expect(byHandle.stderr).toMatch(/one-time link for rscli/);
    const json = await cli(["users", "reset-link", "RSCLI@example.org", "--json"], { PUBLIC_URL: "https://news.example.org" });
    expect(JSON.parse(json.stdout)).toMatchObject({ handle: "rscli" });
    expect(await resetPasswordWithToken(tokenOf(url), NEW)).toMatchObject({ ok: true, userId: m.id });

    const agent = await cli(["users", "reset-link", "rsbot"]);
    expect([agent.code, agent.stdout]).toEqual([1, ""]);
    expect(agent.stderr).toMatch(/agent/);
    const unknown = await cli(["users", "reset-link", "nobody-here"]);
    expect([unknown.code, unknown.stdout]).toEqual([1, ""]);
    const missing = await cli(["users", "reset-link"]);
    expect(missing.code).toBe(2);
  });

  it("requested by email: a link only for a real account, within the per-account and per-address limits", async () => {
    const m = await member("rsmail");
    const from = address();
    const link = await requestResetByEmail(" RSMAIL@example.org ", from);
    expect(link).toMatchObject({ to: m.email, handle: m.handle });
    expect(await checkResetToken(tokenOf(link!.url))).toMatchObject({ ok: true });
    expect(await requestResetByEmail("nobody@example.org", from)).toBeNull();
    // Per account: two more, then nothing is sent (and the caller answers alike).
    expect(await requestResetByEmail(m.email!, address())).not.toBeNull();
    expect(await requestResetByEmail(m.email!, address())).not.toBeNull();
    expect(await requestResetByEmail(m.email!, address())).toBeNull();
    // Per address: five requests an hour, whatever the emails.
    const busy = address();
    for (let i = 0; i < 5; i++) await requestResetByEmail(`someone${i}@example.org`, busy);
    await expect(requestResetByEmail("another@example.org", busy)).rejects.toBeInstanceOf(RateLimitedError);
  });
});

let articleN = 0;
async function article() {
  articleN++;
  const source = await db.source.create({ data: { slug: `acct-${articleN}`, title: "S", feedUrl: `http://127.0.0.1/acct/${articleN}` } });
  return db.article.create({
    data: { sourceId: source.id, entryKey: "k", title: `Article ${articleN}`, publishedAt: new Date(Date.now() - 3_600_000), contentHash: "x", hotRank: -1 },
  });
}

async function comment(articleId: number, userId: string, body: string, opts: { parentId?: number; isAgent?: boolean; removed?: boolean } = {}) {
  const c = await db.comment.create({
    data: { articleId, userId, body, bodyHtml: `<p>${body}</p>`, parentId: opts.parentId ?? null, isAgent: opts.isAgent ?? false, ...(opts.removed ? { removedAt: new Date(), removalReason: "spam" } : {}) },
  });
  if (!opts.removed) await db.article.update({ where: { id: articleId }, data: { commentCount: { increment: 1 } } });
  return c;
}

async function vote(articleId: number, userId: string, isAgent = false) {
  await db.vote.create({ data: { articleId, userId, isAgent } });
  if (!isAgent) await db.article.update({ where: { id: articleId }, data: { score: { increment: 1 } } });
}

/** Every article's score and comment count against the rows that back them. */
async function countsAgree(articleId: number) {
  const a = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { score: true, commentCount: true } });
  const humanVotes = await db.vote.count({ where: { articleId, isAgent: false } });
  const visible = await db.comment.count({ where: { articleId, deletedAt: null, removedAt: null } });
  return { score: a.score, humanVotes, commentCount: a.commentCount, visible };
}

describe("deleting an account", () => {
  it("withdraws votes (scores equal vote counts, hot rank recomputed), keeps comments as [deleted], and takes the rest with it, in one go", async () => {
    const a = await article();
    const b = await article();
    const leaver = await member("leaver");
    const other = await member("stayer");
    await vote(a.id, leaver.id);
    await vote(b.id, leaver.id);
    await vote(a.id, other.id);
    const mine = await comment(a.id, leaver.id, "my words");
    const reply = await comment(a.id, other.id, "a reply", { parentId: mine.id });
    const removed = await comment(b.id, leaver.id, "removed words", { removed: true });
    const theirs = await comment(b.id, other.id, "their words");
    // Flags both ways: one on the leaver's comment (open), one raised by the leaver.
    await db.flag.create({ data: { userId: other.id, commentId: mine.id, reason: "unkind" } });
    await db.flag.create({ data: { userId: leaver.id, commentId: theirs.id, reason: "spam" } });
    // An agent the leaver owns, with a key, a vote and a comment.
    const bot = await db.user.create({ data: { handle: "leaverbot", isAgent: true, ownerId: leaver.id, agent: { create: { verificationCode: "ABCD-EFGH", status: "claimed" } } } });
    await db.agentApiKey.create({ data: { userId: bot.id, prefix: "rha_x", keyHash: "h".repeat(64) } });
    await vote(a.id, bot.id, true);
    const botComment = await comment(a.id, bot.id, "beep", { isAgent: true });
    await createSession(leaver.id);
    await db.subscription.create({ data: { userId: leaver.id, sourceId: a.sourceId } });
    await db.savedArticle.create({ data: { userId: leaver.id, articleId: b.id } });
    await issueResetLink(leaver.id, leaver.handle);
    expect(await countsAgree(a.id)).toEqual({ score: 2, humanVotes: 2, commentCount: 3, visible: 3 });

    const now = new Date();
    const touched = await deleteAccount(leaver.id, now);
    expect(touched.map((t) => t.id).sort()).toEqual([a.id, b.id].sort());

    expect(await db.user.findUnique({ where: { id: leaver.id } })).toBeNull();
    expect(await countsAgree(a.id)).toEqual({ score: 1, humanVotes: 1, commentCount: 1, visible: 1 });
    expect(await countsAgree(b.id)).toEqual({ score: 0, humanVotes: 0, commentCount: 1, visible: 1 });
    // Hot rank follows the new score: recomputing it at the same instant changes nothing.
    for (const id of [a.id, b.id]) {
      const stored = (await db.article.findUniqueOrThrow({ where: { id }, select: { hotRank: true } })).hotRank;
      expect(stored).not.toBe(-1);
      await refreshHotRank(pgPool, id, now);
      expect((await db.article.findUniqueOrThrow({ where: { id }, select: { hotRank: true } })).hotRank).toBeCloseTo(stored, 12);
    }

    // The thread keeps its shape: the comment stays, blank, under the placeholder; the reply is untouched.
    const kept = await db.comment.findUniqueOrThrow({ where: { id: mine.id } });
    expect(kept).toMatchObject({ userId: DELETED_MEMBER_ID, body: "", bodyHtml: "" });
    expect(kept.deletedAt).not.toBeNull();
    expect(await db.comment.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ parentId: mine.id, body: "a reply", userId: other.id });
    expect(await db.comment.findUniqueOrThrow({ where: { id: removed.id } })).toMatchObject({ userId: DELETED_MEMBER_ID, body: "" });
    const page = await getDiscussion(a.id, "new");
    const root = page.tree.find((t) => t.id === mine.id)!;
    expect(root).toMatchObject({ isDeleted: true, body: "", author: { handle: DELETED_MEMBER_HANDLE } });
    expect(root.replies.map((r) => r.body)).toEqual(["a reply"]);

    // Flags: the open one on the blanked comment is resolved; the one the leaver raised is gone.
    expect(await db.flag.findFirstOrThrow({ where: { commentId: mine.id } })).toMatchObject({ resolution: "dismissed" });
    expect(await db.flag.count({ where: { commentId: theirs.id } })).toBe(0);
    // The agent is retired: keys revoked, its comment blanked, its vote gone, no owner.
    const agentNow = await db.user.findUniqueOrThrow({ where: { id: bot.id }, select: { ownerId: true, agent: { select: { deletedAt: true } }, apiKeys: { select: { revokedAt: true } } } });
    expect(agentNow.ownerId).toBeNull();
    expect(agentNow.agent?.deletedAt).not.toBeNull();
    expect(agentNow.apiKeys.every((k) => k.revokedAt !== null)).toBe(true);
    expect(await db.comment.findUniqueOrThrow({ where: { id: botComment.id } })).toMatchObject({ body: "" });
    expect(await db.vote.count({ where: { userId: bot.id } })).toBe(0);
    // Everything else owned by the account is gone.
    for (const count of [
      db.session.count({ where: { userId: leaver.id } }),
      db.subscription.count({ where: { userId: leaver.id } }),
      db.savedArticle.count({ where: { userId: leaver.id } }),
      db.passwordResetToken.count({ where: { userId: leaver.id } }),
      db.vote.count({ where: { userId: leaver.id } }),
      db.comment.count({ where: { userId: leaver.id } }),
    ]) {
      expect(await count).toBe(0);
    }

    // The placeholder is no one's account: not listed, not suspendable; the handle is free again.
    expect((await listUsersWithRoles()).some((u) => u.id === DELETED_MEMBER_ID)).toBe(false);
    await expect(suspendUser({ id: other.id, handle: "mod", role: "admin" }, DELETED_MEMBER_ID, new Date(Date.now() + 86_400_000), "no")).rejects.toThrow(/no longer exists/);
    expect(await signUp({ email: "new-leaver@example.org", handle: "leaver", password: "fresh-password-9" }, address())).toMatchObject({ ok: true });
  });

  it("withdraws the member's comment votes, so each comment's score still equals its members' votes", async () => {
    const a = await article();
    const leaver = await member("cvleaver");
    const author = await member("cvauthor");
    const other = await member("cvother");
    const target = await comment(a.id, author.id, "worth a vote");
    await castCommentVote({ id: leaver.id, isAgent: false }, target.id);
    await castCommentVote({ id: other.id, isAgent: false }, target.id);
    expect((await db.comment.findUniqueOrThrow({ where: { id: target.id } })).score).toBe(2);

    const touched = await deleteAccount(leaver.id, new Date());
    expect(touched.map((t) => t.id)).toContain(a.id);
    expect(await db.user.findUnique({ where: { id: leaver.id } })).toBeNull();
    const after = await db.comment.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.score).toBe(1);
    expect(await db.commentVote.count({ where: { commentId: target.id, isAgent: false } })).toBe(1);
  });

  it("deletes a second account onto the same placeholder", async () => {
    const a = await article();
    const first = await member("firstgone");
    const second = await member("secondgone");
    await comment(a.id, first.id, "one");
    await comment(a.id, second.id, "two");
    await deleteAccount(first.id);
    await deleteAccount(second.id);
    expect(await db.comment.count({ where: { articleId: a.id, userId: DELETED_MEMBER_ID } })).toBe(2);
    expect(await countsAgree(a.id)).toMatchObject({ commentCount: 0, visible: 0 });
  });

  it("asks for the password (or the handle, without one) and deletes nothing on a wrong answer", async () => {
    const withPw = await member("confirmpw");
    expect(await deleteOwnAccount(withPw.id, "wrong-password")).toMatchObject({ ok: false });
    expect(await deleteOwnAccount(withPw.id, withPw.handle)).toMatchObject({ ok: false });
    expect(await db.user.count({ where: { id: withPw.id } })).toBe(1);
    expect(await deleteOwnAccount(withPw.id, OLD)).toMatchObject({ ok: true });
    expect(await db.user.count({ where: { id: withPw.id } })).toBe(0);

    const github = await member("confirmgh", { password: null });
    expect(await deleteOwnAccount(github.id, "someone-else")).toMatchObject({ ok: false });
    expect(await db.user.count({ where: { id: github.id } })).toBe(1);
    expect(await deleteOwnAccount(github.id, " ConfirmGH ")).toMatchObject({ ok: true });
    expect(await db.user.count({ where: { id: github.id } })).toBe(0);
  });

  it("refuses agents and the placeholder itself", async () => {
    const bot = await db.user.create({ data: { handle: "notdeletable", isAgent: true } });
    await expect(deleteAccount(bot.id)).rejects.toThrow(/owner/);
    await expect(deleteAccount(DELETED_MEMBER_ID)).rejects.toThrow(/placeholder/);
    expect(await db.user.count({ where: { id: bot.id } })).toBe(1);
  });
});
