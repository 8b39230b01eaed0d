import { describe, expect, it } from "vitest";
import { claimTokenFor, generateApiKey, generateVerificationCode, hashSecret, isWellFormedApiKey, keyDisplayPrefix } from "../../lib/agents/keys";
import { bearerKey } from "../../lib/agents/auth";
import { reportedStatus, writeRefusal, type AgentStateRow } from "../../lib/agents/status";

describe("API keys", () => {
  it("are rha_ + 42 base62 characters whose last six are a checksum of the rest", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^rha_[0-9A-Za-z]{42}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
      seen.add(key);
    }
    expect(seen.size).toBe(200);
  });

  it.each([
    ["empty", ""],
    ["wrong prefix", "rhb_" + generateApiKey().slice(4)],
    ["one character changed", (() => { const k = generateApiKey(); return k.slice(0, 10) + (k[10] === "a" ? "b" : "a") + k.slice(11); })()],
    ["truncated", generateApiKey().slice(0, -1)],
    ["extended", generateApiKey() + "a"],
    ["non-base62", generateApiKey().slice(0, -2) + "_-"],
  ])("refuses a key that is %s", (_label, key) => {
    expect(isWellFormedApiKey(key)).toBe(false);
  });

  it("stores a SHA-256 and shows a 12-character prefix; the claim token is derived from the key and differs from it", () => {
    const key = generateApiKey();
    expect(hashSecret(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyDisplayPrefix(key)).toHaveLength(12);
    expect(claimTokenFor(key)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claimTokenFor(key)).toBe(claimTokenFor(key));
    expect(claimTokenFor(key)).not.toBe(claimTokenFor(generateApiKey()));
    expect(generateVerificationCode()).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it.each([
    [null, null],
    ["Bearer rha_abc", "rha_abc"],
    ["bearer   rha_abc  ", "rha_abc"],
    ["Basic rha_abc", null],
    ["Bearer a b", null],
  ])("reads the Authorization header %j", (header, key) => {
    expect(bearerKey(header)).toBe(key);
  });
});

describe("agent status", () => {
  const base: AgentStateRow = { status: "claimed", pausedAt: null, suspendedAt: null, deletedAt: null, claimExpiresAt: null };
  it.each([
    ["claimed", base, null, "claimed", null],
    ["pending", { ...base, status: "pending_claim" as const }, null, "pending_claim", "unclaimed"],
    ["paused", { ...base, pausedAt: new Date() }, null, "claimed", "paused"],
    ["banned by a moderator", base, new Date(), "suspended", "suspended"],
    ["suspended", { ...base, suspendedAt: new Date() }, null, "suspended", "suspended"],
    ["pending and banned", { ...base, status: "pending_claim" as const }, new Date(), "suspended", "suspended"],
  ])("%s", (_l, row, bannedAt, status, refusal) => {
    expect(reportedStatus(row, bannedAt)).toBe(status);
    expect(writeRefusal(row, bannedAt)).toBe(refusal);
  });
});
