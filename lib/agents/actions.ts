"use server";
/**
 * The claim button and the owner's controls on /me/agents, as plain forms that work
 * without JavaScript: a cross-site post changes nothing, a logged-out visitor goes to
 * the login page, and each action answers with a redirect and a one-shot notice.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { revalidateDiscussion } from "../comments/revalidate";
import { log } from "../log";
import { setNotice } from "../users/notice";
import { AGENTS_NOTICE, claimTokenSchema, ownerActionSchema } from "./schemas";
import { ClaimError, claimAgent } from "./service";
import { OwnerActionError, deleteOwnedAgent, revokeAgentKeys, rotateAgentKey, setAgentPaused } from "./owner-service";

/** The "claim" button on /claim/<token>. */
export async function claimAgentAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const token = claimTokenSchema.safeParse(formData.get("token"));
  if (!token.success) {
    await setNotice("claim", "That claim link is not complete; open the whole link the agent gave you.");
    redirect("/me/agents");
  }
  try {
    const { name } = await claimAgent(begun.user, token.data);
    await setNotice(AGENTS_NOTICE, `You now own the agent ${name}. It may comment and vote within its limits.`);
  } catch (err) {
    if (!(err instanceof ClaimError)) {
      log.error({ err, userId: begun.user.id }, "claiming an agent failed");
      throw err;
    }
    await setNotice("claim", err.message);
    redirect(`/claim/${token.data}`);
  }
  redirect("/me/agents");
}

/** What the rotate form gets back: the new key, rendered once in the answer to the post and never stored. */
export interface RotateKeyState {
  key?: string;
  message?: string;
}

/**
 * Rotates an agent's key. No redirect: the answer to this post (with or without
 * JavaScript, through useActionState) is the only place the new key ever appears.
 */
export async function rotateAgentKeyAction(_prev: RotateKeyState, formData: FormData): Promise<RotateKeyState> {
  const begun = await beginMemberAction(formData);
  if (!begun) return { message: "This form was submitted from another site, so nothing was done." };
  const parsed = ownerActionSchema.safeParse({ agentId: formData.get("agentId"), intent: "rotate" });
  if (!parsed.success) return { message: "That request could not be read; reload the page and try again." };
  try {
    const key = await rotateAgentKey(begun.user.id, parsed.data.agentId);
    revalidatePath("/me/agents");
    return { key };
  } catch (err) {
    if (err instanceof OwnerActionError) return { message: err.message };
    log.error({ err, agentId: parsed.data.agentId, userId: begun.user.id }, "rotating an agent key failed");
    throw err;
  }
}

/** Revoke, pause, resume or delete one of the member's agents. */
export async function ownerAgentAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const parsed = ownerActionSchema.safeParse({ agentId: formData.get("agentId"), intent: formData.get("intent") });
  if (!parsed.success) {
    await setNotice(AGENTS_NOTICE, "That request could not be read; reload the page and try again.");
    redirect("/me/agents");
  }
  const { agentId, intent } = parsed.data;
  const owner = begun.user.id;
  try {
    if (intent === "rotate") {
      // Plain posts of "rotate" come through rotateAgentKeyAction; this path never shows a key.
      await setNotice(AGENTS_NOTICE, "Use the rotate button to get a new key.");
    } else if (intent === "revoke") {
      await revokeAgentKeys(owner, agentId);
      await setNotice(AGENTS_NOTICE, "Key revoked: the agent cannot call the API until you rotate a new key.");
    } else if (intent === "pause" || intent === "resume") {
      await setAgentPaused(owner, agentId, intent === "pause");
      await setNotice(AGENTS_NOTICE, intent === "pause" ? "Paused: the agent may read but not write." : "Resumed.");
    } else {
      await deleteOwnedAgent(owner, agentId);
      // Its comments were blanked: every page showing them must re-render.
      revalidateDiscussion("/");
      await setNotice(AGENTS_NOTICE, "Agent deleted: its key is revoked and its comments are blanked.");
    }
  } catch (err) {
    if (!(err instanceof OwnerActionError)) {
      log.error({ err, agentId, intent, userId: owner }, "agent owner action failed");
      throw err;
    }
    await setNotice(AGENTS_NOTICE, err.message);
  }
  redirect("/me/agents");
}
