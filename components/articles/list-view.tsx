import type { ReactNode } from "react";
import type { ArticlePage } from "@/lib/articles/types";
import { Notice } from "@/components/ui/notice";
import { ArticleList } from "./article-list";
import { KeyboardNav } from "./keyboard-nav";
import { Pager } from "./pager";

/** A list page's body: a notice for an unreadable page link, the list or its empty state, "more →", and j/k. */
export function ListView({
  page,
  basePath,
  params,
  empty,
}: {
  page: ArticlePage;
  basePath: string;
  params?: Record<string, string>;
  empty: ReactNode;
}) {
  return (
    <>
      {page.cursorRejected && (
        <Notice title="that page link could not be read" tone="warn">
          It may be cut off or edited; showing the first page instead.
        </Notice>
      )}
      {page.items.length === 0 ? (
        empty
      ) : (
        <>
          <ArticleList articles={page.items} />
          <Pager basePath={basePath} params={params} nextCursor={page.nextCursor} />
          <p className="mt-6 hidden font-mono text-xs text-neutral-600 sm:block dark:text-neutral-400">
            tip: press <kbd>j</kbd> / <kbd>k</kbd> to move between articles
          </p>
          <KeyboardNav />
        </>
      )}
    </>
  );
}

/** Reads the `after` cursor from search params (first value, bounded). */
export function readAfter(sp: Record<string, string | string[] | undefined>): string | undefined {
  const v = sp.after;
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 200 ? s : s ? "!" : undefined;
}
