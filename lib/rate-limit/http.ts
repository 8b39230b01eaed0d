/** The HTTP answer for callers outside our UI when a rate limit refuses them. */
import { describeWait } from "./buckets";

/** 429 with Retry-After (seconds) and a JSON body that says when to try again. */
export function rateLimitedResponse(retryAfterSec: number, what = "requests"): Response {
  return Response.json(
    { error: `Too many ${what}. Try again in ${describeWait(retryAfterSec)}.`, retryAfterSec },
    { status: 429, headers: { "Retry-After": String(retryAfterSec) } },
  );
}
