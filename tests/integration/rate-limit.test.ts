import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { enforceRateLimit, hitRateLimit, pruneExpiredBuckets, RateLimitedError } from "../../lib/rate-limit/buckets";
import { commentPolicyFor, VOTES_PER_NEW_MEMBER, votePolicyFor } from "../../lib/rate-limit/policies";

describe("rate-limit buckets", () => {
  it("counts concurrent hits exactly once each and refuses past the limit", async () => {
    const policy = { name: "t-concurrent", limit: 25, windowSec: 60 };
    const decisions = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(policy, "subject")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(decisions.map((d) => d.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const bucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key: "t-concurrent:subject" } });
    expect(bucket.count).toBe(40);
  });

  it("says how long to wait and starts a new window once the old one ends", async () => {
    const policy = { name: "t-window", limit: 1, windowSec: 60 };
    await enforceRateLimit(policy, "x");
    const err = await enforceRateLimit(policy, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSec).toBeGreaterThan(50);
    expect((err as RateLimitedError).retryAfterSec).toBeLessThanOrEqual(60);
    // Move the window into the past, as time would.
    await db.$executeRawUnsafe(`UPDATE rate_limit_buckets SET "resetAt" = "resetAt" - interval '2 minutes' WHERE key = 't-window:x'`);
    await expect(enforceRateLimit(policy, "x")).resolves.toBeUndefined();
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: "t-window:x" } })).count).toBe(1);
  });

  it("keeps subjects apart and prunes only expired buckets", async () => {
    const policy = { name: "t-subjects", limit: 1, windowSec: 60 };
    await enforceRateLimit(policy, "a");
    await expect(enforceRateLimit(policy, "b")).resolves.toBeUndefined();
    await db.$executeRawUnsafe(`UPDATE rate_limit_buckets SET "resetAt" = "resetAt" - interval '2 minutes' WHERE key = 't-subjects:a'`);
    expect(await pruneExpiredBuckets()).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitBucket.count({ where: { key: { startsWith: "t-subjects:" } } })).toBe(1);
  });

  it("gives accounts younger than three days the tighter policies", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(votePolicyFor({ createdAt: new Date("2026-11-28T12:00:00Z") }, now)).toBe(VOTES_PER_NEW_MEMBER);
    expect(votePolicyFor({ createdAt: new Date("2026-11-20T12:00:00Z") }, now).limit).toBeGreaterThan(VOTES_PER_NEW_MEMBER.limit);
    expect(commentPolicyFor({ createdAt: new Date("2026-11-29T11:00:00Z") }, now).name).toBe("comment-new");
    expect(commentPolicyFor({ createdAt: new Date("2026-11-25T11:00:00Z") }, now).name).toBe("comment");
  });
});
