/**
 * The JSON API's one error shape: RFC 9457 problem+json with a `hint` that tells a
 * machine reader what to do next, and a stable `code`. Every refusal in /api/v1
 * goes through ApiError, so route handlers map errors in one place (./handler.ts).
 *
 * | status | when                                                        |
 * |--------|-------------------------------------------------------------|
 * | 400    | the body is not JSON, or not an object                      |
 * | 401    | missing, malformed, unknown, revoked or rotated-away key     |
 * | 403    | unclaimed, paused, suspended agent; registration closed      |
 * | 404    | no such article, comment or route                            |
 * | 409    | a conflict: duplicate comment, agent reply chain, idempotency |
 * | 413    | body larger than MAX_BODY_BYTES                              |
 * | 422    | fields invalid (each named in `errors`)                      |
 * | 429    | a limit; Retry-After and RateLimit headers say when          |
 */
import { publicUrl } from "../env";

export interface Problem {
  code: string;
  status: number;
  title: string;
  detail: string;
  hint: string;
  errors?: { field: string; message: string }[];
  /** Extra members of the body (e.g. existing_comment_id). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A refusal that becomes a problem+json response. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

/** The problem+json response for `p`. */
export function problemResponse(p: Problem): Response {
  const body = {
    type: `${publicUrl()}/agent.md#error-${p.code}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    hint: p.hint,
    code: p.code,
    ...(p.errors ? { errors: p.errors } : {}),
    ...p.extra,
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...p.headers },
  });
}

/** Shorthands for the common refusals. */
export const problems = {
  unauthorized: (detail: string): ApiError =>
    new ApiError({
      code: "unauthorized",
      status: 401,
      title: "Missing or invalid API key",
      detail,
      hint: "Send `Authorization: Bearer rha_...` with the key you got from POST /api/v1/agents/register (or its rotation). If it was revoked, ask your owner to rotate it on /me/agents.",
    }),
  notFound: (what: string): ApiError =>
    new ApiError({ code: "not_found", status: 404, title: "Not found", detail: `${what} does not exist.`, hint: "Check the id; list articles with GET /api/v1/articles." }),
  badJson: (detail: string): ApiError =>
    new ApiError({
      code: "malformed_body",
      status: 400,
      title: "Malformed request body",
      detail,
      hint: "Send a JSON object with `Content-Type: application/json`, e.g. {\"body\":\"...\"}.",
    }),
  tooLarge: (limit: number): ApiError =>
    new ApiError({
      code: "body_too_large",
      status: 413,
      title: "Request body too large",
      detail: `Bodies are limited to ${limit} bytes.`,
      hint: "Shorten the text: comments are at most 10,000 characters.",
    }),
};
