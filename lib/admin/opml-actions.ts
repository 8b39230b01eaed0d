"use server";
/**
 * The OPML import form's action (admins only: 404 otherwise, then the same-site check).
 * Step "preview" reads the uploaded file and returns what is new, present or broken;
 * step "import" starts a run of the checked feeds (lib/admin/opml-runs.ts) and
 * redirects to its status page. Works without JavaScript: the page re-renders with
 * the returned state, and the redirect is a plain 303.
 */
import { redirect } from "next/navigation";
import { after } from "next/server";
import { invalidateArticleData } from "../articles/invalidate";
import { log } from "../log";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "../moderation/staff";
import { OpmlError } from "../opml/opml";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { MAX_OPML_IMPORT, previewOpml, type OpmlPreviewItem } from "./opml";
import { createOpmlRun, executeOpmlRun } from "./opml-runs";
import { SourceConsoleError } from "./sources";
import { OPML_TOO_LARGE_MESSAGE, OPML_UPLOAD_MAX_BYTES } from "./opml-limits";

// Next refuses server-action bodies over 1 MB (serverActions.bodySizeLimit, left at its
// default so no form accepts more) with a generic error: larger uploads are turned back
// before that with a clear message, by proxy.ts without JavaScript (OPML_UPLOAD_PATH)
// and by the form itself with it (components/admin/opml-import.tsx). The command line
// imports files up to 5 MB.
const MAX_CONSOLE_OPML_BYTES = OPML_UPLOAD_MAX_BYTES;

export interface OpmlFormState {
  message?: string;
  preview?: OpmlPreviewItem[];
}

/** Previews an uploaded OPML file (`file`), or imports the checked feeds (`url`, repeated). */
export async function opmlAction(_prev: OpmlFormState, formData: FormData): Promise<OpmlFormState> {
  const admin = await beginStaffAction("admin");
  if (!admin) return { message: CROSS_SITE_MESSAGE };
  const step = formData.get("step");
  if (step === "preview") {
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) return { message: "Choose an OPML file first." };
    if (file.size > MAX_CONSOLE_OPML_BYTES) return { message: OPML_TOO_LARGE_MESSAGE };
    try {
      return { preview: await previewOpml(await file.text()) };
    } catch (err) {
      if (err instanceof OpmlError) return { message: `That file could not be read as OPML: ${err.message}` };
      log.error({ err, adminId: admin.id }, "OPML preview failed");
      throw err;
    }
  }
  if (step === "import") {
    const urls = formData.getAll("url").filter((u): u is string => typeof u === "string" && u.length <= 2048).slice(0, MAX_OPML_IMPORT + 1);
    let run: { id: number; urls: string[] };
    try {
      run = await createOpmlRun(admin, urls);
    } catch (err) {
      if (err instanceof SourceConsoleError) return { message: err.message };
      log.error({ err, adminId: admin.id }, "starting an OPML import failed");
      throw err;
    }
    // The feeds are fetched after the answer, a few at a time; the status page counts them.
    after(async () => {
      let added = 0;
      await executeOpmlRun(admin, run.id, run.urls, (r) => void (added += r.ok ? 1 : 0));
      if (added > 0) {
        invalidateArticleData();
        forgetSharedPages();
      }
    });
    redirect(`/admin/sources/opml/imports/${run.id}`);
  }
  return { message: "That form could not be read." };
}
