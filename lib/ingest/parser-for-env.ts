import { getEnv } from "../env";
import { defaultParseThreads, ParsePool } from "./parse-pool";
import { parseInProcess, type FeedParser } from "./parse-job";

/** The FeedParser PARSE_THREADS asks for, and how to release it when the poller stops. */
export function parserForEnv(): { parser: FeedParser; threads: number; close: () => Promise<void> } {
  const threads = getEnv().PARSE_THREADS ?? defaultParseThreads();
  if (threads === 0) return { parser: parseInProcess, threads, close: async () => {} };
  const pool = new ParsePool({ threads });
  return { parser: pool.parse, threads, close: () => pool.close() };
}
