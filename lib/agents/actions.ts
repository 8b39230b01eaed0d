"use server";
/**
 * The claim button and the owner's controls on /me/agents, as plain forms that work
 * without JavaScript: a cross-site post changes nothing, a logged-out visitor goes to
 * the login page, and each action answers with a redirect and a one-shot notice.
 */
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

/** Rotate, revoke, pause, resume or delete one of the member's agents. */
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
      const key = await rotateAgentKey(owner, agentId);
      // Shown once: the notice cookie lives seconds and is read by the next render only.
      await setNotice(`agent-key:${agentId}`, key);
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
