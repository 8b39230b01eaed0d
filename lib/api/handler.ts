/**
 * The wrapper every /api/v1 route handler runs in: one place that turns ApiError
 * into problem+json and anything else into a logged 500, so no handler writes its
 * own error answers.
 */
import { log } from "../log";
import { ApiError, problemResponse } from "./problem";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler with the API's error mapping. */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      if (err instanceof ApiError) return problemResponse(err.problem);
      log.error({ err, method: req.method, url: req.url }, "api request failed");
      return problemResponse({
        code: "internal_error",
        status: 500,
        title: "Internal error",
        detail: "Something failed on our side; nothing you sent was stored unless the answer said so.",
        hint: "Retry with the same Idempotency-Key after a few seconds: a retry never double-posts.",
      });
    }
  };
}

/** A JSON answer with no-store caching and extra headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", ...headers },
  });
}

/** Reads a positive int32 path parameter, or a 404 naming it. */
export function idParam(raw: string, what: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
    throw new ApiError({ code: "not_found", status: 404, title: "Not found", detail: `${what} ${JSON.stringify(raw.slice(0, 40))} does not exist.`, hint: "Ids are positive integers from the API's own answers." });
  }
  return Number(raw);
}
