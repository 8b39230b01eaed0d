"use server";
/**
 * The source console's forms (admins only: a 404 for anyone else, then the same-site
 * check), as plain forms that leave a notice and redirect back to the table.
 */
import { redirect } from "next/navigation";
import { z } from "zod";
import { invalidateArticleData } from "../articles/invalidate";
import { log } from "../log";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "../moderation/staff";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { SourceError, sourceUrlSchema } from "../sources/service";
import { setNotice } from "../users/notice";
import { SourceError as AddError } from "../sources/service";
import { SuggestionError, approveSuggestion, rejectSuggestion } from "../sources/suggestions";
import { reasonSchema } from "../moderation/schemas";
import { MAX_BULK_SOURCES, SOURCE_OPS, SourceConsoleError, addSourceFromConsole, applySourceOp } from "./sources";

const NOTICE_SCOPE = "admin:sources";
const TABLE = "/admin/sources";

function afterChange(): void {
  invalidateArticleData();
  forgetSharedPages();
}

/** Adds a source from the form's `url` (a site or a feed), and polls it at once. */
export async function addSourceAction(formData: FormData): Promise<void> {
  const admin = await beginStaffAction("admin");
  if (!admin) {
    await setNotice(NOTICE_SCOPE, CROSS_SITE_MESSAGE);
    redirect(TABLE);
  }
  const raw = formData.get("url");
  const parsed = sourceUrlSchema.safeParse(typeof raw === "string" ? raw : "");
  if (!parsed.success) {
    await setNotice(NOTICE_SCOPE, `That URL cannot be added: ${parsed.error.issues[0]?.message ?? "not a URL"}.`);
    redirect(TABLE);
  }
  try {
    const { source, newArticles, outcome } = await addSourceFromConsole(admin, parsed.data);
    await setNotice(NOTICE_SCOPE, `Added ${source.title} (${source.feedUrl}): first fetch ${outcome}, ${newArticles} new ${newArticles === 1 ? "article" : "articles"}.`);
    afterChange();
  } catch (err) {
    if (err instanceof SourceError || err instanceof SourceConsoleError) await setNotice(NOTICE_SCOPE, err.message);
    else {
      log.error({ err, adminId: admin.id }, "adding a source from the console failed");
      throw err;
    }
  }
  redirect(TABLE);
}

const bulkSchema = z.object({
  op: z.enum(SOURCE_OPS, { error: "Choose an action." }),
  ids: z.array(z.coerce.number().int().positive().max(2_147_483_647)).max(MAX_BULK_SOURCES, `At most ${MAX_BULK_SOURCES} sources at a time.`),
  confirm: z.string().max(10).optional(),
});

/** Applies one bulk action (`op`) to the checked rows (`ids`); remove needs the `confirm` box. */
export async function bulkSourcesAction(formData: FormData): Promise<void> {
  const admin = await beginStaffAction("admin");
  const back = formData.get("returnTo");
  const returnTo = typeof back === "string" && /^\/admin\/sources(\?tab=[a-z]{1,10})?$/.test(back) ? back : TABLE;
  if (!admin) {
    await setNotice(NOTICE_SCOPE, CROSS_SITE_MESSAGE);
    redirect(returnTo);
  }
  const parsed = bulkSchema.safeParse({
    op: formData.get("op"),
    ids: formData.getAll("ids").slice(0, MAX_BULK_SOURCES + 1),
    confirm: formData.get("confirm") ?? undefined,
  });
  if (!parsed.success) {
    await setNotice(NOTICE_SCOPE, parsed.error.issues[0]?.message ?? "That action could not be read.");
    redirect(returnTo);
  }
  const { op, ids, confirm } = parsed.data;
  if (op === "remove" && confirm !== "yes") {
    await setNotice(NOTICE_SCOPE, "Removing deletes the sources with all their articles and discussions: tick “yes, remove” to confirm. Nothing was removed.");
    redirect(returnTo);
  }
  try {
    const { changed, results } = await applySourceOp(admin, op, ids);
    const detail = results ? `: ${results.map((r) => `#${r.id} ${r.outcome}${r.newArticles ? ` (+${r.newArticles})` : ""}${r.error ? ` ${r.error.slice(0, 80)}` : ""}`).join("; ")}` : "";
    await setNotice(NOTICE_SCOPE, `${op}: ${changed} of ${ids.length} ${ids.length === 1 ? "source" : "sources"} changed${detail}.`);
    if (changed > 0) afterChange();
  } catch (err) {
    if (err instanceof SourceConsoleError) await setNotice(NOTICE_SCOPE, err.message);
    else {
      log.error({ err, adminId: admin.id, op }, "source console action failed");
      throw err;
    }
  }
  redirect(returnTo);
}

const suggestionId = z.coerce.number().int().positive().max(2_147_483_647);

/** Approves a member's suggestion (`id`): the source is added and the proposer subscribed. */
export async function approveSuggestionAction(formData: FormData): Promise<void> {
  const admin = await beginStaffAction("admin");
  if (!admin) {
    await setNotice(NOTICE_SCOPE, CROSS_SITE_MESSAGE);
    redirect(TABLE);
  }
  const id = suggestionId.safeParse(formData.get("id"));
  if (!id.success) {
    await setNotice(NOTICE_SCOPE, "That suggestion could not be read.");
    redirect(TABLE);
  }
  try {
    const { sourceId } = await approveSuggestion(admin, id.data);
    await setNotice(NOTICE_SCOPE, `Suggestion approved: source #${sourceId} added, and its proposer subscribed.`);
    afterChange();
  } catch (err) {
    if (err instanceof SuggestionError || err instanceof AddError) await setNotice(NOTICE_SCOPE, err.message);
    else {
      log.error({ err, adminId: admin.id }, "approving a suggestion failed");
      throw err;
    }
  }
  redirect(TABLE);
}

/** Turns a member's suggestion (`id`) down with a `reason`. */
export async function rejectSuggestionAction(formData: FormData): Promise<void> {
  const admin = await beginStaffAction("admin");
  if (!admin) {
    await setNotice(NOTICE_SCOPE, CROSS_SITE_MESSAGE);
    redirect(TABLE);
  }
  const id = suggestionId.safeParse(formData.get("id"));
  const reason = reasonSchema.safeParse(formData.get("reason"));
  if (!id.success || !reason.success) {
    await setNotice(NOTICE_SCOPE, !id.success ? "That suggestion could not be read." : (reason.error?.issues[0]?.message ?? "A reason is required."));
    redirect(TABLE);
  }
  try {
    await rejectSuggestion(admin, id.data, reason.data);
    await setNotice(NOTICE_SCOPE, "Suggestion turned down.");
  } catch (err) {
    if (err instanceof SuggestionError) await setNotice(NOTICE_SCOPE, err.message);
    else {
      log.error({ err, adminId: admin.id }, "rejecting a suggestion failed");
      throw err;
    }
  }
  redirect(TABLE);
}
