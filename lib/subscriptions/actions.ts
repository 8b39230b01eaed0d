"use server";
/** The subscribe/unsubscribe form's server action (works as a plain HTML form). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { isPlainFormPost } from "../security/request";
import { setNotice } from "../users/notice";
import { SourceNotFoundError, subscribe, unsubscribe } from "./service";

const subscribeFormSchema = z.object({
  sourceId: z.coerce.number().int().positive().max(2_147_483_647),
  intent: z.enum(["subscribe", "unsubscribe"]),
});

/** Subscribes or unsubscribes (`intent`) to `sourceId`, then returns to `returnTo`. */
export async function subscribeAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  const parsed = subscribeFormSchema.safeParse({ sourceId: formData.get("sourceId"), intent: formData.get("intent") });
  if (!parsed.success) {
    await setNotice("subscribe:invalid", "That request could not be read; reload the page and try again.");
  } else {
    try {
      if (parsed.data.intent === "subscribe") await subscribe(user.id, parsed.data.sourceId);
      else await unsubscribe(user.id, parsed.data.sourceId);
    } catch (err) {
      if (!(err instanceof SourceNotFoundError)) {
        log.error({ err, sourceId: parsed.data.sourceId }, "subscribe failed");
        throw err;
      }
      await setNotice(`subscribe:${parsed.data.sourceId}`, "That source no longer exists.");
    }
  }
  revalidatePath(returnTo);
  revalidatePath("/me/feed");
  if (await isPlainFormPost()) redirect(returnTo);
}
