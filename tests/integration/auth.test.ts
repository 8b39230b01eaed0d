import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { hashPassword, verifyPassword } from "../../lib/auth/password";
import { EMAIL_UNAVAILABLE, signUp, verifyLogin } from "../../lib/auth/service";
import { createSession, deleteSession, encodeSessionCookie, findSessionUser, sidFromCookie } from "../../lib/auth/session";
import { RateLimitedError } from "../../lib/rate-limit/buckets";

let n = 0;
const address = () => `198.51.${Math.floor(++n / 250)}.${n % 250}`;

/** One login attempt, as the form would report it. */
function attempt(email: string, password: string, from: string): Promise<"ok" | "wrong" | "limited"> {
  return verifyLogin(email, password, from).then(
    (u) => (u ? "ok" : "wrong"),
    (e: unknown) => {
      if (e instanceof RateLimitedError) return "limited";
      throw e;
    },
  );
}

describe("passwords", () => {
  it("hashes with argon2id at OWASP's parameters and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("sign up and log in", () => {
  it("creates a member with a unique handle and logs them in with the right password only", async () => {
    const res = await signUp({ email: "ada@example.org", handle: "ada", password: "lovelace-1815" }, address());
    expect(res.ok).toBe(true);
    const stored = await db.user.findUniqueOrThrow({ where: { handle: "ada" } });
    expect(stored.passwordHash).not.toContain("lovelace");
    expect(await verifyLogin("ADA@example.org", "lovelace-1815", address())).toMatchObject({ handle: "ada" });
    expect(await verifyLogin("ada@example.org", "wrong-password", address())).toBeNull();
  });

  it("says a handle is taken but words a taken email without confirming it exists", async () => {
    await signUp({ email: "grace@example.org", handle: "grace", password: "hopper-1906" }, address());
    const sameHandle = await signUp({ email: "other@example.org", handle: "grace", password: "hopper-1906" }, address());
    expect(sameHandle).toMatchObject({ ok: false, field: "handle" });
    const sameEmail = await signUp({ email: "grace@example.org", handle: "grace2", password: "hopper-1906" }, address());
    expect(sameEmail).toEqual({ ok: false, field: "email", message: EMAIL_UNAVAILABLE });
    expect(EMAIL_UNAVAILABLE).not.toMatch(/taken|exists|registered/i);
    expect(await db.user.count({ where: { email: "grace@example.org" } })).toBe(1);
  });

  it("answers an unknown email exactly like a wrong password (null, no error)", async () => {
    await signUp({ email: "linus@example.org", handle: "linus", password: "pauling-1901" }, address());
    expect(await verifyLogin("nobody@example.org", "whatever-123", address())).toBeNull();
    expect(await verifyLogin("linus@example.org", "whatever-123", address())).toBeNull();
  });

  it("stops guessing at one account from many addresses, while its owner still logs in from an address they used before", async () => {
    const home = address();
    await signUp({ email: "target@example.org", handle: "target", password: "right-password-1" }, home);
    expect(await verifyLogin("target@example.org", "right-password-1", home)).toMatchObject({ handle: "target" });
    const outcomes: string[] = [];
    for (let i = 0; i < 25; i++) {
      // A different address each time (a botnet): only the account-wide limit can hold.
      outcomes.push(await attempt("target@example.org", `wrong-${i}`, address()));
    }
    expect(outcomes.slice(0, 20)).toEqual(Array(20).fill("wrong"));
    expect(outcomes.slice(20)).toEqual(Array(5).fill("limited"));
    // Even the right password is refused from an address the account never used...
    expect(await attempt("target@example.org", "right-password-1", address())).toBe("limited");
    // ...but not from the owner's own.
    expect(await attempt("target@example.org", "right-password-1", home)).toBe("ok");
  });

  it("rate-limits one address trying many accounts", async () => {
    const ip = "203.0.113.77";
    const results: boolean[] = [];
    for (let i = 0; i < 22; i++) {
      results.push(await verifyLogin(`spray-${i}@example.org`, "password123", ip).then(() => true, () => false));
    }
    expect(results.slice(0, 20).every(Boolean)).toBe(true);
    expect(results.slice(20)).toEqual([false, false]);
  });

  it("rate-limits sign-ups per address", async () => {
    const ip = "203.0.113.200";
    for (let i = 0; i < 5; i++) {
      expect((await signUp({ email: `farm-${i}@example.org`, handle: `farm-${i}`, password: "password123" }, ip)).ok).toBe(true);
    }
    await expect(signUp({ email: "farm-9@example.org", handle: "farm-9", password: "password123" }, ip)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await db.user.count({ where: { handle: "farm-9" } })).toBe(0);
  });
});

describe("sessions", () => {
  it("rotates at login (the previous session row is deleted) and ends for good at logout", async () => {
    const user = await db.user.create({ data: { handle: "rotor", email: "rotor@example.org" } });
    const first = await createSession(user.id);
    const firstCookie = await encodeSessionCookie(user, first.sid);
    expect(await sidFromCookie(firstCookie)).toBe(first.sid);
    expect(await findSessionUser(first.sid)).toMatchObject({ handle: "rotor" });

    const second = await createSession(user.id, first.sid);
    expect(second.sid).not.toBe(first.sid);
    // The old cookie still decodes, but names a session that no longer exists.
    expect(await findSessionUser((await sidFromCookie(firstCookie))!)).toBeNull();
    expect(await findSessionUser(second.sid)).toMatchObject({ id: user.id });

    await deleteSession(second.sid);
    expect(await findSessionUser(second.sid)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("rejects forged cookies and expired sessions, and keeps a suspended member logged in with the suspension", async () => {
    expect(await sidFromCookie("not-a-jwt")).toBeNull();
    expect(await sidFromCookie(undefined)).toBeNull();
    const user = await db.user.create({ data: { handle: "banme", email: "banme@example.org" } });
    const s = await createSession(user.id);
    await db.session.update({ where: { sessionToken: s.sid }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await findSessionUser(s.sid)).toBeNull();
    const s2 = await createSession(user.id);
    const until = new Date(Date.now() + 86_400_000);
    await db.user.update({ where: { id: user.id }, data: { bannedAt: new Date(), bannedUntil: until, banReason: "spam" } });
    // Issue 14: a suspended member can read and is told why, so the session stays.
    expect(await findSessionUser(s2.sid)).toMatchObject({ id: user.id, suspension: { until, reason: "spam" } });
    // Once the end has passed the suspension is gone, and bannedAt is cleared for every reader of it.
    await db.user.update({ where: { id: user.id }, data: { bannedUntil: new Date(Date.now() - 1000) } });
    expect(await findSessionUser(s2.sid)).toMatchObject({ id: user.id, suspension: null });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { bannedAt: true } })).toEqual({ bannedAt: null });
  });
});

describe("expired sessions", () => {
  const expiredRows = (userId: string, count: number) =>
    db.session.createMany({
      data: Array.from({ length: count }, (_, i) => ({ sessionToken: `old-${userId}-${i}`, userId, expires: new Date(Date.now() - 60_000 - i) })),
    });

  it("are deleted as new sessions start, a bounded batch at a time, leaving live sessions alone", async () => {
    const gone = await db.user.create({ data: { handle: "gone", email: "gone@example.org" } });
    const live = await db.user.create({ data: { handle: "live", email: "live@example.org" } });
    await expiredRows(gone.id, 150);
    const liveSession = await createSession(live.id);
    // The first login deletes 100 of the 150 expired rows, the next one the rest.
    expect(await db.session.count({ where: { userId: gone.id } })).toBe(50);
    await createSession(live.id);
    expect(await db.session.count({ where: { userId: gone.id } })).toBe(0);
    expect(await findSessionUser(liveSession.sid)).toMatchObject({ handle: "live" });
    expect(await db.session.count({ where: { userId: live.id } })).toBe(2);
  });
});

describe("login limits", () => {
  it("let a member log in many times in a row from one address (their own successes are refunded)", async () => {
    await signUp({ email: "often@example.org", handle: "often", password: "often-password" }, address());
    for (let i = 0; i < 8; i++) expect(await verifyLogin("often@example.org", "often-password", "192.0.2.1")).toMatchObject({ handle: "often" });
  });

  it("stop an attacker who logs into their own account between guesses at others: every attempt counts against the address", async () => {
    const ip = "203.0.113.50";
    await signUp({ email: "mallory@example.org", handle: "mallory", password: "mallory-password" }, address());
    for (let v = 0; v < 10; v++) await signUp({ email: `victim-${v}@example.org`, handle: `victim-${v}`, password: `victim-password-${v}` }, address());
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      outcomes.push(await attempt("mallory@example.org", "mallory-password", ip));
      // Spread over ten victims, so no per-account limit is reached first.
      outcomes.push(await attempt(`victim-${i % 10}@example.org`, `guess-${i}`, ip));
    }
    const checked = outcomes.filter((o) => o !== "limited");
    // 20 password checks per address per 15 minutes, however many of them succeed.
    expect(checked).toHaveLength(20);
    expect(checked.filter((o) => o === "wrong")).toHaveLength(10);
    expect(outcomes.slice(20).every((o) => o === "limited")).toBe(true);
  });

  it("do not let failed attempts from one address lock the owner out from another", async () => {
    const home = address();
    await signUp({ email: "victim@example.org", handle: "victim", password: "victim-password" }, home);
    const attacker = address();
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) outcomes.push(await attempt("victim@example.org", `guess-${i}`, attacker));
    expect(outcomes).toEqual([...Array(5).fill("wrong"), ...Array(3).fill("limited")]);
    expect(await attempt("victim@example.org", "victim-password", home)).toBe("ok");
    // From an address the victim never used before, too (a few failures are no lockout).
    expect(await attempt("victim@example.org", "victim-password", address())).toBe("ok");
    // The attacker's own address stays locked out of that account, right password or not.
    expect(await attempt("victim@example.org", "victim-password", attacker)).toBe("limited");
  });
});
