import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { SectionHeading } from "@/components/ui/section-heading";
import { BAD_REQUEST_HEADER } from "@/lib/security/malformed-path";

export const metadata: Metadata = { title: "400: bad request", robots: { index: false } };

/**
 * The page for a request whose address cannot be read (malformed percent-encoding).
 * Only the web server sends requests here (with BAD_REQUEST_HEADER, answering 400);
 * opened directly it is an unknown page.
 */
export default async function BadRequest() {
  if ((await headers()).get(BAD_REQUEST_HEADER) !== "1") notFound();
  return (
    <section className="py-6">
      <SectionHeading>400: bad request</SectionHeading>
      <p className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">
        This address cannot be read: part of it is not valid percent-encoded text. Check the link, or start again from the front page.
      </p>
      <p className="mt-3 font-mono text-sm">
        <Link href="/" className="text-emerald-800 underline dark:text-emerald-300">← front page</Link>
        <span aria-hidden> · </span>
        <Link href="/search" className="underline">search</Link>
        <span aria-hidden> · </span>
        <Link href="/sources" className="underline">sources</Link>
      </p>
    </section>
  );
}
