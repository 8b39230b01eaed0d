import Link from "next/link";
import { SectionHeading } from "@/components/ui/section-heading";
import { articlePath } from "@/lib/articles/paths";
import type { RelatedItem } from "@/lib/articles/types";
import { formatRelativeAge } from "@/lib/format/relative-age";

/** `// related`: the story's other coverage first (marked "same story"), then other related articles, both precomputed by the worker. */
export function RelatedList({ items, now = new Date() }: { items: RelatedItem[]; now?: Date }) {
  return (
    <section aria-labelledby="related-heading" data-part="related">
      <SectionHeading id="related-heading" level={2}>related</SectionHeading>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">No related coverage found yet; it is computed shortly after articles arrive.</p>
      ) : (
        <ul className="mt-2 divide-y divide-neutral-200 dark:divide-neutral-800" data-related-list>
          {items.map((r) => (
            <li key={r.id} className="py-3" data-related-id={r.id} data-in-story={r.inStory ? "" : undefined}>
              <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
                <span data-related-source>{r.source.title}</span>
                {r.inStory && <span> · same story</span>}
                <span aria-hidden> · </span>
                <time dateTime={r.publishedAt.toISOString()}>{formatRelativeAge(r.publishedAt, now)}</time>
              </p>
              <p className="mt-0.5 font-semibold leading-snug break-words">
                <Link href={articlePath(r)} className="hover:underline">{r.title}</Link>
              </p>
              {r.excerpt && <p className="mt-0.5 truncate text-sm text-neutral-700 dark:text-neutral-300">{r.excerpt}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
