/**
 * Helpers for server actions: the same-site check and the client address, read
 * from Next's request headers.
 */
import { headers } from "next/headers";
import { log } from "../log";
import { clientAddress } from "./client-address";
import { assertSameSite } from "./origin";

/** Refuses a cross-site server-action call (throws CrossSiteRequestError) and returns the request headers. */
export async function requireSameSiteAction(): Promise<Headers> {
  const h = await headers();
  assertSameSite(h);
  return h;
}

let hasWarnedNoAddress = false;

/** The client address of the current request (see client-address.ts for the trust model). */
export async function currentClientAddress(): Promise<string> {
  const address = clientAddress(await headers());
  if (address === "unknown" && !hasWarnedNoAddress) {
    hasWarnedNoAddress = true;
    // Every client then shares one bucket of the per-address limits.
    log.warn("no client address on the request: run the web app with scripts/web-server.ts (npm start), not `next start`");
  }
  return address;
}

/**
 * Whether this server action was invoked by a plain HTML form post (no JavaScript):
 * React's client sends the action id in the Next-Action header, a plain form puts it
 * in the body. Plain posts get a redirect (post/redirect/get) instead of a result.
 */
export async function isPlainFormPost(): Promise<boolean> {
  return !(await headers()).has("next-action");
}
