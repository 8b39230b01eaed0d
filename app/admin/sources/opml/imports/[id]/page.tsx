import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/admin/live-refresh";
import { SectionHeading } from "@/components/ui/section-heading";
import { getOpmlRun } from "@/lib/admin/opml-runs";
import { requireStaffPage } from "@/lib/moderation/staff";

export const metadata: Metadata = { title: "OPML import", robots: { index: false } };

/** Seconds between refreshes while the import runs. */
const REFRESH_SEC = 2;

/**
 * /admin/sources/opml/imports/<id>: an OPML import's progress ("imported N of M, K
 * failed") and each feed's outcome as it lands. While it runs the page refreshes itself:
 * a meta refresh inside <noscript> without JavaScript, router.refresh() with it.
 * Admins only (404).
 */
export default async function OpmlRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage("admin");
  const { id } = await params;
  if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2_147_483_647) notFound();
  const run = await getOpmlRun(Number(id));
  if (!run) notFound();
  const settled = run.imported + run.failed;
  return (
    <div className="font-mono text-xs">
      <SectionHeading>OPML import</SectionHeading>
      <p className="mt-2"><Link href="/admin/sources" className="underline">← sources console</Link> · <Link href="/admin/sources/opml" className="underline">import another file</Link></p>
      <p role="status" className="mt-3 text-sm" data-opml-run-state={run.state} data-opml-progress>
        {run.state === "done" ? "Done: " : run.state === "stalled" ? "Stopped early (the server restarted): " : "Importing… "}
        imported <span data-opml-imported>{run.imported}</span> of <span data-opml-total>{run.total}</span>, <span data-opml-failed>{run.failed}</span> failed
        {run.state === "running" && settled < run.total && <> · {run.total - settled} to go</>}
      </p>
      {run.state === "running" && (
        <>
          {/* Parsed as markup only when scripting is off: then the browser reloads the page itself. */}
          <noscript>
            <meta httpEquiv="refresh" content={String(REFRESH_SEC)} />
          </noscript>
          <LiveRefresh everyMs={REFRESH_SEC * 1000} />
        </>
      )}
      {run.results.length > 0 && (
        <ul className="mt-3 space-y-1" data-opml-results>
          {run.results.map((r) => (
            <li key={r.url} data-opml-result={r.ok ? "ok" : "failed"}>
              {r.ok ? "✓" : "✕"} {r.url}: {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
