/**
 * Structured logging: one JSON line per event in production, readable lines in
 * development (pino-pretty when it is installed).
 */
import { createRequire } from "node:module";
import pino from "pino";
import { getEnv } from "./env";

function makeLogger(): pino.Logger {
  let level = "info";
  let pretty = false;
  try {
    const env = getEnv();
    level = env.LOG_LEVEL;
    pretty = env.NODE_ENV === "development" && process.stdout.isTTY === true;
  } catch {
    // Config errors are reported by the entry point; logging still works.
  }
  if (pretty) {
    try {
      // Synchronous pretty stream (no worker thread), so it also works inside Next.
      const pinoPretty = createRequire(import.meta.url)("pino-pretty") as (o: object) => NodeJS.WritableStream;
      return pino({ level }, pinoPretty({ colorize: true, translateTime: "HH:MM:ss", ignore: "pid,hostname" }));
    } catch {
      // pino-pretty is a dev dependency; fall through to JSON.
    }
  }
  return pino({ level, base: { pid: process.pid } });
}

const globalForLog = globalThis as unknown as { readaheadLogger?: pino.Logger };

/** The process-wide logger; use `.child({ module })` for context. */
export const log: pino.Logger = (globalForLog.readaheadLogger ??= makeLogger());
