import Link from "next/link";
import type { ArticleListItem } from "@/lib/articles/queries";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { slugify } from "@/lib/sources/slug";

/** The scannable list used by the front page, newest, top, source, tag, search and my feed. */
export function ArticleList({ articles, now = new Date() }: { articles: ArticleListItem[]; now?: Date }) {
  return (
    <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" data-article-list>
      {articles.map((a) => (
        <li key={a.id} className="flex gap-3 py-4" data-article-id={a.id}>
          <div className="min-w-0 flex-1">
            <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
              <Link href={`/s/${a.source.slug}`} className="hover:underline">{a.source.title}</Link>
              <span aria-hidden> · </span>
              <time dateTime={a.publishedAt.toISOString()}>{formatRelativeAge(a.publishedAt, now)}</time>
            </p>
            <h2 className="mt-1 text-base font-semibold leading-snug">
              <Link href={`/a/${a.id}/${slugify(a.title)}`} className="hover:underline" data-article-link>
                {a.title}
              </Link>
            </h2>
            {a.excerpt && <p className="mt-1 line-clamp-2 text-sm text-neutral-700 dark:text-neutral-300">{a.excerpt}</p>}
            <p className="mt-1 flex flex-wrap gap-x-3 font-mono text-xs text-neutral-600 dark:text-neutral-400">
              <span>{a.score} {a.score === 1 ? "vote" : "votes"}</span>
              <Link href={`/a/${a.id}/${slugify(a.title)}#discussion`} className="hover:underline">
                {a.commentCount} {a.commentCount === 1 ? "comment" : "comments"}
              </Link>
              {a.tags.map((t) => (
                <Link key={t} href={`/t/${encodeURIComponent(t)}`} className="hover:underline">#{t}</Link>
              ))}
            </p>
          </div>
          {a.imageUrl && (
            // Publisher images are shown as-is (no server-side proxying of arbitrary hosts).
            // eslint-disable-next-line @next/next/no-img-element
            <img src={a.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" className="h-16 w-24 flex-none rounded object-cover" />
          )}
        </li>
      ))}
    </ol>
  );
}
