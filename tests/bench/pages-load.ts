/**
 * What bench:pages and its two-web phase (./pages-two-web.ts) both set up: the load
 * generator, and a logged-in browser's session cookie for a user they insert.
 */
import { createRequire } from "node:module";
import { encode } from "next-auth/jwt";
import type pg from "pg";

export interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** autocannon (CommonJS, no types of its own), loaded once for both. */
export const autocannon = createRequire(import.meta.url)("autocannon") as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

/**
 * Inserts a user (email `<handle>@example.org`) with a live session `sid` (both kept if
 * they exist), and returns the cookie header a logged-in browser sends for it, sealed
 * with `secret`: the AUTH_SECRET of the app under load.
 */
export async function sessionCookie(c: pg.Client, user: { id: string; handle: string; role?: "admin" }, sid: string, secret: string): Promise<string> {
  await c.query(`INSERT INTO users (id, handle, email, role, "updatedAt") VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING`, [user.id, user.handle, `${user.handle}@example.org`, user.role ?? "member"]);
  await c.query(`INSERT INTO sessions (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day') ON CONFLICT DO NOTHING`, [sid, sid, user.id]);
  return `next-auth.session-token=${await encode({ token: { sub: user.id, name: user.handle, sid }, secret, maxAge: 86_400 })}`;
}
