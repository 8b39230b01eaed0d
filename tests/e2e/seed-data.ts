/**
 * The data browser tests read, written straight into the e2e database with SQL
 * (the ingestion pipeline has its own tests): the reference page's article and
 * its related coverage, a duplicate carried by two sources, a failing source, a
 * never-fetched one, and enough filler for two pages of every list.
 */
import pg from "pg";
import { HOT_RANK_SQL } from "../../lib/ranking/refresh";

/** Articles on the front page's first screen that tests look for by id. */
export const E2E = {
  referenceArticleId: 1,
  referenceTitle: "MLSysBook.AI: Principles and Practices of Machine Learning Systems Engineering",
  duplicatedArticleId: 2,
  duplicateArticleId: 6,
  fillerCount: 40,
  /** Primaries (shown in lists): 5 named + fillers; article 6 is a duplicate. */
  primaryCount: 45,
} as const;

// Images are inline SVGs, so pages load nothing from the network.
const svg = (color: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="${color}"/></svg>`)}`;

export async function seedE2eData(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`INSERT INTO sources (slug, title, "feedUrl", "siteUrl", "updatedAt", "lastFetchedAt", "lastSuccessAt", "errorCount", "lastError")
      VALUES ('tensorflow-blog', 'TensorFlow Blog', 'http://127.0.0.1:9/tf.xml', 'https://blog.tensorflow.org/', now(), now() - interval '5 minutes', now() - interval '5 minutes', 0, NULL),
             ('wired-ai', 'Wired AI', 'http://127.0.0.1:9/wired.xml', 'https://www.wired.com/', now(), now() - interval '7 minutes', now() - interval '7 minutes', 0, NULL),
             ('the-verge-ai', 'The Verge AI', 'http://127.0.0.1:9/verge.xml', 'https://www.theverge.com/', now(), now() - interval '3 minutes', now() - interval '3 minutes', 0, NULL),
             ('simon-willison', 'Simon Willison Blog', 'http://127.0.0.1:9/simon.xml', 'https://simonwillison.net/', now(), now() - interval '2 minutes', now() - interval '2 days', 3, 'HTTP 503 Service Unavailable'),
             ('quiet-lab', 'Quiet Lab', 'http://127.0.0.1:9/quiet.xml', NULL, now(), NULL, NULL, 0, NULL)`);
    const ins = `INSERT INTO articles ("sourceId", "entryKey", url, "canonicalUrl", title, excerpt, author, "imageUrl", "publishedAt", "readingMinutes", score, "commentCount", "duplicateOfId", "contentHash", "updatedAt")
      VALUES ($1, $2, $3, $3, $4, $5, $6, $7, now() - $8::interval, $9, $10, $11, $12, $2, now())`;
    const rows: unknown[][] = [
      [1, "tf-1", "https://blog.tensorflow.org/mlsysbook", E2E.referenceTitle,
        "Everyone wants to do the modeling work, but no one wants to do the engineering. If ML developers are like astronauts exploring new frontiers, ML systems engineers are the rocket scientists designing and building the engines that take them there.",
        "TensorFlow Blog (noreply@blogger.com)", svg("#2b6cb0"), "2 hours", 3, 12, 0, null],
      [2, "wired-1", "https://www.wired.com/story/deepmind-drugs", "AI-Designed Drugs by a DeepMind Spinoff Are Headed to Human Trials",
        "Google DeepMind's AlphaFold has already revolutionized scientists' understanding of proteins. Now, the spinoff's machine learning designed drugs head to trials.",
        "Wired staff", svg("#805ad5"), "3 days", 5, 4, 2, null],
      [3, "verge-1", "https://www.theverge.com/photo-contest", "Prestigious photo contest answers 'what is a photo?'",
        "We love to muse over how real photography is defined now that generative AI and machine learning systems make images.", null, null, "3 days", 4, 1, 0, null],
      [3, "verge-2", "https://www.theverge.com/musk-altman", "Musk vs. Altman is here, and it's going to get messy",
        "Elon Musk cofounded OpenAI, and then left when he was not made CEO.", null, null, "3 days 1 hour", 6, 0, 5, null],
      [4, "simon-1", "https://simonwillison.net/2026/people-automation", "The people do not yearn for automation",
        "A written and video essay about automation, engineering and what people actually want from machine learning systems.", "Simon Willison", null, "3 days 2 hours", 2, 2, 1, null],
      // The same Wired URL through The Verge: a duplicate, shown once crediting both.
      [3, "verge-dup", "https://www.wired.com/story/deepmind-drugs", "AI-Designed Drugs by a DeepMind Spinoff Are Headed to Human Trials",
        "Syndicated copy of the Wired story.", null, null, "3 days", 5, 0, 0, 2],
    ];
    for (const r of rows) await c.query(ins, r);
    // Fillers: two pages' worth, one per hour going back, across the first three sources.
    await c.query(`INSERT INTO articles ("sourceId", "entryKey", url, "canonicalUrl", title, excerpt, "publishedAt", "readingMinutes", score, "commentCount", "contentHash", "updatedAt")
      SELECT 1 + (g % 3), 'filler-' || g, 'https://example.org/filler/' || g, 'https://example.org/filler/' || g,
             'Filler story ' || g || ' about ' || (ARRAY['compilers','databases','robotics','vision'])[1 + g % 4],
             'A short filler excerpt number ' || g || ' so lists have two pages to walk.',
             now() - make_interval(hours => 4 + g), 1 + g % 5, g % 3, g % 4, 'filler-' || g, now()
        FROM generate_series(1, ${E2E.fillerCount}) g`);
    await c.query(`UPDATE articles SET tags = CASE id WHEN 1 THEN '{coding,ml}'::text[] WHEN 2 THEN '{biotech,ml}' WHEN 5 THEN '{coding}' END WHERE id IN (1, 2, 5)`);
    await c.query(`UPDATE articles SET tags = '{coding}' WHERE "entryKey" LIKE 'filler-%' AND id % 2 = 0`);
    // Related coverage as the related job would store it (both directions).
    await c.query(`INSERT INTO related_articles ("articleId", "relatedId", score)
      VALUES (1, 2, 0.61), (1, 3, 0.55), (1, 4, 0.32), (1, 5, 0.47), (2, 1, 0.61), (2, 3, 0.30), (5, 1, 0.47)`);
    await c.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL}`, [new Date()]);
  } finally {
    await c.end();
  }
}
