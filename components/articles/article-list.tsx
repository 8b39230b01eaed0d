import Link from "next/link";
import type { ArticleListItem } from "@/lib/articles/types";
import { articlePath } from "@/lib/articles/paths";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { buildAlsoLine } from "@/lib/stories/also-line";

/**
 * The scannable list used by every article list: front, new, top, source, tag, my feed, saved.
 * Styling lives in the ra-* classes of app/globals.css (see the note there). A story's
 * lead names its other coverage ("also: The Verge, Wired +2"), each name a plain link
 * to that article's page here, like the title (works without JavaScript).
 */
export function ArticleList({ articles, now = new Date() }: { articles: ArticleListItem[]; now?: Date }) {
  return (
    <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" data-article-list>
      {articles.map((a) => {
        const path = articlePath(a);
        const also = a.story ? buildAlsoLine(a.story.members, a.source.slug, a.alsoOn) : null;
        return (
          <li key={a.id} className="ra-row" data-article-id={a.id}>
            <article className="min-w-0 flex-1">
              <p className="ra-meta">
                <Link href={`/s/${a.source.slug}`} prefetch={false}>{a.source.title}</Link>
                {a.alsoOn.length > 0 && <span> + {a.alsoOn.join(", ")}</span>}
                {" · "}
                <time dateTime={a.publishedAt.toISOString()}>{formatRelativeAge(a.publishedAt, now)}</time>
              </p>
              <h2 className="ra-title">
                <Link href={path} prefetch={false} data-article-link>{a.title}</Link>
              </h2>
              {also && (
                <p className="ra-also" data-story-also={a.story!.id}>
                  also:{" "}
                  {also.named.map((m, i) => (
                    <span key={m.id}>
                      {i > 0 && ", "}
                      <Link href={articlePath(m)} prefetch={false} title={m.title} data-story-member={m.id}>{m.source.title}</Link>
                    </span>
                  ))}
                  {also.more > 0 && <span> +{also.more}</span>}
                </p>
              )}
              {a.excerpt && <p className="ra-excerpt">{a.excerpt}</p>}
              <p className="ra-foot">
                <span data-score>{a.score} {a.score === 1 ? "vote" : "votes"}</span>
                <Link href={`${path}#discussion`} prefetch={false}>
                  {a.commentCount} {a.commentCount === 1 ? "comment" : "comments"}
                </Link>
                {a.tags.map((t) => (
                  <Link key={t} href={`/t/${encodeURIComponent(t)}`} prefetch={false}>#{t}</Link>
                ))}
              </p>
            </article>
            {a.imageUrl && (
              // Publisher images are shown as-is (no server-side proxying of arbitrary hosts).
              // eslint-disable-next-line @next/next/no-img-element
              <img src={a.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" className="ra-thumb" data-thumbnail />
            )}
          </li>
        );
      })}
    </ol>
  );
}
