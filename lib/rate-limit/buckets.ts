/**
 * Fixed-window counters in rate_limit_buckets. One statement per hit: the upsert
 * either starts a new window or increments the current one, atomically, so
 * concurrent requests in any number of processes count exactly once each.
 */
import { db } from "../db";
import { log } from "../log";
import type { RatePolicy } from "./policies";

/** A request refused by a rate limit; `retryAfterSec` goes into Retry-After. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    readonly policy: string,
    readonly retryAfterSec: number,
  ) {
    super(`rate limited by ${policy}; retry in ${retryAfterSec} s`);
  }
}

export interface RateDecision {
  allowed: boolean;
  count: number;
  retryAfterSec: number;
}

const MAX_KEY_LENGTH = 200;

function bucketKey(policy: RatePolicy, subject: string): string {
  return `${policy.name}:${subject}`.slice(0, MAX_KEY_LENGTH);
}

// resetAt is "timestamp without time zone" holding UTC, like every Prisma DateTime;
// the database clock decides windows so app processes with skewed clocks agree.
const HIT_SQL = `
INSERT INTO rate_limit_buckets (key, count, "resetAt")
VALUES ($1, 1, (now() AT TIME ZONE 'UTC') + make_interval(secs => $2))
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limit_buckets."resetAt" <= (now() AT TIME ZONE 'UTC') THEN 1
               ELSE rate_limit_buckets.count + 1 END,
  "resetAt" = CASE WHEN rate_limit_buckets."resetAt" <= (now() AT TIME ZONE 'UTC') THEN EXCLUDED."resetAt"
                   ELSE rate_limit_buckets."resetAt" END
RETURNING count, CEIL(EXTRACT(EPOCH FROM ("resetAt" - (now() AT TIME ZONE 'UTC'))))::int AS "retryAfterSec"`;

/** Counts one hit against `policy` for `subject` and says whether it is within the limit. */
export async function hitRateLimit(policy: RatePolicy, subject: string): Promise<RateDecision> {
  const rows = await db.$queryRawUnsafe<{ count: number; retryAfterSec: number }[]>(
    HIT_SQL,
    bucketKey(policy, subject),
    policy.windowSec,
  );
  const row = rows[0]!;
  const count = Number(row.count);
  // Expired windows are reused by their key's next hit; the rest are swept now and then.
  if (Math.random() < 0.005) void pruneExpiredBuckets().catch((err) => log.warn({ err }, "rate-limit prune failed"));
  return { allowed: count <= policy.limit, count, retryAfterSec: Math.max(1, Number(row.retryAfterSec)) };
}

/** Like hitRateLimit, but throws RateLimitedError when over the limit. */
export async function enforceRateLimit(policy: RatePolicy, subject: string): Promise<void> {
  const decision = await hitRateLimit(policy, subject);
  if (!decision.allowed) throw new RateLimitedError(policy.name, decision.retryAfterSec);
}

/**
 * Takes one hit back (never below zero), for limits that should count only
 * failures: a successful login refunds the attempt it was charged.
 */
export async function refundRateLimit(policy: RatePolicy, subject: string): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE rate_limit_buckets SET count = GREATEST(count - 1, 0) WHERE key = $1`,
    bucketKey(policy, subject),
  );
}

/**
 * Whether `subject` is already over `policy` in the current window, without
 * counting a hit: for route handlers that must answer 429 before handing the
 * request to code that does the counting (next-auth's Credentials callback).
 */
export async function peekRateLimit(policy: RatePolicy, subject: string): Promise<RateDecision> {
  const rows = await db.$queryRawUnsafe<{ count: number; retryAfterSec: number }[]>(
    `SELECT count, CEIL(EXTRACT(EPOCH FROM ("resetAt" - (now() AT TIME ZONE 'UTC'))))::int AS "retryAfterSec"
       FROM rate_limit_buckets WHERE key = $1 AND "resetAt" > (now() AT TIME ZONE 'UTC')`,
    bucketKey(policy, subject),
  );
  const row = rows[0];
  if (!row) return { allowed: true, count: 0, retryAfterSec: 0 };
  const count = Number(row.count);
  return { allowed: count < policy.limit, count, retryAfterSec: Math.max(1, Number(row.retryAfterSec)) };
}

/** Deletes buckets whose window ended; returns how many. */
export async function pruneExpiredBuckets(): Promise<number> {
  return db.$executeRawUnsafe(`DELETE FROM rate_limit_buckets WHERE "resetAt" < (now() AT TIME ZONE 'UTC')`);
}

/** Human wording for a wait, e.g. "14 minutes". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
