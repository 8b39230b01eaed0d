import { dismissAction, removeAction, removeAndSuspendAction, restoreAction } from "@/lib/moderation/actions";

const INPUT = "rounded border border-neutral-300 bg-transparent p-1 text-xs dark:border-neutral-700";
const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";

/** A date input's value for `days` from now (UTC), the default end of a suspension. */
export function dateInDays(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function Hidden({ target, id, returnTo }: { target: "comment" | "article"; id: number; returnTo: string }) {
  return (
    <>
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
}

/**
 * The staff controls for one live item: remove (reason required), remove and suspend
 * the author (comments), and dismiss its flags. Plain forms; the server checks the role.
 */
export function StaffItemActions({ target, id, returnTo, hasFlags, canSuspendAuthor }: {
  target: "comment" | "article";
  id: number;
  returnTo: string;
  hasFlags: boolean;
  canSuspendAuthor: boolean;
}) {
  const key = `${target}-${id}`;
  return (
    <div className="flex flex-wrap items-start gap-3 font-mono text-xs" data-staff-actions={key}>
      <form action={removeAction} className="flex flex-wrap items-center gap-1" data-remove-form={key}>
        <Hidden target={target} id={id} returnTo={returnTo} />
        <label className="sr-only" htmlFor={`remove-reason-${key}`}>reason for removal</label>
        <input id={`remove-reason-${key}`} name="reason" placeholder="reason (public)" maxLength={500} className={INPUT} data-remove-reason />
        <button type="submit" className={BUTTON} data-remove-submit>remove</button>
      </form>
      {target === "comment" && canSuspendAuthor && (
        <form action={removeAndSuspendAction} className="flex flex-wrap items-center gap-1" data-remove-suspend-form={key}>
          <Hidden target={target} id={id} returnTo={returnTo} />
          <label className="sr-only" htmlFor={`rs-reason-${key}`}>reason for removal and suspension</label>
          <input id={`rs-reason-${key}`} name="reason" placeholder="reason (public)" maxLength={500} className={INPUT} />
          <label htmlFor={`rs-until-${key}`}>until</label>
          <input id={`rs-until-${key}`} type="date" name="until" defaultValue={dateInDays(7)} className={INPUT} />
          <button type="submit" className={BUTTON} data-remove-suspend-submit>remove and suspend author</button>
        </form>
      )}
      {hasFlags && (
        <form action={dismissAction} data-dismiss-form={key}>
          <Hidden target={target} id={id} returnTo={returnTo} />
          <button type="submit" className={BUTTON} data-dismiss-submit>dismiss flags</button>
        </form>
      )}
    </div>
  );
}

/** Restores a removed item, with a reason (a new row on the public log). */
export function RestoreForm({ target, id, returnTo }: { target: "comment" | "article"; id: number; returnTo: string }) {
  const key = `${target}-${id}`;
  return (
    <form action={restoreAction} className="flex flex-wrap items-center gap-1 font-mono text-xs" data-restore-form={key}>
      <Hidden target={target} id={id} returnTo={returnTo} />
      <label className="sr-only" htmlFor={`restore-reason-${key}`}>reason for restoring</label>
      <input id={`restore-reason-${key}`} name="reason" placeholder="reason (public)" maxLength={500} className={INPUT} />
      <button type="submit" className={BUTTON} data-restore-submit>restore</button>
    </form>
  );
}
