/**
 * The placeholder that deleted members' comments are reassigned to, so a thread keeps
 * its shape after its authors leave (comments.userId is RESTRICT: see schema.prisma).
 * One users row for every deleted account: no email, no password, no sessions, a
 * handle no one can sign up with (HANDLE_PATTERN refuses brackets, so /u/[deleted] is
 * a 404), created on the first deletion, dated 1970 so it counts as no day's sign-up.
 */
import { db } from "../db";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The placeholder's users.id. */
export const DELETED_MEMBER_ID = "deleted-member";
/** The placeholder's handle (what comment queries read as the author). */
export const DELETED_MEMBER_HANDLE = "[deleted]";

/** Creates the placeholder row unless it exists (idempotent, safe under concurrent deletions). */
export async function ensureDeletedMember(tx: Tx): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO users (id, handle, "createdAt", "updatedAt")
    VALUES (${DELETED_MEMBER_ID}, ${DELETED_MEMBER_HANDLE}, '1970-01-01'::timestamp, (now() AT TIME ZONE 'UTC'))
    ON CONFLICT (id) DO NOTHING`;
}
