// Roles (issue 14): READAHEAD_ADMINS at sign-up and login, and the users CLI run as a real process.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { signUp, verifyLogin } from "../../lib/auth/service";
import { resetEnvCache } from "../../lib/env";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn" },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let n = 0;
const address = () => `198.51.100.${++n}`;

afterEach(() => {
  delete process.env.READAHEAD_ADMINS;
  resetEnvCache();
});

describe("READAHEAD_ADMINS", () => {
  it("makes listed emails admins at sign-up and at login, and nobody else", async () => {
    process.env.READAHEAD_ADMINS = " Boss@Example.org , ops@example.org";
    resetEnvCache();
    const boss = await signUp({ email: "boss@example.org", handle: "boss", password: "correct-horse-1" }, address());
    const first = await signUp({ email: "first@example.org", handle: "first", password: "correct-horse-1" }, address());
    expect(boss.ok && first.ok).toBe(true);
    const role = async (handle: string) => (await db.user.findUniqueOrThrow({ where: { handle }, select: { role: true } })).role;
    expect(await role("boss")).toBe("admin");
    // No "first account becomes admin".
    expect(await role("first")).toBe("member");

    // An account that existed before its email was listed becomes admin at its next login.
    delete process.env.READAHEAD_ADMINS;
    resetEnvCache();
    await signUp({ email: "ops@example.org", handle: "ops", password: "correct-horse-1" }, address());
    expect(await role("ops")).toBe("member");
    process.env.READAHEAD_ADMINS = "ops@example.org";
    resetEnvCache();
    expect(await verifyLogin("ops@example.org", "wrong-password-1", address())).toBeNull();
    expect(await role("ops")).toBe("member");
    expect(await verifyLogin("ops@example.org", "correct-horse-1", address())).toMatchObject({ handle: "ops" });
    expect(await role("ops")).toBe("admin");
  });
});

describe("readahead users", () => {
  it("promotes by email or handle, lists as JSON, and refuses bad roles and unknown accounts with one line", async () => {
    await db.user.create({ data: { handle: "mia", email: "mia@example.org" } });
    await db.user.create({ data: { handle: "bot", email: "bot@example.org", isAgent: true } });

    const byHandle = await cli(["users", "promote", "mia", "--role", "moderator"]);
    expect(byHandle.code).toBe(0);
    expect(JSON.parse(byHandle.stdout)).toMatchObject({ handle: "mia", role: "moderator", previousRole: "member" });
    const byEmail = await cli(["users", "promote", "MIA@example.org", "--role", "admin"]);
    expect(JSON.parse(byEmail.stdout)).toMatchObject({ role: "admin", previousRole: "moderator" });

    const list = await cli(["users", "list", "--json"]);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { handle: string; role: string; isAgent: boolean }[];
    expect(rows.find((r) => r.handle === "mia")).toMatchObject({ role: "admin" });
    // Staff first.
    expect(rows.findIndex((r) => r.role === "member")).toBeGreaterThan(rows.findIndex((r) => r.handle === "mia"));
    expect(rows.find((r) => r.handle === "bot")).toMatchObject({ role: "member", isAgent: true });

    const badRole = await cli(["users", "promote", "mia", "--role", "root"]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim()).toBe('readahead: --role must be one of member, moderator, admin (got "root")');
    const noRole = await cli(["users", "promote", "mia", "--role"]);
    expect([noRole.code, noRole.stderr.trim()]).toEqual([1, "readahead: --role needs a value"]);
    expect((await cli(["users", "promote"])).code).toBe(2);
    const unknown = await cli(["users", "promote", "nobody", "--role", "admin"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    const agent = await cli(["users", "promote", "bot", "--role", "moderator"]);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toMatch(/agents cannot be staff/);
    // Nothing the refusals touched changed.
    expect(await db.user.findUniqueOrThrow({ where: { handle: "mia" }, select: { role: true } })).toEqual({ role: "admin" });
    expect(await db.user.findUniqueOrThrow({ where: { handle: "bot" }, select: { role: true } })).toEqual({ role: "member" });
  });
});
