/**
 * The logged-in member of the current request, read from the session cookie, and
 * the cookie writes that log in and out.
 */
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { loginUrl } from "../security/safe-next";
import { SESSION_MAX_AGE_SEC, sessionCookieName, shouldUseSecureCookies } from "./secret";
import { createSession, deleteSession, encodeSessionCookie, findSessionUser, sidFromCookie, type SessionUser } from "./session";

/** The current member, or null; one database read per request however often it is called. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const sid = await sidFromCookie((await cookies()).get(sessionCookieName())?.value);
  return sid ? findSessionUser(sid) : null;
});

/** The sid named by this request's session cookie (live or not), or null. */
export async function currentSessionId(): Promise<string | null> {
  return sidFromCookie((await cookies()).get(sessionCookieName())?.value);
}

/** Clears the session cookie without touching any row (after the rows were deleted elsewhere). */
export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(sessionCookieName());
}

/** The current member, or a redirect to the login page that returns to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  return user;
}

/** Logs `user` in on this response: a new session row and cookie, the previous session deleted. */
export async function startSession(user: { id: string; handle: string }): Promise<void> {
  const jar = await cookies();
  const previousSid = await sidFromCookie(jar.get(sessionCookieName())?.value);
  const { sid, expires } = await createSession(user.id, previousSid);
  jar.set(sessionCookieName(), await encodeSessionCookie(user, sid), {
    httpOnly: true,
    sameSite: "lax",
    secure: shouldUseSecureCookies(),
    path: "/",
    expires,
    maxAge: SESSION_MAX_AGE_SEC,
  });
}

/** Ends the current session: deletes its row and clears the cookie. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  const sid = await sidFromCookie(jar.get(sessionCookieName())?.value);
  if (sid) await deleteSession(sid);
  jar.delete(sessionCookieName());
}
