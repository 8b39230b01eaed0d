import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { logOutAction } from "@/lib/auth/actions";
import { countUnreadReplies } from "@/lib/replies/queries";
import { countFailingSources } from "@/lib/admin/sources";
import { countOpenFlags } from "@/lib/moderation/queue";
import { isAdmin, isStaff } from "@/lib/moderation/roles";

/** The header's account area: the member's handle, feed, saved, settings and log out; else log in and sign up. */
export async function UserNav() {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <span className="flex gap-3" data-user-nav>
        <Link href="/login" className="hover:underline">login</Link>
        <Link href="/signup" className="hover:underline">sign up</Link>
      </span>
    );
  }
  const unread = await countUnreadReplies(user.id, user.hideAgents);
  // Staff see the review queue with its open flags; nobody else is told it exists.
  const openFlags = !user.isAgent && isStaff(user.role) ? await countOpenFlags() : null;
  const failingSources = !user.isAgent && isAdmin(user.role) ? await countFailingSources() : null;
  return (
    <span className="flex flex-wrap items-center gap-3" data-user-nav data-handle={user.handle}>
      {/* No prefetch: opening the inbox marks its replies read. */}
      <Link href="/me/replies" prefetch={false} className="hover:underline" data-replies-link>
        replies{unread > 0 && <span className="ml-1 rounded bg-emerald-100 px-1 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" data-unread-count>{unread > 99 ? "99+" : unread}</span>}
      </Link>
      {openFlags !== null && (
        <Link href="/mod/queue" className="hover:underline" data-staff-nav>
          mod<span className="ml-1 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100" data-open-flags>{openFlags}</span>
        </Link>
      )}
      {openFlags !== null && (
        <Link href="/admin/agents" className="hover:underline" data-staff-agents-link>agents</Link>
      )}
      {failingSources !== null && (
        <Link href="/admin" className="hover:underline" data-admin-dashboard-link>
          admin
        </Link>
      )}
      {failingSources !== null && (
        <Link href="/admin/sources?tab=failing" className="hover:underline" data-admin-nav>
          sources<span className="ml-1 rounded bg-red-100 px-1 text-red-900 dark:bg-red-900 dark:text-red-100" data-failing-sources>{failingSources}</span>
        </Link>
      )}
      <Link href="/me/feed" className="hover:underline">my feed</Link>
      <Link href="/me/saved" className="hover:underline">saved</Link>
      <Link href={`/u/${user.handle}`} className="font-bold hover:underline" data-user-handle>
        {user.handle}
      </Link>
      <Link href="/me/settings" className="hover:underline" data-settings-link>settings</Link>
      <form action={logOutAction} className="inline">
        <button type="submit" className="hover:underline" data-logout>
          logout
        </button>
      </form>
    </span>
  );
}
