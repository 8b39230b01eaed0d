"use server";
/** The mute/unmute form's server action (works as a plain HTML form). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { isPlainFormPost } from "../security/request";
import { setNotice } from "../users/notice";
import { MAX_MUTES, muteFormSchema, muteScope } from "./schemas";
import { MuteLimitError, MuteTargetNotFoundError, muteSource, muteTag, unmuteSource, unmuteTag } from "./service";

/** Mutes or unmutes (`intent`) a source (`sourceId`) or a tag (`tag`), then returns to `returnTo`. */
export async function muteAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  const parsed = muteFormSchema.safeParse({
    kind: formData.get("kind"),
    intent: formData.get("intent"),
    sourceId: formData.get("sourceId") ?? undefined,
    tag: formData.get("tag") ?? undefined,
  });
  if (!parsed.success) {
    await setNotice("mute:invalid", "That request could not be read; reload the page and try again.");
  } else {
    const f = parsed.data;
    const scope = muteScope(f.kind, f.kind === "source" ? f.sourceId : f.tag);
    try {
      if (f.kind === "source") await (f.intent === "mute" ? muteSource(user.id, f.sourceId) : unmuteSource(user.id, f.sourceId));
      else await (f.intent === "mute" ? muteTag(user.id, f.tag) : unmuteTag(user.id, f.tag));
    } catch (err) {
      if (err instanceof MuteTargetNotFoundError) await setNotice(scope, `That ${f.kind} does not exist (any more).`);
      else if (err instanceof MuteLimitError) await setNotice(scope, `You can mute at most ${MAX_MUTES} sources and tags; unmute some in settings first.`);
      else {
        log.error({ err, kind: f.kind }, "mute failed");
        throw err;
      }
    }
  }
  // Not "/": a member's own front page is rendered per request (and revalidating it
  // would empty every reader's shared page store for one member's change).
  revalidatePath(returnTo);
  revalidatePath("/me/settings");
  if (await isPlainFormPost()) redirect(returnTo);
}
