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
