"use server";
/**
 * Flag and staff forms as server actions. Each is a plain HTML form (no JavaScript
 * needed): it does its work, leaves a one-shot notice for the control that posted it
 * (lib/users/notice.ts) and redirects back, with or without JavaScript.
 *
 * Staff actions start with beginStaffAction: a 404 for anyone without the role, then
 * the same-site check. Caches are invalidated only after a change: the thread,
 * every list (counts, removed articles) and the public log show it at once.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { invalidateArticleData } from "../articles/invalidate";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { safeNextPath } from "../security/safe-next";
import { setNotice } from "../users/notice";
import { FlagError, flagItem } from "./flags";
import { dismissSchema, flagSchema, removeSchema, suspendSchema, targetSchema, unsuspendSchema, reasonSchema } from "./schemas";
import { ModerationError, dismissFlags, removeAndSuspend, removeItem, restoreItem, suspendUser, unsuspendUser } from "./service";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "./staff";
import { SuspendedError } from "./suspension";

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

function withoutHash(path: string): string {
  const i = path.indexOf("#");
  return i === -1 ? path : path.slice(0, i);
}

/** The scope of the notice shown beside an item's controls. */
function itemScope(target: string | undefined, id: string | undefined): string {
  return `mod:${target === "article" ? "a" : "c"}${(id ?? "").slice(0, 12)}`;
}

function afterChange(returnTo: string): void {
  revalidatePath(withoutHash(returnTo));
  revalidatePath("/moderation");
  invalidateArticleData();
  // Logged-out readers are served stored pages (proxy.ts): the removal must reach them too.
  forgetSharedPages();
}

/** A member flags a comment or an article (fields target, id, reason, note). */
export async function flagAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  const returnTo = safeNextPath(formData.get("returnTo"));
  const scope = `flag:${field(formData, "target") === "article" ? "a" : "c"}${(field(formData, "id") ?? "").slice(0, 12)}`;
  if (!begun) {
    await setNotice(scope, CROSS_SITE_MESSAGE);
    redirect(returnTo);
  }
  const parsed = flagSchema.safeParse({ target: field(formData, "target"), id: field(formData, "id"), reason: field(formData, "reason"), note: field(formData, "note") });
  if (!parsed.success) {
    await setNotice(scope, parsed.error.issues[0]?.message ?? "That flag could not be read.");
    redirect(returnTo);
  }
  try {
    await flagItem(begun.user, parsed.data);
    await setNotice(scope, "Flagged. Thank you: a moderator will review it.");
  } catch (err) {
    if (err instanceof FlagError || err instanceof SuspendedError) await setNotice(scope, err.message);
    else {
      log.error({ err, userId: begun.user.id, target: parsed.data.target, id: parsed.data.id }, "flag failed");
      throw err;
    }
  }
  redirect(returnTo);
}

type StaffWork = (staff: NonNullable<Awaited<ReturnType<typeof beginStaffAction>>>) => Promise<string>;

/**
 * Runs one staff action: the guard, the work (which returns the success message or
 * throws a refusal), the notice and the redirect back. Refusals change nothing.
 */
async function runStaffAction(formData: FormData, scope: string, work: StaffWork): Promise<void> {
  const staff = await beginStaffAction();
  const returnTo = safeNextPath(formData.get("returnTo"));
  if (!staff) {
    await setNotice(scope, CROSS_SITE_MESSAGE);
    redirect(returnTo);
  }
  let changed = false;
  try {
    await setNotice(scope, await work(staff));
    changed = true;
  } catch (err) {
    if (err instanceof InputError || err instanceof ModerationError) await setNotice(scope, err.message);
    else {
      log.error({ err, staffId: staff.id, scope }, "staff action failed");
      throw err;
    }
  }
  if (changed) afterChange(returnTo);
  redirect(returnTo);
}

class InputError extends Error {}

function parseOrThrow<T>(result: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }): T {
  if (!result.success) throw new InputError(result.error.issues[0]?.message ?? "That form could not be read.");
  return result.data;
}

/** Removes a flagged (or any) comment or article; `reason` is required. */
export async function removeAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, itemScope(field(formData, "target"), field(formData, "id")), async (staff) => {
    const input = parseOrThrow(removeSchema.safeParse({ target: field(formData, "target"), id: field(formData, "id"), reason: field(formData, "reason") }));
    await removeItem(staff, input, input.reason);
    return `Removed: ${input.reason}`;
  });
}

/** Removes a comment and suspends its author until `until` (both with `reason`). */
export async function removeAndSuspendAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, itemScope("comment", field(formData, "id")), async (staff) => {
    const input = parseOrThrow(removeSchema.safeParse({ target: "comment", id: field(formData, "id"), reason: field(formData, "reason") }));
    const until = parseOrThrow(suspendSchema.shape.until.safeParse(field(formData, "until")));
    await removeAndSuspend(staff, input.id, input.reason, until);
    return `Removed, and the author is suspended until ${until.toISOString().slice(0, 10)}.`;
  });
}

/** Closes an item's open flags without removing it. */
export async function dismissAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, itemScope(field(formData, "target"), field(formData, "id")), async (staff) => {
    const input = parseOrThrow(dismissSchema.safeParse({ target: field(formData, "target"), id: field(formData, "id"), reason: field(formData, "reason") }));
    await dismissFlags(staff, input, input.reason);
    return "Flags dismissed.";
  });
}

/** Puts a removed comment or article back; `reason` is required. */
export async function restoreAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, itemScope(field(formData, "target"), field(formData, "id")), async (staff) => {
    const t = parseOrThrow(targetSchema.safeParse({ target: field(formData, "target"), id: field(formData, "id") }));
    const reason = parseOrThrow(reasonSchema.safeParse(field(formData, "reason")));
    await restoreItem(staff, t, reason);
    return "Restored.";
  });
}

/** Suspends a member or an agent until a date, with a reason. */
export async function suspendAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, `mod:u${(field(formData, "userId") ?? "").slice(0, 40)}`, async (staff) => {
    const input = parseOrThrow(suspendSchema.safeParse({ userId: field(formData, "userId"), until: field(formData, "until"), reason: field(formData, "reason") }));
    await suspendUser(staff, input.userId, input.until, input.reason);
    return `Suspended until ${input.until.toISOString().slice(0, 10)}.`;
  });
}

/** Lifts a suspension, with a reason. */
export async function unsuspendAction(formData: FormData): Promise<void> {
  await runStaffAction(formData, `mod:u${(field(formData, "userId") ?? "").slice(0, 40)}`, async (staff) => {
    const input = parseOrThrow(unsuspendSchema.safeParse({ userId: field(formData, "userId"), reason: field(formData, "reason") }));
    await unsuspendUser(staff, input.userId, input.reason);
    return "Suspension lifted.";
  });
}
