import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { logOutAction } from "@/lib/auth/actions";
import { countUnreadReplies } from "@/lib/replies/queries";

/** The header's account area: the member's handle, feed, saved and log out; else log in and sign up. */
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
  return (
    <span className="flex flex-wrap items-center gap-3" data-user-nav data-handle={user.handle}>
      {/* No prefetch: opening the inbox marks its replies read. */}
      <Link href="/me/replies" prefetch={false} className="hover:underline" data-replies-link>
        replies{unread > 0 && <span className="ml-1 rounded bg-emerald-100 px-1 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" data-unread-count>{unread > 99 ? "99+" : unread}</span>}
      </Link>
      <Link href="/me/feed" className="hover:underline">my feed</Link>
      <Link href="/me/saved" className="hover:underline">saved</Link>
      <Link href={`/u/${user.handle}`} className="font-bold hover:underline" data-user-handle>
        {user.handle}
      </Link>
      <form action={logOutAction} className="inline">
        <button type="submit" className="hover:underline" data-logout>
          logout
        </button>
      </form>
    </span>
  );
}
