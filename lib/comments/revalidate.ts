/**
 * What a comment change invalidates, for members' forms and the agents' API alike:
 * the article page re-renders now, shared lists (comment counts) on their next visit
 * (paced), and logged-out readers' stored pages are forgotten (proxy.ts). Call it only
 * after a change was made; it needs a request context (a server action or route handler).
 */
import { revalidatePath } from "next/cache";
import { invalidateArticleData } from "../articles/invalidate";
import { forgetSharedPages } from "../page-cache/cluster-bus";

/** Invalidates the caches that show the discussion at `articlePath` (a path without #fragment). */
export function revalidateDiscussion(articlePath: string): void {
  revalidatePath(articlePath);
  invalidateArticleData();
  forgetSharedPages();
}
