"use server";
/** The save/unsave form's server action (works as a plain HTML form). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { beginMemberAction } from "../auth/member-action";
import { isPlainFormPost } from "../security/request";
import { setNotice } from "../users/notice";
import { articleIdSchema } from "../votes/schemas";
import { saveArticle, unsaveArticle } from "./service";

const saveFormSchema = z.object({ articleId: articleIdSchema, intent: z.enum(["save", "unsave"]) });

/** Saves or unsaves (`intent`) `articleId`, then returns to `returnTo`. */
export async function saveAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  const parsed = saveFormSchema.safeParse({ articleId: formData.get("articleId"), intent: formData.get("intent") });
  if (!parsed.success) {
    await setNotice("save:invalid", "That request could not be read; reload the page and try again.");
  } else if (parsed.data.intent === "save") {
    const saved = await saveArticle(user.id, parsed.data.articleId);
    if (!saved) await setNotice(`save:${parsed.data.articleId}`, "That article no longer exists.");
  } else {
    await unsaveArticle(user.id, parsed.data.articleId);
  }
  revalidatePath(returnTo);
  revalidatePath("/me/saved");
  if (await isPlainFormPost()) redirect(returnTo);
}
