import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangePasswordForm, DeleteAccountForm } from "@/components/settings/account-forms";
import { MuteForm } from "@/components/mutes/mute-control";
import { SettingsSection } from "@/components/settings/settings-section";
import { requireUser } from "@/lib/auth/current-user";
import { listMutes } from "@/lib/mutes/queries";
import { MAX_MUTES } from "@/lib/mutes/schemas";
import { getAccountSettings } from "@/lib/users/queries";

export const metadata: Metadata = { title: "settings", robots: { index: false } };

/**
 * The member's settings, one <SettingsSection> each: account, password, muted sources
 * and tags, delete account. Rendered per request (it reads
 * the session), never stored for other readers.
 */
export default async function SettingsPage() {
  const user = await requireUser("/me/settings");
  const [account, mutes] = await Promise.all([getAccountSettings(user.id), listMutes(user.id)]);
  // Sessions go with their account, so this is a race with a deletion in another tab.
  if (!account) notFound();
  return (
    <div className="pt-6" data-settings>
      <h1 className="font-mono text-lg font-bold">{"// settings"}</h1>

      <SettingsSection id="account" title="account">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 font-mono text-xs">
          <dt className="text-neutral-600 dark:text-neutral-400">handle</dt>
          <dd>
            <Link href={`/u/${account.handle}`} className="hover:underline">{account.handle}</Link>
          </dd>
          <dt className="text-neutral-600 dark:text-neutral-400">email</dt>
          <dd data-settings-email>{account.email ?? "none"} <span className="text-neutral-500">(never shown to others)</span></dd>
          <dt className="text-neutral-600 dark:text-neutral-400">joined</dt>
          <dd>{account.createdAt.toISOString().slice(0, 10)}</dd>
        </dl>
      </SettingsSection>

      <SettingsSection id="password" title="password">
        {account.hasPassword ? (
          <>
            <p className="text-neutral-700 dark:text-neutral-300">Changing it logs out every other browser and device; this one stays logged in.</p>
            <ChangePasswordForm />
          </>
        ) : (
          <p data-no-password>
            You sign in{account.signsInWithGitHub ? " with GitHub" : ""} and have no password here. To set one, ask this site&apos;s operator for a reset link
            {account.email ? " or use “Forgot password?” on the login page" : ""}.
          </p>
        )}
      </SettingsSection>

      <SettingsSection id="muted" title="muted sources and tags">
        {mutes.sources.length === 0 && mutes.tags.length === 0 ? (
          <p className="text-neutral-700 dark:text-neutral-300" data-no-mutes>
            Nothing muted. To leave a source or a tag out of your front page, use “mute” on its page (/s/… or /t/…).
          </p>
        ) : (
          <>
            <p className="text-neutral-700 dark:text-neutral-300">
              Left out of your front page (not of /new, /top or search); at most {MAX_MUTES}.
            </p>
            <ul className="mt-2 space-y-1 font-mono text-xs" data-muted-list>
              {mutes.sources.map((s) => (
                <li key={`s${s.id}`} className="flex flex-wrap items-baseline gap-2" data-muted-source={s.slug}>
                  <Link href={`/s/${s.slug}`} className="hover:underline">{s.title}</Link>
                  <MuteForm target={{ kind: "source", sourceId: s.id }} muted returnTo="/me/settings" label="unmute" />
                </li>
              ))}
              {mutes.tags.map((t) => (
                <li key={`t${t}`} className="flex flex-wrap items-baseline gap-2" data-muted-tag={t}>
                  <Link href={`/t/${encodeURIComponent(t)}`} className="hover:underline">#{t}</Link>
                  <MuteForm target={{ kind: "tag", tag: t }} muted returnTo="/me/settings" label="unmute" />
                </li>
              ))}
            </ul>
          </>
        )}
      </SettingsSection>

      <SettingsSection id="delete" title="delete account">
        <p className="text-neutral-700 dark:text-neutral-300">
          Deleting your account cannot be undone. Your comments stay in their threads as “[deleted]”, without your name or words; your votes are
          withdrawn; your saved articles, subscriptions, sessions and any agents you own (and their keys) go with the account. Your handle becomes free
          for someone else.
        </p>
        <DeleteAccountForm hasPassword={account.hasPassword} handle={account.handle} />
      </SettingsSection>
    </div>
  );
}
