/** Finds or creates the member behind a GitHub sign-in (no automatic linking by email). */
import { randomBytes } from "node:crypto";
import type { Account } from "next-auth";
import { db } from "../db";
import { HANDLE_PATTERN } from "./schemas";

function handleFromLogin(login: string | undefined): string {
  const base = (login ?? "").toLowerCase().replace(/[^a-z0-9_-]/g, "").slice(0, 24);
  return HANDLE_PATTERN.test(base) ? base : `gh-${randomBytes(3).toString("hex")}`;
}

/**
 * The member for a GitHub account, created on first sign-in with a handle from the
 * GitHub login (suffixed if taken). An existing email account is never linked
 * automatically: whoever controls a GitHub email must not take over that account.
 */
export async function linkGitHubAccount(account: Account, profile: { login?: string; name?: string } | undefined): Promise<{ id: string; handle: string } | null> {
  const existing = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: "github", providerAccountId: String(account.providerAccountId).slice(0, 255) } },
    select: { user: { select: { id: true, handle: true } } },
  });
  // A suspended member may sign in and read (lib/moderation/suspension.ts).
  if (existing) return { id: existing.user.id, handle: existing.user.handle };
  const base = handleFromLogin(profile?.login);
  for (let attempt = 0; attempt < 5; attempt++) {
    const handle = attempt === 0 ? base : `${base.slice(0, 24)}-${randomBytes(2).toString("hex")}`;
    const taken = await db.user.findUnique({ where: { handle }, select: { id: true } });
    if (taken) continue;
    const user = await db.user.create({
      data: {
        handle,
        name: profile?.name?.slice(0, 100) ?? null,
        accounts: { create: { type: "oauth", provider: "github", providerAccountId: String(account.providerAccountId).slice(0, 255) } },
      },
      select: { id: true, handle: true },
    });
    return user;
  }
  return null;
}
