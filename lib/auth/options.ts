/**
 * next-auth v4 configuration: JWT cookies that name a row in `sessions` (see
 * session.ts), and GitHub sign-in when GITHUB_ID and GITHUB_SECRET are set.
 */
import type { NextAuthOptions } from "next-auth";
import GitHubProvider from "next-auth/providers/github";
import { getEnv, publicUrl } from "../env";
import { safeRedirectUrl } from "../security/safe-next";
import { linkGitHubAccount } from "./github";
import { SESSION_MAX_AGE_SEC, authSecret, shouldUseSecureCookies } from "./secret";
import { createSession, deleteSession } from "./session";

/** Builds the options on demand (the secret and providers depend on configuration). */
export function authOptions(): NextAuthOptions {
  const env = getEnv();
  // next-auth v4 reads its own base URL from this variable for OAuth callbacks;
  // ours is PUBLIC_URL, so hand it over rather than asking operators to set both.
  process.env.NEXTAUTH_URL ??= publicUrl();
  // Email and password are checked by our own login action only (lib/auth/actions.ts,
  // which rotates the session row); next-auth's Credentials provider was a second
  // login path that did not, so it is gone.
  const providers: NextAuthOptions["providers"] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  return {
    secret: authSecret(),
    useSecureCookies: shouldUseSecureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
    providers,
    callbacks: {
      // next-auth's own default already keeps callbackUrl on our origin; this applies
      // the same path rule as every other redirect from input (lib/security/safe-next.ts).
      redirect: ({ url, baseUrl }) => safeRedirectUrl(url, baseUrl),
      async signIn({ user, account, profile }) {
        if (account?.provider !== "github") return true;
        const linked = await linkGitHubAccount(account, profile as { login?: string; name?: string } | undefined);
        if (!linked) return false;
        // The jwt callback below receives this same object: hand it our own user id.
        user.id = linked.id;
        user.name = linked.handle;
        return true;
      },
      async jwt({ token, user }) {
        // `user` is present only at sign-in: every sign-in gets a fresh session row.
        if (user) {
          const previous = typeof token.sid === "string" ? token.sid : null;
          token.sid = (await createSession(user.id, previous)).sid;
          token.sub = user.id;
        }
        return token;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await deleteSession(token.sid);
      },
    },
  };
}
