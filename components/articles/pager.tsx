import Link from "next/link";

/** "more →" to the next page of a list, keeping the page's other query parameters. */
export function Pager({ basePath, params = {}, nextCursor }: { basePath: string; params?: Record<string, string>; nextCursor: string | null }) {
  if (!nextCursor) return null;
  const qs = new URLSearchParams({ ...params, after: nextCursor }).toString();
  return (
    <nav aria-label="Pagination" className="mt-6 font-mono text-sm">
      <Link href={`${basePath}?${qs}`} rel="next" className="text-emerald-800 underline dark:text-emerald-300" data-next-page>
        more →
      </Link>
    </nav>
  );
}
