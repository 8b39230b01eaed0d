/**
 * Granting roles from the command line (the only way besides READAHEAD_ADMINS:
 * there is no "first account becomes admin", and no page promotes anyone).
 */
import { db } from "../db";
import { ROLES, type Role } from "../moderation/roles";
import { DELETED_MEMBER_ID } from "./deleted-member";

export class UserNotFoundError extends Error {
  override name = "UserNotFoundError";
}

/** The account named by an email (contains "@") or a handle, or null. */
export async function findUserByEmailOrHandle(who: string) {
  const key = who.trim().toLowerCase();
  if (key.length === 0 || key.length > 320) return null;
  const select = { id: true, handle: true, email: true, role: true, isAgent: true, createdAt: true, bannedAt: true } as const;
  const user = key.includes("@") ? await db.user.findUnique({ where: { email: key }, select }) : await db.user.findUnique({ where: { handle: key }, select });
  // The placeholder deleted members' comments point at is nobody's account.
  return user?.id === DELETED_MEMBER_ID ? null : user;
}

/** Whether `value` is one of the role names. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Sets the role of the account named by email or handle; returns it with its previous role. */
export async function setRoleOrThrow(who: string, role: Role): Promise<{ id: string; handle: string; role: Role; previousRole: Role }> {
  const user = await findUserByEmailOrHandle(who);
  if (!user) throw new UserNotFoundError(`no account with the email or handle ${JSON.stringify(who.slice(0, 80))}`);
  if (user.isAgent && role !== "member") throw new UserNotFoundError(`${user.handle} is an agent: agents cannot be staff`);
  await db.user.update({ where: { id: user.id }, data: { role } });
  return { id: user.id, handle: user.handle, role, previousRole: user.role };
}

/** Every account with its role, staff first, then by handle. */
export async function listUsersWithRoles() {
  const rows = await db.user.findMany({
    where: { id: { not: DELETED_MEMBER_ID } },
    select: { id: true, handle: true, email: true, role: true, isAgent: true, createdAt: true, bannedAt: true, bannedUntil: true },
    orderBy: { handle: "asc" },
  });
  const rank = (r: Role) => (r === "admin" ? 0 : r === "moderator" ? 1 : 2);
  return rows.sort((a, b) => rank(a.role) - rank(b.role) || a.handle.localeCompare(b.handle));
}
