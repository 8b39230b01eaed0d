/**
 * The prologue every member form action shares: a cross-site post is refused
 * without changing anything, the return path is read (same-site paths only), and
 * a logged-out visitor is sent to the login page and back.
 */
import { redirect } from "next/navigation";
import { CrossSiteRequestError } from "../security/origin";
import { requireSameSiteAction } from "../security/request";
import { loginUrl, safeNextPath } from "../security/safe-next";
import { getCurrentUser } from "./current-user";

type SessionUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;

/** Returns the member and where to send them back, or null for a cross-site request (do nothing). */
export async function beginMemberAction(formData: FormData): Promise<{ user: SessionUser; returnTo: string } | null> {
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return null;
    throw err;
  }
  const returnTo = safeNextPath(formData.get("returnTo"));
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  return { user, returnTo };
}
