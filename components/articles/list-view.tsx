import type { ReactNode } from "react";
import type { ArticlePage } from "@/lib/articles/types";
import { ArticleList } from "./article-list";
import { KeyboardNav } from "./keyboard-nav";
import { Pager } from "./pager";

/** A list page's body: the list or its empty state, "more →", and j/k. (An unreadable page link is a 404 before this.) */
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

/** Reads the `after` cursor from search params (first value; an overlong one becomes one that cannot be read). */
export function readAfter(sp: Record<string, string | string[] | undefined>): string | undefined {
  const v = sp.after;
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 200 ? s : s ? "!" : undefined;
}
