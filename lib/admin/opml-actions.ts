"use server";
/**
 * The OPML import form's action (admins only: 404 otherwise, then the same-site check).
 * Step "preview" reads the uploaded file and returns what is new, present or broken;
 * step "import" adds the checked feeds and returns each one's outcome. Works without
 * JavaScript: the page re-renders with the returned state.
 */
import { invalidateArticleData } from "../articles/invalidate";
import { log } from "../log";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "../moderation/staff";
import { OpmlError } from "../opml/opml";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { MAX_OPML_IMPORT, importChosenFeeds, previewOpml, type OpmlImportOutcome, type OpmlPreviewItem } from "./opml";
import { SourceConsoleError } from "./sources";

// Next refuses server-action bodies over 1 MB (serverActions.bodySizeLimit, left at its
// default so no form accepts more); the command line imports files up to 5 MB.
const MAX_CONSOLE_OPML_BYTES = 1024 * 1024 - 16 * 1024;

export interface OpmlFormState {
  message?: string;
  preview?: OpmlPreviewItem[];
  results?: OpmlImportOutcome[];
}

/** Previews an uploaded OPML file (`file`), or imports the checked feeds (`url`, repeated). */
export async function opmlAction(_prev: OpmlFormState, formData: FormData): Promise<OpmlFormState> {
  const admin = await beginStaffAction("admin");
  if (!admin) return { message: CROSS_SITE_MESSAGE };
  const step = formData.get("step");
  if (step === "preview") {
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) return { message: "Choose an OPML file first." };
    if (file.size > MAX_CONSOLE_OPML_BYTES) return { message: "That file is larger than 1 MB: import it with `npm run -s readahead -- opml import FILE`." };
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
    try {
      const results = await importChosenFeeds(admin, urls);
      if (results.some((r) => r.ok)) {
        invalidateArticleData();
        forgetSharedPages();
      }
      const added = results.filter((r) => r.ok).length;
      return { results, message: `Imported ${added} of ${results.length} ${results.length === 1 ? "feed" : "feeds"}.` };
    } catch (err) {
      if (err instanceof SourceConsoleError) return { message: err.message };
      log.error({ err, adminId: admin.id }, "OPML import failed");
      throw err;
    }
  }
  return { message: "That form could not be read." };
}
