"use server";
/**
 * Sign-up, login and logout as server actions: plain HTML forms that work without
 * JavaScript (the page re-renders with the returned state) and with it.
 */
import { redirect } from "next/navigation";
import { log } from "../log";
import { RateLimitedError, describeWait } from "../rate-limit/buckets";
import { CrossSiteRequestError } from "../security/origin";
import { currentClientAddress, requireSameSiteAction } from "../security/request";
import { endSession, startSession } from "./current-user";
import { logInSchema, signUpSchema, type AuthFormState } from "./schemas";
import { signUp, verifyLogin } from "./service";

const CROSS_SITE: AuthFormState = { ok: false, message: "This form was submitted from another site, so nothing was done." };

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

/** Creates an account and logs it in, then returns to `next`. */
export async function signUpAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return CROSS_SITE;
    throw err;
  }
  const values = { email: field(formData, "email")?.slice(0, 320), handle: field(formData, "handle")?.slice(0, 32) };
  const parsed = signUpSchema.safeParse({
    email: field(formData, "email"),
    handle: field(formData, "handle"),
    password: field(formData, "password"),
    next: field(formData, "next"),
  });
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors as AuthFormState["fieldErrors"];
    return { ok: false, fieldErrors, values };
  }
  let result;
  try {
    result = await signUp(parsed.data, await currentClientAddress());
  } catch (err) {
    if (err instanceof RateLimitedError) {
      return { ok: false, message: `Too many sign-ups from your network. Try again in ${describeWait(err.retryAfterSec)}.`, values };
    }
    log.error({ err }, "sign-up failed");
    throw err;
  }
  if (!result.ok) return { ok: false, fieldErrors: { [result.field]: [result.message] }, values };
  await startSession(result.user);
  redirect(parsed.data.next);
}

/** Checks email and password, starts a fresh session, then returns to `next`. */
export async function logInAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return CROSS_SITE;
    throw err;
  }
  const values = { email: field(formData, "email")?.slice(0, 320) };
  const parsed = logInSchema.safeParse({
    email: field(formData, "email"),
    password: field(formData, "password"),
    next: field(formData, "next"),
  });
  if (!parsed.success) return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors as AuthFormState["fieldErrors"], values };
  let user;
  try {
    user = await verifyLogin(parsed.data.email, parsed.data.password, await currentClientAddress());
  } catch (err) {
    if (err instanceof RateLimitedError) {
      return { ok: false, message: `Too many login attempts. Try again in ${describeWait(err.retryAfterSec)}.`, values };
    }
    log.error({ err }, "login failed");
    throw err;
  }
  if (!user) return { ok: false, message: "Wrong email or password.", values };
  await startSession(user);
  redirect(parsed.data.next);
}

/** Ends the session (its row is deleted, so a copied cookie stops working too). */
export async function logOutAction(): Promise<void> {
  try {
    await requireSameSiteAction();
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return;
    throw err;
  }
  await endSession();
  redirect("/");
}
