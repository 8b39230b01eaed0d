import Link from "next/link";
import { HighlightedText } from "@/components/ui/highlighted-text";
import { articlePath } from "@/lib/articles/paths";
import { formatRelativeAge } from "@/lib/format/relative-age";
import type { SearchHit } from "@/lib/search/queries";
import { KeyboardNav } from "./keyboard-nav";

/** Search hits with matched words marked; same row shape as ArticleList. */
export function SearchResults({ hits, now = new Date() }: { hits: SearchHit[]; now?: Date }) {
  return (
    <>
      <ol className="mt-4 divide-y divide-neutral-200 dark:divide-neutral-800" data-article-list data-search-results>
        {hits.map((h) => (
          <li key={h.id} className="flex gap-3 py-4" data-article-id={h.id}>
            <article className="min-w-0 flex-1">
              <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
                <Link href={`/s/${h.source.slug}`} className="hover:underline">{h.source.title}</Link>
                <span aria-hidden> · </span>
                <time dateTime={h.publishedAt.toISOString()}>{formatRelativeAge(h.publishedAt, now)}</time>
              </p>
              <h2 className="mt-1 text-base font-semibold leading-snug break-words">
                <Link href={articlePath(h)} className="hover:underline" data-article-link>
                  <HighlightedText marked={h.titleMarked} />
                </Link>
              </h2>
              {h.excerptMarked && (
                <p className="mt-1 text-sm break-words text-neutral-700 dark:text-neutral-300">
                  <HighlightedText marked={h.excerptMarked} />
                </p>
              )}
              <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
                {h.score} {h.score === 1 ? "vote" : "votes"} · {h.commentCount} {h.commentCount === 1 ? "comment" : "comments"}
              </p>
            </article>
            {h.imageUrl && (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={h.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" className="h-16 w-20 flex-none rounded object-cover sm:w-24" />
            )}
          </li>
        ))}
      </ol>
      <KeyboardNav />
    </>
  );
}
