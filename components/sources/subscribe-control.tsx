import Link from "next/link";

/** Subscribe control for a source. (Members' subscribe form arrives with accounts; see issue 5.) */
export function SubscribeControl({ sourceId, returnTo }: { sourceId: number; returnTo: string }) {
  return (
    <Link
      href={`/login?next=${encodeURIComponent(returnTo)}`}
      className="rounded border border-neutral-300 px-2 py-0.5 font-mono text-xs no-underline hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800"
      data-subscribe-control
      data-source-id={sourceId}
    >
      subscribe
    </Link>
  );
}
