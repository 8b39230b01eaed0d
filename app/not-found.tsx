import Link from "next/link";
import { SectionHeading } from "@/components/ui/section-heading";

/** Unknown article, source, tag or path. */
export default function NotFound() {
  return (
    <section className="py-6">
      <SectionHeading>404: not found</SectionHeading>
      <p className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">
        There is no such page here. The article may have been removed by its source, or the link is mistyped.
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
