import Link from "next/link";

/**
 * "more →" to the next page of a list (the `after` keyset cursor), keeping the page's
 * other query parameters. A plain link: it pages without JavaScript. `prefetch={false}`
 * where fetching a page costs the reader (a prefetched search counts against their limit).
 */
export function Pager({
  basePath,
  params = {},
  nextCursor,
  prefetch,
}: {
  basePath: string;
  params?: Record<string, string>;
  nextCursor: string | null;
  prefetch?: boolean;
}) {
  if (!nextCursor) return null;
  const qs = new URLSearchParams({ ...params, after: nextCursor }).toString();
  return (
    <nav aria-label="Pagination" className="mt-6 font-mono text-sm">
      <Link href={`${basePath}?${qs}`} prefetch={prefetch} rel="next" className="text-emerald-800 underline dark:text-emerald-300" data-next-page>
        more →
      </Link>
    </nav>
  );
}
