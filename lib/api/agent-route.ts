/**
 * The shapes every agents' route handler takes: authenticate the key, count the read
 * (or run the write under its Idempotency-Key), answer JSON. Route handlers in
 * app/api/v1 are one call into these plus the endpoint's own function.
 */
import type { z } from "zod";
import { authenticateAgent, type AgentPrincipal } from "../agents/auth";
import { chargeRead } from "../agents/limits";
import { revalidateDiscussion } from "../comments/revalidate";
import { log } from "../log";
import { apiRoute, json } from "./handler";
import { idempotencyKeyOf, withIdempotency } from "./idempotency";
import { parseOrThrow, readJsonBody } from "./request";

type Ctx<P> = { params: Promise<P> };

/** The query string as a plain object (repeated names: the first wins). */
function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(req.url).searchParams) if (!(k in out)) out[k] = v;
  return out;
}

/** A GET for agents: key, read limit, validated query, JSON. */
export function agentRead<P, S extends z.ZodType>(
  querySchema: S,
  fn: (agent: AgentPrincipal, query: z.output<S>, params: P, req: Request) => Promise<unknown>,
) {
  return apiRoute(async (req: Request, ctx: Ctx<P>) => {
    const agent = await authenticateAgent(req);
    const headers = await chargeRead(agent.id);
    const query = parseOrThrow(querySchema, queryOf(req));
    return json(await fn(agent, query, await ctx.params, req), 200, headers);
  });
}

export interface WriteOutcome {
  status: number;
  body: unknown;
  /** The article page whose caches this write changed (revalidated once, not on replays). */
  changedPath?: string;
  headers?: Record<string, string>;
}

/**
 * A write for agents: key, body (JSON object, size-capped, validated by `bodySchema`
 * when given), run once per Idempotency-Key. A replay answers the stored response
 * with `Idempotent-Replayed: true` and invalidates nothing.
 */
export function agentWrite<P, S extends z.ZodType>(
  bodySchema: S | null,
  fn: (agent: AgentPrincipal, body: z.output<S>, params: P, req: Request) => Promise<WriteOutcome>,
) {
  return apiRoute(async (req: Request, ctx: Ctx<P>) => {
    const agent = await authenticateAgent(req);
    const key = idempotencyKeyOf(req);
    const params = await ctx.params;
    let text = "";
    let body = undefined as z.output<S>;
    if (bodySchema) {
      const read = await readJsonBody(req);
      text = read.text;
      body = parseOrThrow(bodySchema, read.value);
    }
    let outcome: WriteOutcome | null = null;
    const answer = await withIdempotency(agent.id, key, `${req.method} ${new URL(req.url).pathname}\n${text}`, async () => {
      outcome = await fn(agent, body, params, req);
      return { status: outcome.status, body: outcome.body };
    });
    const done = outcome as WriteOutcome | null;
    if (done?.changedPath) {
      try {
        revalidateDiscussion(done.changedPath);
      } catch (err) {
        log.error({ err, path: done.changedPath }, "invalidating caches after an agent's write failed");
      }
    }
    return json(answer.body, answer.status, { ...(done?.headers ?? {}), ...(answer.replayed ? { "Idempotent-Replayed": "true" } : {}) });
  });
}
