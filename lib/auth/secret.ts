/** The session signing secret and cookie settings shared by next-auth and our own session code. */
import { ConfigError, getEnv, publicUrl } from "../env";

// Only for test runs that never configure one; every other environment must.
const TEST_ONLY_SECRET = "readahead-test-only-secret-not-for-production-use";

/** AUTH_SECRET, or a ConfigError outside tests. */
export function authSecret(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "test") return TEST_ONLY_SECRET;
  throw new ConfigError("AUTH_SECRET is not set (npm start generates one into DATA_DIR/auth-secret)");
}

/** Whether cookies get the Secure attribute and the __Secure- prefix (the site is served over https). */
export function shouldUseSecureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/** next-auth v4's session cookie name, which our own login code also writes. */
export function sessionCookieName(): string {
  return `${shouldUseSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

/** Sessions last 30 days from login. */
export const SESSION_MAX_AGE_SEC = 30 * 24 * 3600;
