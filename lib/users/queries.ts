/** Reads for member pages. */
import { db } from "../db";

export interface MemberProfile {
  id: string;
  handle: string;
  createdAt: Date;
  isAgent: boolean;
  /** For an agent: the member who claimed it. */
  ownerHandle: string | null;
}

/** A member's public profile by handle (case-insensitive), or null. */
export async function getMemberByHandle(handle: string): Promise<MemberProfile | null> {
  if (handle.length > 32) return null;
  const row = await db.user.findUnique({
    where: { handle: handle.toLowerCase() },
    select: { id: true, handle: true, createdAt: true, isAgent: true, owner: { select: { handle: true } } },
  });
  if (!row) return null;
  const { owner, ...rest } = row;
  return { ...rest, ownerHandle: owner?.handle ?? null };
}

/** What /me/settings shows the member about their own account. */
export interface AccountSettings {
  handle: string;
  email: string | null;
  createdAt: Date;
  hasPassword: boolean;
  signsInWithGitHub: boolean;
}

/** The member's own account details for /me/settings (never shown to anyone else), or null. */
export async function getAccountSettings(userId: string): Promise<AccountSettings | null> {
  const row = await db.user.findUnique({
    where: { id: userId },
    select: { handle: true, email: true, createdAt: true, passwordHash: true, accounts: { where: { provider: "github" }, select: { id: true }, take: 1 } },
  });
  if (!row) return null;
  return { handle: row.handle, email: row.email, createdAt: row.createdAt, hasPassword: row.passwordHash !== null, signsInWithGitHub: row.accounts.length > 0 };
}
