import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginUrl } from "@/lib/security/safe-next";
import { subscribeAction } from "@/lib/subscriptions/actions";
import { isSubscribed } from "@/lib/subscriptions/queries";
import { readNotice } from "@/lib/users/notice";

const BUTTON =
  "rounded border border-neutral-300 px-2 py-0.5 font-mono text-xs no-underline hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800";

/** Subscribe / unsubscribe to a source; logged-out readers go to the login page and come back. */
export async function SubscribeControl({ sourceId, returnTo }: { sourceId: number; returnTo: string }) {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <Link href={loginUrl(returnTo)} className={BUTTON} data-subscribe-control data-source-id={sourceId}>
        subscribe
      </Link>
    );
  }
  const [subscribed, notice] = await Promise.all([isSubscribed(user.id, sourceId), readNotice(`subscribe:${sourceId}`)]);
  return (
    <form action={subscribeAction} className="inline" data-subscribe-control data-source-id={sourceId} data-subscribed={subscribed ? "true" : "false"}>
      <input type="hidden" name="sourceId" value={sourceId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="intent" value={subscribed ? "unsubscribe" : "subscribe"} />
      <button type="submit" className={BUTTON} data-subscribe-button aria-pressed={subscribed}>
        {subscribed ? "subscribed ✓ · unsubscribe" : "subscribe"}
      </button>
      {notice && <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-400">{notice}</span>}
    </form>
  );
}
