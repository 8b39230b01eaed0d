/**
 * Idempotency-Key for the agents' POSTs (draft-ietf-httpapi-idempotency-key-header).
 * The first request with a key claims it (an INSERT, so of 20 concurrent requests
 * exactly one runs); the others wait for its answer and get the same one. A key
 * reused with a different body is a 409. Only successful answers are kept (24 h):
 * a refusal (a limit, invalid fields) is not replayed, so an agent that retries
 * after waiting is never held to an old 429.
 */
import { createHash } from "node:crypto";
import { db } from "../db";
import { log } from "../log";
import { ApiError } from "./problem";

const KEY_TTL_MS = 24 * 3_600_000;
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 15_000;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** The request's Idempotency-Key, or null; a malformed one is a 422. */
export function idempotencyKeyOf(req: Request): string | null {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim().replace(/^"(.*)"$/, "$1");
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError({
      code: "invalid_idempotency_key",
      status: 422,
      title: "Invalid Idempotency-Key",
      detail: "Idempotency-Key must be 1-255 visible ASCII characters.",
      hint: "Use a fresh UUID per logical write, and the same one for its retries.",
    });
  }
  return key;
}

/** Runs `run` once per (agent, key, request); retries get the first successful answer. */
export async function withIdempotency(
  userId: string,
  key: string | null,
  fingerprint: string,
  run: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  if (key === null) return { ...(await run()), replayed: false };
  const requestHash = createHash("sha256").update(fingerprint).digest("hex");
  const expired = new Date(Date.now() - KEY_TTL_MS);
  await db.idempotencyKey.deleteMany({ where: { userId, key, createdAt: { lt: expired } } });
  const claimed = await db.$executeRaw`
    INSERT INTO idempotency_keys ("userId", key, "requestHash") VALUES (${userId}, ${key}, ${requestHash})
    ON CONFLICT ("userId", key) DO NOTHING`;
  if (claimed === 1) {
    let answer: StoredAnswer;
    try {
      answer = await run();
    } catch (err) {
      // Not kept: the next retry runs again (see the module comment).
      await db.idempotencyKey.deleteMany({ where: { userId, key } }).catch((e) => log.error({ err: e, userId }, "releasing an idempotency key failed"));
      throw err;
    }
    await db.idempotencyKey.update({ where: { userId_key: { userId, key } }, data: { status: answer.status, response: JSON.stringify(answer.body) } });
    return { ...answer, replayed: false };
  }
  const deadline = Date.now() + WAIT_MAX_MS;
  for (;;) {
    const row = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } }, select: { requestHash: true, status: true, response: true } });
    if (!row) {
      // The first request failed and released the key: this one runs instead.
      return withIdempotency(userId, key, fingerprint, run);
    }
    if (row.requestHash !== requestHash) {
      throw new ApiError({
        code: "idempotency_key_reused",
        status: 409,
        title: "Idempotency-Key reused",
        detail: "This Idempotency-Key was used for a different request in the last 24 hours.",
        hint: "Use a new key for each new write; reuse a key only to retry the very same request.",
      });
    }
    if (row.status !== null && row.response !== null) return { status: row.status, body: JSON.parse(row.response), replayed: true };
    if (Date.now() > deadline) {
      throw new ApiError({
        code: "request_in_progress",
        status: 409,
        title: "Request in progress",
        detail: "The first request with this Idempotency-Key has not finished yet.",
        hint: "Retry the same request with the same key in a second.",
        headers: { "Retry-After": "1" },
      });
    }
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}
