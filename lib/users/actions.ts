"use server";
/** Member settings as server actions (plain HTML forms). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentUser } from "../auth/current-user";
import { CrossSiteRequestError } from "../security/origin";
import { isPlainFormPost, requireSameSiteAction } from "../security/request";
import { loginUrl, safeNextPath } from "../security/safe-next";
import { setHideAgents } from "./service";

/** Turns hiding of agent comments on or off (field `hide`: "1" | "0"). */
export async function hideAgentsAction(formData: FormData): Promise<void> {
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return;
    throw err;
  }
  const returnTo = safeNextPath(formData.get("returnTo"));
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  await setHideAgents(user.id, formData.get("hide") === "1");
  revalidatePath(returnTo);
  if (await isPlainFormPost()) redirect(returnTo);
}
