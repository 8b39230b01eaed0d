"use server";
/** A member's "suggest a source" form (field `url`): a plain form that leaves a notice on /sources. */
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { SuspendedError } from "../moderation/suspension";
import { RateLimitedError, describeWait } from "../rate-limit/buckets";
import { setNotice } from "../users/notice";
import { SuggestionError, suggestSource } from "./suggestions";

const SCOPE = "suggest-source";

/** Checks the suggested URL's feed and records it for review. */
export async function suggestSourceAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) {
    await setNotice(SCOPE, "This form was submitted from another site, so nothing was done.");
    redirect("/sources");
  }
  const raw = formData.get("url");
  try {
    const s = await suggestSource(begun.user, typeof raw === "string" ? raw : "");
    await setNotice(SCOPE, `Thanks: ${s.title} (${s.feedUrl}) works and is waiting for an admin's review.`);
  } catch (err) {
    if (err instanceof SuggestionError || err instanceof SuspendedError) await setNotice(SCOPE, err.message);
    else if (err instanceof RateLimitedError) await setNotice(SCOPE, `You have suggested many sources today. Try again in ${describeWait(err.retryAfterSec)}.`);
    else {
      log.error({ err, userId: begun.user.id }, "source suggestion failed");
      throw err;
    }
  }
  redirect("/sources#suggest");
}
