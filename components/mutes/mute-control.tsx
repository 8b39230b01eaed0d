import { getCurrentUser } from "@/lib/auth/current-user";
import { muteAction } from "@/lib/mutes/actions";
import { isSourceMuted, isTagMuted } from "@/lib/mutes/queries";
import { muteScope } from "@/lib/mutes/schemas";
import { readNotice } from "@/lib/users/notice";

const BUTTON =
  "rounded border border-neutral-300 px-2 py-0.5 font-mono text-xs no-underline hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800";

type Target = { kind: "source"; sourceId: number } | { kind: "tag"; tag: string };

/**
 * Mute / unmute a source or a tag from the member's own front page; a plain form, so it
 * works without JavaScript. Logged-out readers see nothing (there is no front page of
 * their own to change).
 */
export async function MuteControl({ target, returnTo }: { target: Target; returnTo: string }) {
  const user = await getCurrentUser();
  if (!user) return null;
  const key = target.kind === "source" ? target.sourceId : target.tag;
  const [muted, notice] = await Promise.all([
    target.kind === "source" ? isSourceMuted(user.id, target.sourceId) : isTagMuted(user.id, target.tag),
    readNotice(muteScope(target.kind, key)),
  ]);
  return <MuteForm target={target} muted={muted} returnTo={returnTo} notice={notice} />;
}

/** The form itself, for pages that already know whether the target is muted (/me/settings). */
export function MuteForm({ target, muted, returnTo, notice, label }: { target: Target; muted: boolean; returnTo: string; notice?: string | null; label?: string }) {
  return (
    <form action={muteAction} className="inline" data-mute-control={target.kind} data-muted={muted ? "true" : "false"}>
      <input type="hidden" name="kind" value={target.kind} />
      {target.kind === "source" ? <input type="hidden" name="sourceId" value={target.sourceId} /> : <input type="hidden" name="tag" value={target.tag} />}
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="intent" value={muted ? "unmute" : "mute"} />
      <button type="submit" className={BUTTON} data-mute-button aria-pressed={muted} title={muted ? "show it on your front page again" : "leave it out of your front page"}>
        {label ?? (muted ? "muted ✓ · unmute" : "mute")}
      </button>
      {notice && <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-400">{notice}</span>}
    </form>
  );
}
