// readahead opml import FILE | opml export
import { readFile } from "node:fs/promises";
import { db } from "../../lib/db";
import { OpmlError, renderOpml } from "../../lib/opml/opml";
import { importOpml } from "../../lib/sources/service";

export async function run(args: string[]): Promise<number> {
  const [sub, file] = args;
  try {
    if (sub === "import" && file) {
      const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
        throw new OpmlError(`cannot read ${file}: ${err.code ?? err.message}`);
      });
      const results = await importOpml(db, text);
      for (const r of results) console.log(JSON.stringify(r));
      const added = results.filter((r) => r.ok).length;
      console.error(`readahead: imported ${added} of ${results.length} feeds`);
      return 0;
    }
    if (sub === "export") {
      const sources = await db.source.findMany({ orderBy: { title: "asc" }, select: { title: true, feedUrl: true, siteUrl: true } });
      process.stdout.write(renderOpml("readahead sources", sources.map((s) => ({ title: s.title, xmlUrl: s.feedUrl, htmlUrl: s.siteUrl }))));
      return 0;
    }
    console.error("usage: readahead opml import FILE | opml export");
    return 2;
  } catch (err) {
    if (err instanceof OpmlError) {
      console.error(`readahead: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}
