// readahead sources add URL | list [--json] | remove ID
import { db } from "../../lib/db";
import { listSourcesWithCounts } from "../../lib/sources/queries";
import { addSource, removeSource, SourceError } from "../../lib/sources/service";
import { runSubcommand } from "./subcommands";

const USAGE = "usage: readahead sources add URL [--title TITLE] | sources list [--json] | sources remove ID";

export function run(args: string[]): Promise<number> {
  return runSubcommand(args, { usage: USAGE, valued: ["title"], expected: [SourceError] }, async ({ sub, flags, positional, usage }) => {
    switch (sub) {
      case "add": {
        const url = positional[0];
        if (!url) return usage();
        const title = flags.get("title");
        const source = await addSource(db, url, { title: typeof title === "string" ? title : null });
        console.log(JSON.stringify(source));
        return 0;
      }
      case "list": {
        const rows = (await listSourcesWithCounts()).sort((a, b) => a.id - b.id);
        if (flags.has("json")) {
          console.log(JSON.stringify(rows.map((r) => ({
            id: r.id, url: r.feedUrl, title: r.title, status: r.status, errorCount: r.errorCount, lastError: r.lastError,
            nextCheckAt: r.nextCheckAt.toISOString(), articleCount: r.articleCount, lastFetchedAt: r.lastFetchedAt?.toISOString() ?? null,
          }))));
        } else {
          for (const r of rows) {
            console.log(`${String(r.id).padStart(4)}  ${r.status.padEnd(8)} ${String(r.articleCount).padStart(6)} articles  errors ${r.errorCount}  next ${r.nextCheckAt.toISOString()}  ${r.title} <${r.feedUrl}>${r.lastError ? `\n      last error: ${r.lastError}` : ""}`);
          }
        }
        return 0;
      }
      case "remove": {
        const id = Number(positional[0]);
        if (!Number.isInteger(id) || id <= 0) return usage();
        await removeSource(db, id);
        console.log(JSON.stringify({ removed: id }));
        return 0;
      }
      default:
        return usage();
    }
  });
}
