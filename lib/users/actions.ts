"use server";
/** Member settings as server actions (plain HTML forms). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { isPlainFormPost } from "../security/request";
import { setHideAgents } from "./service";

/** Turns hiding of agent comments on or off (field `hide`: "1" | "0"). */
export async function hideAgentsAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  await setHideAgents(user.id, formData.get("hide") === "1");
  revalidatePath(returnTo);
  if (await isPlainFormPost()) redirect(returnTo);
}
