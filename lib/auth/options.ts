/**
 * next-auth v4 configuration: JWT cookies that name a row in `sessions` (see
 * session.ts), the Credentials provider, and GitHub only when GITHUB_ID and
 * GITHUB_SECRET are set.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { getEnv, publicUrl } from "../env";
import { log } from "../log";
import { clientAddress } from "../security/client-address";
import { safeRedirectUrl } from "../security/safe-next";
import { linkGitHubAccount } from "./github";
import { logInSchema } from "./schemas";
import { SESSION_MAX_AGE_SEC, authSecret, shouldUseSecureCookies } from "./secret";
import { verifyLogin } from "./service";
import { createSession, deleteSession } from "./session";

/** Builds the options on demand (the secret and providers depend on configuration). */
export function authOptions(): NextAuthOptions {
  const env = getEnv();
  // next-auth v4 reads its own base URL from this variable for OAuth callbacks;
  // ours is PUBLIC_URL, so hand it over rather than asking operators to set both.
  process.env.NEXTAUTH_URL ??= publicUrl();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = logInSchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) return null;
        const address = clientAddress({ get: (n) => (req.headers?.[n] as string | undefined) ?? null });
        try {
          const user = await verifyLogin(parsed.data.email, parsed.data.password, address);
          return user ? { id: user.id, name: user.handle } : null;
        } catch (err) {
          log.warn({ err }, "credentials login refused");
          return null;
        }
      },
    }),
  ];
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
