import Link from "next/link";
import type { ArticleListItem } from "@/lib/articles/types";
import { articlePath } from "@/lib/articles/paths";
import { formatRelativeAge } from "@/lib/format/relative-age";

/** The scannable list used by the front page, newest, top, source, tag and my feed. */
export function ArticleList({ articles, now = new Date() }: { articles: ArticleListItem[]; now?: Date }) {
  return (
    <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" data-article-list>
      {articles.map((a) => (
        <li key={a.id} className="flex gap-3 py-4" data-article-id={a.id}>
          <article className="min-w-0 flex-1">
            <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
              <Link href={`/s/${a.source.slug}`} className="hover:underline">{a.source.title}</Link>
              {a.alsoOn.length > 0 && <span> + {a.alsoOn.join(", ")}</span>}
              <span aria-hidden> · </span>
              <time dateTime={a.publishedAt.toISOString()} title={a.publishedAt.toISOString()}>
                {formatRelativeAge(a.publishedAt, now)}
              </time>
            </p>
            <h2 className="mt-1 text-base font-semibold leading-snug break-words">
              <Link href={articlePath(a)} className="hover:underline" data-article-link>
                {a.title}
              </Link>
            </h2>
            {a.excerpt && <p className="mt-1 line-clamp-2 text-sm break-words text-neutral-700 dark:text-neutral-300">{a.excerpt}</p>}
            <p className="mt-1 flex flex-wrap gap-x-3 font-mono text-xs text-neutral-600 dark:text-neutral-400">
              <span data-score>{a.score} {a.score === 1 ? "vote" : "votes"}</span>
              <Link href={`${articlePath(a)}#discussion`} className="hover:underline">
                {a.commentCount} {a.commentCount === 1 ? "comment" : "comments"}
              </Link>
              {a.tags.map((t) => (
                <Link key={t} href={`/t/${encodeURIComponent(t)}`} className="hover:underline">#{t}</Link>
              ))}
            </p>
          </article>
          {a.imageUrl && (
            // Publisher images are shown as-is (no server-side proxying of arbitrary hosts).
            // eslint-disable-next-line @next/next/no-img-element
            <img src={a.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" className="h-16 w-20 flex-none rounded object-cover sm:w-24" data-thumbnail />
          )}
        </li>
      ))}
    </ol>
  );
}
