/**
 * Checks for next-auth's route handler that next-auth cannot do itself: the
 * same-site check on every POST, and a 429 (not a redirect) once the login limits
 * are reached. The attempt itself is counted inside the Credentials provider.
 */
import { peekRateLimit } from "../rate-limit/buckets";
import { rateLimitedResponse } from "../rate-limit/http";
import { LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS } from "../rate-limit/policies";
import { clientAddress } from "../security/client-address";
import { isSameSiteRequest } from "../security/origin";

/** A response that refuses the POST, or null to let next-auth handle it. */
export async function guardAuthPost(req: Request, action: string | undefined, providerId: string | undefined): Promise<Response | null> {
  if (!isSameSiteRequest(req.headers)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  if (action !== "callback" || providerId !== "credentials") return null;
  let email = "";
  try {
    const form = await req.clone().formData();
    const v = form.get("email");
    email = typeof v === "string" ? v.trim().toLowerCase().slice(0, 320) : "";
  } catch {
    // Not a form: next-auth will refuse it on its own.
    return null;
  }
  const checks = [peekRateLimit(LOGIN_PER_ADDRESS, clientAddress(req.headers))];
  if (email) checks.push(peekRateLimit(LOGIN_PER_ACCOUNT, email));
  const refused = (await Promise.all(checks)).filter((d) => !d.allowed);
  if (refused.length === 0) return null;
  return rateLimitedResponse(Math.max(...refused.map((d) => d.retryAfterSec)), "login attempts");
}
