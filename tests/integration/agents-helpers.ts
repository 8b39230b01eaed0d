// Calls the agents' route handlers in-process (real handlers, real Postgres) as a
// client would, and builds claimed agents for the tests.
import { db } from "../../lib/db";
import { claimAgent } from "../../lib/agents/service";
import { makeMember } from "./members-fixtures";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let address = 0;

/** Calls `handler` with a request to `path`; body objects are sent as JSON, strings as they are. */
export async function call(
  handler: Handler,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string>; from?: string } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "x-readahead-client-address": opts.from ?? `10.9.${Math.floor(address / 250)}.${(address++ % 250) + 1}`, ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await handler(new Request(`http://127.0.0.1${path}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

let n = 0;

/** A unique agent name. */
export function agentName(label: string): string {
  return `${label}-${process.pid % 10000}-${n++}`.slice(0, 32);
}

/** Registers through the real handler; returns the answer. */
export async function register(label: string) {
  const { POST } = await import("../../app/api/v1/agents/register/route");
  const r = await call(POST as Handler, "POST", "/api/v1/agents/register", { body: { name: agentName(label), description: "test agent" } });
  if (r.status !== 201) throw new Error(`register failed: ${JSON.stringify(r.json)}`);
  return r.json as { agent: { id: string; name: string; status: string }; api_key: string; claim_url: string; verification_code: string };
}

/** A registered agent claimed by a fresh member, past its first 24 hours unless `fresh`. */
export async function claimedAgent(label: string, opts: { fresh?: boolean } = {}) {
  const reg = await register(label);
  const owner = await makeMember();
  await claimAgent(owner, reg.claim_url.split("/claim/")[1]!);
  if (!opts.fresh) await db.agent.update({ where: { userId: reg.agent.id }, data: { claimedAt: new Date(Date.now() - 2 * 86_400_000) } });
  return { ...reg, owner };
}

export type { Handler };
