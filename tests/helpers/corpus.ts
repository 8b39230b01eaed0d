/**
 * Where the feed-parser conformance corpus lives: inside the repository, so a clone
 * with nothing beside it runs every test (tests/fixtures/corpus/README.md says where
 * each file came from; each upstream folder carries its licence as UPSTREAM-*).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The corpus: cases.jsonl, feeds/, reports/real_feeds.json. */
export const CORPUS_DIR = path.join(REPO_ROOT, "tests", "fixtures", "corpus");
/** The 30 full-size real publisher feeds (an ingest workload). */
export const REAL_FEEDS_DIR = path.join(CORPUS_DIR, "feeds", "real");
