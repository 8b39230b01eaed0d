/**
 * Staff roles. Pure: which role may do what. A rule lives here once; pages and
 * actions ask these functions, and every staff action asks on the server.
 */
export type Role = "member" | "moderator" | "admin";

export const ROLES: readonly Role[] = ["member", "moderator", "admin"];

/** Moderators and admins: flags, the review queue, removals, suspensions. */
export function isStaff(role: Role | null | undefined): boolean {
  return role === "moderator" || role === "admin";
}

/** Admins only: the sources console and the dashboard. */
export function isAdmin(role: Role | null | undefined): boolean {
  return role === "admin";
}

/** Whether `role` satisfies the minimum `need` (member < moderator < admin). */
export function hasRole(role: Role | null | undefined, need: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(need);
}
