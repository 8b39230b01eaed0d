/**
 * Typed, loud configuration: the only module that reads process.env.
 *
 * Parsed on first use (not at import) because `next build` imports server modules
 * with no configuration present. A bad value throws ConfigError naming the
 * variable; entry points print its message as one line and exit 1.
 */
import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const port = z.coerce
  .number({ error: "must be a port number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const postgresUrl = z
  .string()
  .max(2048)
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), "must be a postgres:// or postgresql:// URL");

const cidrList = z
  .string()
  .max(4000)
  .refine(
    (v) => v.split(",").every((c) => c.trim() === "" || /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(c.trim())),
    "must be comma-separated CIDRs such as 127.0.0.1/32,::1/128",
  );

/** The worker's default heap limit, MB (why: jobs/node-args.ts). */
export const DEFAULT_WORKER_HEAP_MB = 256;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  HOST: z.string().max(255).default("0.0.0.0"),
  // Reverse proxies (a CDN counts as one) in front of the web server that append the
  // address they saw to X-Forwarded-For; 0 uses the socket's address (why and how:
  // lib/security/client-address.ts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(10, "must be at most 10").default(0),
  PUBLIC_URL: z.url({ error: "must be an absolute URL such as https://news.example.org" }).max(2048).optional(),
  DATA_DIR: z.string().max(1024).default(".data"),
  EMBEDDED_PG_PORT: port.default(54329),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").max(512).optional(),
  GITHUB_ID: z.string().max(200).optional(),
  // Comma-separated emails whose accounts become admins when they sign up or log in.
  READAHEAD_ADMINS: z
    .string()
    .max(10_000)
    .refine((v) => v.split(",").every((e) => e.trim() === "" || /^[^\s@,]+@[^\s@,]+$/.test(e.trim())), "must be comma-separated email addresses")
    .default(""),
  GITHUB_SECRET: z.string().max(200).optional(),
  // Outgoing mail for members' own password reset links (lib/users/reset-mail.ts).
  // Unset: no mail is sent, and operators hand out links with `users reset-link`.
  SMTP_URL: z
    .string()
    .max(2048)
    .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587")
    .optional(),
  // The From address of those mails. Unset: readahead <no-reply@the PUBLIC_URL host>.
  SMTP_FROM: z.string().max(320).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // The web app cancels any statement running longer than this (ms), so a slow or
  // blocked query frees its pooled connection; the worker's pool is not limited.
  WEB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  // The front page's source cap: no source holds more than FRONT_SOURCE_CAP of any
  // FRONT_SOURCE_WINDOW consecutive entries (lib/articles/front-placement.ts).
  FRONT_SOURCE_CAP: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(1000).default(3),
  FRONT_SOURCE_WINDOW: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(1000).default(30),
  RUN_WORKER: bool.default(true),
  SEED_DEFAULT_SOURCES: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  WORKER_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // Threads that parse feeds beside the poller's event loop; 0 parses in the event loop.
  // Unset: one per core beyond the first, at least one.
  PARSE_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  // The worker's V8 old-generation limit, MB: passed as --max-old-space-size when
  // the worker starts (see jobs/node-args.ts); read from the environment, not .env,
  // by `npm run worker`.
  WORKER_HEAP_MB: z.coerce.number().int().min(128).max(65_536).default(DEFAULT_WORKER_HEAP_MB),
  FEED_FETCH_ALLOW_CIDRS: cidrList.default(""),
  FEED_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  FEED_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  FEED_MAX_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(16 * 1024 * 1024),
  FEED_USER_AGENT: z
    .string()
    .max(300)
    .default("readahead/0.1 (+https://github.com/readahead/readahead; feed fetcher)"),
  // AI agents (lib/agents/limits.ts states each limit's use; /agent.md and /api/v1/agents/me report them).
  AGENT_REGISTRATION: z.enum(["open", "closed"], { error: "must be open or closed" }).default("open"),
  AGENT_MAX_PER_MEMBER: z.coerce.number().int().min(0).max(1000).default(5),
  AGENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  AGENT_READS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  AGENT_COMMENT_INTERVAL_SEC: z.coerce.number().int().min(0).max(86_400).default(60),
  AGENT_COMMENTS_PER_DAY: z.coerce.number().int().min(1).max(100_000).default(50),
  AGENT_NEW_COMMENT_INTERVAL_SEC: z.coerce.number().int().min(0).max(86_400).default(300),
  AGENT_NEW_COMMENTS_PER_DAY: z.coerce.number().int().min(1).max(100_000).default(10),
  AGENT_COMMENTS_PER_ARTICLE_PER_DAY: z.coerce.number().int().min(1).max(10_000).default(3),
  AGENT_VOTES_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
});

export type Env = z.infer<typeof schema>;

// Settings whose values may hold a password (SMTP_URL carries its credentials).
const SECRET_SETTINGS = new Set(["SMTP_URL"]);

let cached: Env | undefined;

/** Returns the validated configuration, parsing process.env on first call. */
export function getEnv(): Env {
  if (cached) return cached;
  // Empty strings mean "unset" (a blank line in .env), except where "" is a value.
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = process.env[key];
    raw[key] = v === "" && key !== "FEED_FETCH_ALLOW_CIDRS" ? undefined : v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    // Values that hold credentials are never echoed: this message goes to logs.
    const shown = raw[name] === undefined || SECRET_SETTINGS.has(name) ? "" : ` (got ${JSON.stringify(String(raw[name]).slice(0, 60))})`;
    throw new ConfigError(`invalid setting ${name}${shown}: ${issue.message}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forgets the parsed configuration (tests and the launcher change process.env). */
export function resetEnvCache(): void {
  cached = undefined;
}

/** The database URL, or a ConfigError saying how to get one. */
export function requireDatabaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new ConfigError("DATABASE_URL is not set (npm start sets it to the embedded database)");
  return url;
}

/** The lower-cased emails listed in READAHEAD_ADMINS. */
export function adminEmails(): Set<string> {
  return new Set(getEnv().READAHEAD_ADMINS.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean));
}

/** The URL people reach this site at, for links in feeds, emails and OpenGraph tags. */
export function publicUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** The front page's source cap: at most `cap` entries of one source in any `window` consecutive entries. */
export function frontSourceCap(): { cap: number; window: number } {
  const env = getEnv();
  return { cap: env.FRONT_SOURCE_CAP, window: env.FRONT_SOURCE_WINDOW };
}

/** Whether members can have a reset link mailed to them (SMTP_URL is set). */
export function isMailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/**
 * Whether this process is the Next server (the web app) rather than the worker,
 * the command line or a test. Next defines NEXT_RUNTIME in its server bundles
 * (inlined at build time) and its `next` command sets it at run time.
 */
export function isNextServer(): boolean {
  return process.env.NEXT_RUNTIME === "nodejs";
}

/**
 * The address this process's web server listens on (scripts/web-server.ts sets it
 * when it binds, as `next start` does), for requests the server makes to itself;
 * null in development and outside the web server. "localhost"
 * becomes 127.0.0.1 so it cannot resolve to an IPv6 address the server doesn't bind.
 */
export function ownOrigin(): string | null {
  if (process.env.NODE_ENV !== "production") return null;
  const raw = process.env.__NEXT_PRIVATE_ORIGIN;
  if (!raw || !URL.canParse(raw)) return null;
  const u = new URL(raw);
  if (u.hostname === "localhost" || u.hostname === "0.0.0.0" || u.hostname === "[::]") u.hostname = "127.0.0.1";
  return u.origin;
}
