/**
 * One-shot notices for member actions that answer with the page itself (vote,
 * save, subscribe): a short-lived cookie the action sets and the control that
 * matches its `scope` shows. It works the same with and without JavaScript,
 * because both paths re-render the page after the action.
 */
import { cookies } from "next/headers";

const COOKIE = "ra-notice";
// Long enough to survive the redirect and render, short enough not to reappear later.
const NOTICE_MAX_AGE_SEC = 15;

export interface Notice {
  scope: string;
  message: string;
}

/** Records a notice for the control identified by `scope` (e.g. "vote:12"). */
export async function setNotice(scope: string, message: string): Promise<void> {
  (await cookies()).set(COOKIE, JSON.stringify({ scope: scope.slice(0, 100), message: message.slice(0, 300) }), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: NOTICE_MAX_AGE_SEC,
  });
}

/** Clears any notice (a successful action supersedes an earlier refusal). */
export async function clearNotice(): Promise<void> {
  const jar = await cookies();
  if (jar.has(COOKIE)) jar.delete(COOKIE);
}

/** The pending notice, whatever its scope (for a list of controls that reads the cookie once), or null. */
export async function readPendingNotice(): Promise<Notice | null> {
  const raw = (await cookies()).get(COOKIE)?.value;
  if (!raw || raw.length > 1000) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Notice>;
    return typeof parsed.scope === "string" && typeof parsed.message === "string" ? { scope: parsed.scope, message: parsed.message } : null;
  } catch {
    return null;
  }
}

/** The notice for `scope`, if one is pending. */
export async function readNotice(scope: string): Promise<string | null> {
  const notice = await readPendingNotice();
  return notice?.scope === scope ? notice.message : null;
}
