/**
 * The per-address search limit (SEARCH_PER_ADDRESS in lib/rate-limit/policies.ts).
 *
 * proxy.ts charges it, before the page renders, for every search that will run a
 * query: a page the shared store replays costs nothing and is not counted. It
 * cannot live in the page: the store renders a logged-out reader's search through
 * its own request, which comes from the server itself, so only the proxy knows
 * whose search it is; and only the proxy can answer 429.
 */
import { hitRateLimit, type RateDecision } from "../rate-limit/buckets";
import { SEARCH_PER_ADDRESS } from "../rate-limit/policies";

/**
 * Request header from proxy.ts to app/search/page.tsx: this search was refused,
 * retry after that many seconds. The proxy removes it from every request it does
 * not set it on, so a client cannot send it.
 */
export const SEARCH_LIMITED_HEADER = "x-readahead-search-limited";

/** Counts one search for `address` and says whether it may run. */
export function chargeSearch(address: string): Promise<RateDecision> {
  return hitRateLimit(SEARCH_PER_ADDRESS, address);
}

/** Whether a search request charges the limit: a GET of /search with words in q. */
export function isChargedSearch(method: string, pathname: string, search: URLSearchParams): boolean {
  return method === "GET" && pathname === "/search" && (search.get("q") ?? "").trim() !== "";
}

/** Seconds to wait when proxy.ts refused this search, else null. */
export function searchLimitedFor(headers: { get(name: string): string | null }): number | null {
  const raw = headers.get(SEARCH_LIMITED_HEADER);
  const sec = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(sec) && sec > 0 ? sec : null;
}
