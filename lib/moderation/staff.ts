/**
 * The guards every staff page and staff action starts with. Anyone without the role
 * (logged out, a member, an agent) gets a 404, as if the page did not exist: staff
 * pages are not advertised. Checked on the server on every request and every action.
 */
import { notFound } from "next/navigation";
import { getCurrentUser } from "../auth/current-user";
import type { SessionUser } from "../auth/session";
import { CrossSiteRequestError } from "../security/origin";
import { requireSameSiteAction } from "../security/request";
import { hasRole, type Role } from "./roles";

/** The staff member viewing a staff page, or a 404. Agents are never staff. */
export async function requireStaffPage(need: Exclude<Role, "member"> = "moderator"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user || user.isAgent || !hasRole(user.role, need)) notFound();
  return user;
}

/**
 * The prologue of a staff action: a 404 for anyone without the role (before anything
 * else is read from the request), then the same-site check. Returns the staff member,
 * or null for a cross-site post (the caller changes nothing and says so).
 */
export async function beginStaffAction(need: Exclude<Role, "member"> = "moderator"): Promise<SessionUser | null> {
  const user = await requireStaffPage(need);
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return null;
    throw err;
  }
  return user;
}

export const CROSS_SITE_MESSAGE = "This form was submitted from another site, so nothing was done.";
