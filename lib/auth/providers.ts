/** Which optional sign-in methods are configured (for the login page). */
import { getEnv } from "../env";

/** Whether GitHub sign-in is on (GITHUB_ID and GITHUB_SECRET both set). */
export function isGitHubEnabled(): boolean {
  const env = getEnv();
  return Boolean(env.GITHUB_ID && env.GITHUB_SECRET);
}
