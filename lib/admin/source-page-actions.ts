"use server";
/**
 * The source page's forms (/admin/sources/<id>): edit and poll now. Admins only (a 404
 * for anyone else, before anything is read), then the same-site check; plain forms that
 * leave a notice and redirect back to the page, so they work without JavaScript.
 */
import { redirect } from "next/navigation";
import { z } from "zod";
import { invalidateArticleData } from "../articles/invalidate";
import { log } from "../log";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "../moderation/staff";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { setNotice } from "../users/notice";
import { editSource, pollSourceNow, sourceEditSchema, sourceNoticeScope } from "./source-page";
import { SourceConsoleError } from "./sources";

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

async function begin(formData: FormData): Promise<{ admin: NonNullable<Awaited<ReturnType<typeof beginStaffAction>>>; id: number; page: string }> {
  const admin = await beginStaffAction("admin");
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) redirect("/admin/sources");
  const page = `/admin/sources/${id.data}`;
  if (!admin) {
    await setNotice(sourceNoticeScope(id.data), CROSS_SITE_MESSAGE);
    redirect(page);
  }
  return { admin, id: id.data, page };
}

/** Saves the edit form (title, siteUrl, intervalMinutes, paused); bad input changes nothing and says why. */
export async function editSourceAction(formData: FormData): Promise<void> {
  const { admin, id, page } = await begin(formData);
  const scope = sourceNoticeScope(id);
  const field = (k: string) => {
    const v = formData.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const parsed = sourceEditSchema.safeParse({ title: field("title"), siteUrl: field("siteUrl") ?? "", intervalMinutes: field("intervalMinutes") ?? "", paused: field("paused") });
  if (!parsed.success) {
    await setNotice(scope, `Nothing was saved: ${parsed.error.issues[0]?.message ?? "the form could not be read."}`);
    redirect(page);
  }
  try {
    const { changes } = await editSource(admin, id, parsed.data);
    await setNotice(scope, changes.length ? `Saved: ${changes.join("; ")}.` : "Nothing changed.");
    if (changes.length) {
      invalidateArticleData();
      forgetSharedPages();
    }
  } catch (err) {
    if (err instanceof SourceConsoleError) await setNotice(scope, err.message);
    else {
      log.error({ err, adminId: admin.id, sourceId: id }, "editing a source failed");
      throw err;
    }
  }
  redirect(page);
}

/** Polls the source now, ignoring the HTTP cache; refused (with the wait) within a minute of the last. */
export async function pollSourceNowAction(formData: FormData): Promise<void> {
  const { admin, id, page } = await begin(formData);
  const scope = sourceNoticeScope(id);
  try {
    const r = await pollSourceNow(admin, id);
    await setNotice(scope, `Polled now: ${r.outcome}${r.httpStatus ? ` ${r.httpStatus}` : ""}, ${r.newArticles} new ${r.newArticles === 1 ? "article" : "articles"}${r.error ? ` (${r.error.slice(0, 120)})` : ""}.`);
    if (r.newArticles > 0) {
      invalidateArticleData();
      forgetSharedPages();
    }
  } catch (err) {
    if (err instanceof SourceConsoleError) await setNotice(scope, err.message);
    else {
      log.error({ err, adminId: admin.id, sourceId: id }, "polling a source from its page failed");
      throw err;
    }
  }
  redirect(page);
}
