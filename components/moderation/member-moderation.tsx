import { getCurrentUser } from "@/lib/auth/current-user";
import { suspendAction, unsuspendAction } from "@/lib/moderation/actions";
import { isStaff } from "@/lib/moderation/roles";
import { describeUntil, getMemberStanding } from "@/lib/moderation/suspension";
import { ItemNotice } from "./item-notice";
import { dateInDays } from "./staff-actions";

const INPUT = "rounded border border-neutral-300 bg-transparent p-1 text-xs dark:border-neutral-700";
const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";

/**
 * On a member's page: their suspension, if any (public, like the log), and for staff
 * the forms to suspend until a date or lift the suspension, each with a reason.
 */
export async function MemberModeration({ userId, handle }: { userId: string; handle: string }) {
  const [viewer, standing] = await Promise.all([getCurrentUser(), getMemberStanding(userId)]);
  if (!standing) return null;
  const viewerIsStaff = !!viewer && !viewer.isAgent && isStaff(viewer.role);
  const path = `/u/${handle}`;
  return (
    <div className="mt-2 space-y-2 font-mono text-xs" data-member-moderation>
      {standing.suspension && (
        <p className="text-amber-800 dark:text-amber-300" data-member-suspended>
          suspended {describeUntil(standing.suspension.until)}: {standing.suspension.reason}
        </p>
      )}
      {viewerIsStaff && viewer.id !== userId && !isStaff(standing.role) && (
        standing.suspension ? (
          <form action={unsuspendAction} className="flex flex-wrap items-center gap-1" data-unsuspend-form>
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name="returnTo" value={path} />
            <label htmlFor="unsuspend-reason" className="sr-only">reason for lifting the suspension</label>
            <input id="unsuspend-reason" name="reason" placeholder="reason (public)" maxLength={500} className={INPUT} />
            <button type="submit" className={BUTTON}>lift suspension</button>
          </form>
        ) : (
          <form action={suspendAction} className="flex flex-wrap items-center gap-1" data-suspend-form>
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name="returnTo" value={path} />
            <label htmlFor="suspend-reason" className="sr-only">reason for the suspension</label>
            <input id="suspend-reason" name="reason" placeholder="reason (public)" maxLength={500} className={INPUT} data-suspend-reason />
            <label htmlFor="suspend-until">until</label>
            <input id="suspend-until" type="date" name="until" defaultValue={dateInDays(7)} className={INPUT} data-suspend-until />
            <button type="submit" className={BUTTON} data-suspend-submit>suspend {standing.isAgent ? "agent" : "member"}</button>
          </form>
        )
      )}
      {viewerIsStaff && <ItemNotice scope={`mod:u${userId}`} />}
    </div>
  );
}
