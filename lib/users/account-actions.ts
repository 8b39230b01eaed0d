"use server";
/**
 * The account forms' server actions: change password and delete account
 * (/me/settings), set a password through a reset link (/reset/<token>) and ask for a
 * link by email (/reset). Plain HTML forms that work without JavaScript (the page
 * re-renders with the returned state) and with it. Each refuses a cross-site post
 * before reading anything, and changes nothing then.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { invalidateArticleData } from "../articles/invalidate";
import { articlePath } from "../articles/paths";
import { clearSessionCookie, currentSessionId, getCurrentUser } from "../auth/current-user";
import { isMailConfigured } from "../env";
import { log } from "../log";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { RateLimitedError, describeWait } from "../rate-limit/buckets";
import { CrossSiteRequestError } from "../security/origin";
import { currentClientAddress, requireSameSiteAction } from "../security/request";
import { loginUrl } from "../security/safe-next";
import {
  LOGIN_NOTICE,
  RESET_PROBLEM_MESSAGES,
  RESET_REQUESTED,
  changePasswordSchema,
  deleteAccountSchema,
  resetPasswordSchema,
  resetRequestSchema,
  type AccountFormState,
} from "./account-schemas";
import { changePassword } from "./change-password";
import { deleteOwnAccount, type TouchedArticle } from "./delete-account";
import { setNotice } from "./notice";
import { requestResetByEmail, resetPasswordWithToken } from "./password-reset";
import { sendResetMail } from "./reset-mail";

const CROSS_SITE: AccountFormState = { ok: false, message: "This form was submitted from another site, so nothing was done." };
const SETTINGS_PATH = "/me/settings";
// Past this many touched threads, emptying every cached page costs less than naming each.
const MAX_PATHS_REVALIDATED = 50;

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

async function isCrossSite(): Promise<boolean> {
  try {
    await requireSameSiteAction();
    return false;
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return true;
    throw err;
  }
}

function fieldErrorsOf(error: { flatten(): { fieldErrors: unknown } }): AccountFormState["fieldErrors"] {
  return error.flatten().fieldErrors as AccountFormState["fieldErrors"];
}

/** Changes the member's password; their other sessions end, this one stays. */
export async function changePasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  if (await isCrossSite()) return CROSS_SITE;
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(SETTINGS_PATH));
  const parsed = changePasswordSchema.safeParse({
    currentPassword: field(formData, "currentPassword"),
    newPassword: field(formData, "newPassword"),
    confirmPassword: field(formData, "confirmPassword"),
  });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const result = await changePassword(user.id, await currentSessionId(), parsed.data);
    if (!result.ok) return { ok: false, fieldErrors: { currentPassword: [result.message] } };
    const others = result.endedSessions === 1 ? "1 other session was" : `${result.endedSessions} other sessions were`;
    return { ok: true, message: `Password changed. ${others} logged out; this one stays logged in.` };
  } catch (err) {
    if (err instanceof RateLimitedError) return { ok: false, message: `Too many wrong passwords. Try again in ${describeWait(err.retryAfterSec)}.` };
    log.error({ err, userId: user.id }, "password change failed");
    throw err;
  }
}

/** Invalidates what showed the deleted member's votes and comments: their threads, the lists, the stored pages. */
function afterAccountDeleted(touched: TouchedArticle[]): void {
  if (touched.length > MAX_PATHS_REVALIDATED) revalidatePath("/", "layout");
  else for (const a of touched) revalidatePath(articlePath(a));
  invalidateArticleData();
  forgetSharedPages();
}

/** Deletes the member's account after they confirm it, logs them out and says goodbye. */
export async function deleteAccountAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  if (await isCrossSite()) return CROSS_SITE;
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(SETTINGS_PATH));
  const parsed = deleteAccountSchema.safeParse({ confirmation: field(formData, "confirmation") });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  let touched: TouchedArticle[];
  try {
    const result = await deleteOwnAccount(user.id, parsed.data.confirmation);
    if (!result.ok) return { ok: false, fieldErrors: { confirmation: [result.message] } };
    touched = result.touched;
  } catch (err) {
    if (err instanceof RateLimitedError) return { ok: false, message: `Too many wrong passwords. Try again in ${describeWait(err.retryAfterSec)}.` };
    log.error({ err, userId: user.id }, "account deletion failed");
    throw err;
  }
  log.info({ userId: user.id, threads: touched.length }, "member deleted their account");
  // The session row went with the account; the cookie goes too.
  await clearSessionCookie();
  afterAccountDeleted(touched);
  redirect("/account-deleted");
}

/** Sets a new password through a one-time link; every session of the account ends, then the login page. */
export async function resetPasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  if (await isCrossSite()) return CROSS_SITE;
  const parsed = resetPasswordSchema.safeParse({
    token: field(formData, "token"),
    newPassword: field(formData, "newPassword"),
    confirmPassword: field(formData, "confirmPassword"),
  });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const viewer = await getCurrentUser();
  const result = await resetPasswordWithToken(parsed.data.token, parsed.data.newPassword);
  if (!result.ok) return { ok: false, message: RESET_PROBLEM_MESSAGES[result.problem] };
  log.info({ userId: result.userId, endedSessions: result.endedSessions }, "password reset through a link");
  // This browser's session, if it was this account's, ended with the others.
  if (viewer?.id === result.userId) await clearSessionCookie();
  await setNotice(LOGIN_NOTICE, "Your new password is set, and every session of the account was logged out. Log in with the new password.");
  redirect("/login");
}

/** Mails a reset link to the account with this email, if there is one; answers alike either way. */
export async function requestResetAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  if (await isCrossSite()) return CROSS_SITE;
  if (!isMailConfigured()) return { ok: false, message: "This site sends no mail. Ask its operator for a reset link." };
  const raw = field(formData, "email");
  const values = { email: raw?.slice(0, 320) };
  const parsed = resetRequestSchema.safeParse({ email: raw });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
  let link;
  try {
    link = await requestResetByEmail(parsed.data.email, await currentClientAddress());
  } catch (err) {
    if (err instanceof RateLimitedError) return { ok: false, message: `Too many reset requests from your network. Try again in ${describeWait(err.retryAfterSec)}.`, values };
    log.error({ err }, "reset request failed");
    throw err;
  }
  if (link) {
    // After the response: how long the mail server takes must not tell who has an account.
    const mail = link;
    after(() =>
      sendResetMail({ to: mail.to, url: mail.url, handle: mail.handle, expiresAt: mail.expiresAt }).catch((err: unknown) =>
        log.error({ err, handle: mail.handle }, "sending a reset link failed"),
      ),
    );
  }
  return { ok: true, message: RESET_REQUESTED, values };
}
