// `readahead parse FILE... [--url DOCUMENT_URL]`: parse feed files exactly as ingestion does and
// print one JSON line per file, without touching the database. A file that fails prints
// {ok:false, error} and the command still exits 0, so one bad file does not hide the others.
import { readFile } from "node:fs/promises";
import { FeedParseError, parseFeed } from "../../lib/feeds/parse";
import { toParseOutput, type ParseOutput } from "../../lib/feeds/parse-output";

function usage(): string {
  return "usage: readahead parse FILE... [--url DOCUMENT_URL] [--content-type TYPE]";
}

/** Parse one file into the printed shape; errors become ok:false. */
export async function parseFile(file: string, url: string | null, contentType: string | null): Promise<ParseOutput> {
  try {
    const bytes = await readFile(file);
    return { file, ok: true, ...toParseOutput(parseFeed(bytes, { url, contentType })) };
  } catch (err) {
    const message = err instanceof FeedParseError ? err.message : err instanceof Error ? err.message : String(err);
    return { file, ok: false, error: message, feed: null, items: [] };
  }
}

export async function run(args: string[]): Promise<number> {
  const files: string[] = [];
  let url: string | null = null;
  let contentType: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--url" || a === "--content-type") {
      const v = args[++i];
      if (!v) {
        console.error(`readahead parse: ${a} needs a value\n${usage()}`);
        return 2;
      }
      if (a === "--url") url = v;
      else contentType = v;
    } else if (a.startsWith("--url=")) url = a.slice(6);
    else if (a.startsWith("--")) {
      console.error(`readahead parse: unknown option ${a}\n${usage()}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    console.error(usage());
    return 2;
  }
  if (url) {
    try {
      new URL(url);
    } catch {
      console.error(`readahead parse: --url must be an absolute URL, got ${JSON.stringify(url)}`);
      return 2;
    }
  }
  for (const file of files) process.stdout.write(`${JSON.stringify(await parseFile(file, url, contentType))}\n`);
  return 0;
}
