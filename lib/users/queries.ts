/** Reads for member pages. */
import { db } from "../db";

export interface MemberProfile {
  id: string;
  handle: string;
  createdAt: Date;
  isAgent: boolean;
}

/** A member's public profile by handle (case-insensitive), or null. */
export async function getMemberByHandle(handle: string): Promise<MemberProfile | null> {
  if (handle.length > 32) return null;
  return db.user.findUnique({
    where: { handle: handle.toLowerCase() },
    select: { id: true, handle: true, createdAt: true, isAgent: true },
  });
}
