import Link from "next/link";
import { Discussion } from "@/components/comments/discussion";
import { ArticleModeration } from "@/components/moderation/article-moderation";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { VoteControl } from "@/components/votes/vote-control";
import type { ArticleDetail, RelatedItem } from "@/lib/articles/types";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { RelatedList } from "./related-list";

/**
 * The article page's body, in PRODUCT.md's order: ← back; source · age · by
 * author · ~N min read; title; excerpt; lead image; #tags; read full article;
 * votes; // discussion; // related.
 */
export function ArticleView({ article: a, related, returnTo, now = new Date() }: { article: ArticleDetail; related: RelatedItem[]; returnTo: string; now?: Date }) {
  if (a.removal) {
    // Removed by a moderator: the page says why, and shows nothing else of the article.
    return (
      <article className="pt-4" data-article-page data-article-id={a.id} data-article-removed>
        <p className="font-mono text-sm" data-part="back">
          <Link href="/" className="text-emerald-800 underline dark:text-emerald-300">← back</Link>
        </p>
        <h1 className="mt-4 text-2xl font-bold leading-tight break-words" data-part="title">{a.title}</h1>
        <p className="mt-4 font-mono text-sm" role="status" data-part="removal">
          removed by a moderator: {a.removal.reason}
        </p>
        <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
          See the <Link href="/moderation?target=article" className="underline">moderation log</Link>.
        </p>
        <ArticleModeration articleId={a.id} isRemoved returnTo={returnTo} />
      </article>
    );
  }
  return (
    <>
      <article className="pt-4" data-article-page data-article-id={a.id}>
        <p className="font-mono text-sm" data-part="back">
          <Link href="/" className="text-emerald-800 underline dark:text-emerald-300">← back</Link>
        </p>
        <p className="mt-4 font-mono text-xs text-neutral-600 dark:text-neutral-400" data-part="meta">
          <Link href={`/s/${a.source.slug}`} className="hover:underline">{a.source.title}</Link>
          <span aria-hidden> · </span>
          <time dateTime={a.publishedAt.toISOString()} title={a.publishedAt.toISOString()}>{formatRelativeAge(a.publishedAt, now)} ago</time>
          {a.author && (
            <>
              <span aria-hidden> · </span>
              <span>by {a.author}</span>
            </>
          )}
          <span aria-hidden> · </span>
          <span>~{a.readingMinutes} min read</span>
        </p>
        <h1 className="mt-2 text-2xl font-bold leading-tight break-words" data-part="title">{a.title}</h1>
        {a.excerpt && <p className="mt-4 leading-relaxed break-words text-neutral-800 dark:text-neutral-200" data-part="excerpt">{a.excerpt}</p>}
        {a.imageUrl && (
          // Publisher images are shown as-is (no server-side proxying of arbitrary hosts).
          // eslint-disable-next-line @next/next/no-img-element
          <img src={a.imageUrl} alt={`${a.title} — image`} referrerPolicy="no-referrer" className="mt-4 h-auto max-h-[28rem] w-full rounded object-cover" data-part="image" />
        )}
        {a.tags.length > 0 && (
          <p className="mt-4 flex flex-wrap gap-x-3 font-mono text-sm" data-part="tags">
            {a.tags.map((t) => (
              <Link key={t} href={`/t/${encodeURIComponent(t)}`} className="text-emerald-800 hover:underline dark:text-emerald-300">#{t}</Link>
            ))}
          </p>
        )}
        {a.url && (
          <p className="mt-4 font-mono text-sm" data-part="read-full">
            <a href={a.url} rel="noopener" target="_blank" className="text-emerald-800 underline dark:text-emerald-300">
              read full article on {a.source.title}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          </p>
        )}
        {a.alsoOn.length > 0 && (
          <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400" data-part="also-on">
            also on{" "}
            {a.alsoOn.map((o, i) => (
              <span key={o.slug}>
                {i > 0 && ", "}
                <Link href={`/s/${o.slug}`} className="underline">{o.title}</Link>
              </span>
            ))}
          </p>
        )}
        {/* A div, not a p: the control is a <form> for members, which may not sit inside a <p>. */}
        <div className="mt-3 flex items-center gap-2 font-mono text-xs text-neutral-600 dark:text-neutral-400" data-part="source-subscribe">
          <span>more from {a.source.title}:</span>
          <SubscribeControl sourceId={a.source.id} returnTo={returnTo} />
        </div>
        <div className="mt-4" data-part="votes">
          <VoteControl articleId={a.id} score={a.score} returnTo={returnTo} />
        </div>
        <ArticleModeration articleId={a.id} isRemoved={false} returnTo={returnTo} />
      </article>
      <div data-part="discussion">
        <Discussion articleId={a.id} commentCount={a.commentCount} returnTo={returnTo} />
      </div>
      <RelatedList items={related} now={now} />
    </>
  );
}
