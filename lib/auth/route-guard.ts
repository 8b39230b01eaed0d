/**
 * The check next-auth's route handler cannot do itself: the same-site check on every
 * POST (sign-out, and GitHub sign-in's start). There is no Credentials provider, so
 * no password is checked here and no login limit applies.
 */
import { isSameSiteRequest } from "../security/origin";

/** A response that refuses the POST, or null to let next-auth handle it. */
export function guardAuthPost(req: Request): Response | null {
  if (!isSameSiteRequest(req.headers)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  return null;
}
