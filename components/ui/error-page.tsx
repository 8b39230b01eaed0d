import Link from "next/link";
import type { ReactNode } from "react";
import { SectionHeading } from "@/components/ui/section-heading";

/** The body of the site's error pages (404, 400): a heading, what happened, and the ways back. */
export function ErrorPage({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section className="py-6">
      <SectionHeading>{heading}</SectionHeading>
      <p className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">{children}</p>
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
