import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, getEnv, resetEnvCache } from "../../lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function parseWith(vars: Record<string, string | undefined>) {
  process.env = { ...saved, ...vars };
  resetEnvCache();
  return getEnv();
}

describe("configuration", () => {
  it.each([
    [{ PORT: "abc" }, /^invalid setting PORT \(got "abc"\): /],
    [{ PORT: "70000" }, /^invalid setting PORT .*65535/],
    [{ DATABASE_URL: "mysql://x" }, /^invalid setting DATABASE_URL .*postgres/],
    [{ FEED_FETCH_ALLOW_CIDRS: "127.0.0.1" }, /^invalid setting FEED_FETCH_ALLOW_CIDRS/],
    [{ LOG_LEVEL: "loud" }, /^invalid setting LOG_LEVEL/],
    [{ AUTH_SECRET: "short" }, /^invalid setting AUTH_SECRET .*32 characters/],
    [{ PARSE_THREADS: "-1" }, /^invalid setting PARSE_THREADS \(got "-1"\)/],
    [{ PARSE_THREADS: "two" }, /^invalid setting PARSE_THREADS/],
    [{ WORKER_HEAP_MB: "64" }, /^invalid setting WORKER_HEAP_MB \(got "64"\)/],
    [{ WORKER_HEAP_MB: "lots" }, /^invalid setting WORKER_HEAP_MB/],
    [{ TRUSTED_PROXY_HOPS: "-1" }, /^invalid setting TRUSTED_PROXY_HOPS \(got "-1"\)/],
    [{ TRUSTED_PROXY_HOPS: "1.5" }, /^invalid setting TRUSTED_PROXY_HOPS .*whole number/],
    // A mistyped SMTP_URL may hold a password: the message names the setting, never its value.
    [{ SMTP_URL: "http://user:hunter2@mail.example.org" }, /^invalid setting SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/],
  ])("rejects %o with one line naming the variable", (vars, message) => {
    let err: unknown;
    try {
      parseWith(vars);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });

  it("applies defaults and treats blank values as unset", () => {
    const env = parseWith({ PORT: "", DATABASE_URL: "", RUN_WORKER: "false", FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32, ::1/128" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.RUN_WORKER).toBe(false);
    expect(env.FEED_FETCH_ALLOW_CIDRS).toBe("127.0.0.1/32, ::1/128");
    expect(env.PARSE_THREADS).toBeUndefined(); // parser-for-env.ts then uses cores - 1
    expect(parseWith({ PARSE_THREADS: "0" }).PARSE_THREADS).toBe(0);
    expect(parseWith({ WORKER_HEAP_MB: "" }).WORKER_HEAP_MB).toBe(256);
    expect(parseWith({ WORKER_HEAP_MB: "1024" }).WORKER_HEAP_MB).toBe(1024);
  });
});
