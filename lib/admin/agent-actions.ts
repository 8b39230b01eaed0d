"use server";
/**
 * The agents list's admin form: revoke every key of an agent, with a reason (404 for
 * anyone but an admin, then the same-site check). A plain form that leaves a notice
 * beside the agent's row and redirects back to the list.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { log } from "../log";
import { reasonSchema } from "../moderation/schemas";
import { CROSS_SITE_MESSAGE, beginStaffAction } from "../moderation/staff";
import { setNotice } from "../users/notice";
import { AgentStaffError, agentRowScope, revokeAgentKeys } from "./agents";

const LIST = "/admin/agents";
const agentIdSchema = z.string().min(1).max(40);

/** Revokes every live key of agent `agentId` for `reason` (admins only). */
export async function revokeAgentKeysAction(formData: FormData): Promise<void> {
  const admin = await beginStaffAction("admin");
  const rawId = formData.get("agentId");
  const id = agentIdSchema.safeParse(rawId);
  const scope = agentRowScope(id.success ? id.data : "unknown");
  if (!admin) {
    await setNotice(scope, CROSS_SITE_MESSAGE);
    redirect(LIST);
  }
  const reason = reasonSchema.safeParse(formData.get("reason"));
  if (!id.success || !reason.success) {
    await setNotice(scope, !id.success ? "That agent could not be read." : (reason.error?.issues[0]?.message ?? "A reason is required."));
    redirect(LIST);
  }
  try {
    const n = await revokeAgentKeys(admin, id.data, reason.data);
    await setNotice(scope, `Revoked ${n} ${n === 1 ? "key" : "keys"}: the agent's API calls now answer 401.`);
    revalidatePath("/moderation");
  } catch (err) {
    if (err instanceof AgentStaffError) await setNotice(scope, err.message);
    else {
      log.error({ err, adminId: admin.id, agentId: id.data }, "revoking an agent's keys failed");
      throw err;
    }
  }
  redirect(LIST);
}
