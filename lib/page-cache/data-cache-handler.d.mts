// Types for ./data-cache-handler.mjs (plain JavaScript: Next imports it at run time).

/** Invalidates every entry carrying one of `tags` that was stored up to `now` (ms). */
export function expireTags(tags: string[], now?: number): void;
/** Invalidates every entry stored up to `now` (ms). */
export function expireEverything(now?: number): void;
/** Registers who announces this process's own revalidations, or null. */
export function onLocalRevalidate(fn: ((tags: string[]) => void) | null): void;
/** Entries and bytes held. */
export function dataCacheSize(): { entries: number; bytes: number };

/** Next's cacheHandler: memory-only LRU whose tag state other processes can update. */
export default class DataCacheHandler {
  constructor(ctx?: { maxMemoryCacheSize?: number });
  get(key: string, ctx?: { kind?: string; tags?: string[]; softTags?: string[] }): Promise<{ lastModified: number; value: unknown } | null>;
  set(key: string, value: unknown, ctx?: { tags?: string[] }): Promise<void>;
  revalidateTag(tags: string | string[]): Promise<void>;
  resetRequestCache(): void;
}
