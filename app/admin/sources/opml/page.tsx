import type { Metadata } from "next";
import Link from "next/link";
import { OpmlImport } from "@/components/admin/opml-import";
import { SectionHeading } from "@/components/ui/section-heading";
import { OPML_TOO_LARGE_MESSAGE } from "@/lib/admin/opml-limits";
import { requireStaffPage } from "@/lib/moderation/staff";

export const metadata: Metadata = { title: "OPML import and export", robots: { index: false } };

/** /admin/sources/opml: import with a preview, and the export link. Admins only (404). */
export default async function OpmlPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage("admin");
  // Set by proxy.ts when it turned back an upload over the cap (posted without JavaScript).
  const notice = (await searchParams)["too-large"] !== undefined ? OPML_TOO_LARGE_MESSAGE : null;
  return (
    <div>
      <SectionHeading>OPML</SectionHeading>
      <p className="mt-2 font-mono text-xs">
        <Link href="/admin/sources" className="underline">← sources console</Link>
        <span aria-hidden> · </span>
        {/* A plain link: a download, not a page the router should fetch. */}
        <a href="/admin/sources/opml.xml" className="underline" data-opml-export>export every source as OPML</a>
      </p>
      <div className="mt-4">
        <OpmlImport notice={notice} />
      </div>
    </div>
  );
}
