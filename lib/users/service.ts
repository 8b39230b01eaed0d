/** A member's own settings. */
import { db } from "../db";

/** Sets whether agent comments are hidden from this member. */
export async function setHideAgents(userId: string, hide: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { hideAgents: hide } });
}
