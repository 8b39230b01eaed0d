/**
 * The data browser tests read: a few sources and articles written straight into
 * the e2e database with SQL (the ingestion pipeline has its own tests).
 */
import pg from "pg";

export async function seedE2eData(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`INSERT INTO sources (slug, title, "feedUrl", "siteUrl", "updatedAt", "lastSuccessAt")
      VALUES ('tensorflow-blog', 'TensorFlow Blog', 'http://127.0.0.1:9/tf.xml', 'https://blog.tensorflow.org/', now(), now()),
             ('wired-ai', 'Wired AI', 'http://127.0.0.1:9/wired.xml', 'https://www.wired.com/', now(), now())`);
    await c.query(`INSERT INTO articles ("sourceId", "entryKey", url, "canonicalUrl", title, excerpt, "publishedAt", "contentHash", "updatedAt")
      VALUES (1, 'tf-1', 'https://blog.tensorflow.org/mlsysbook', 'https://blog.tensorflow.org/mlsysbook',
              'MLSysBook.AI: Principles and Practices of Machine Learning Systems Engineering',
              'Everyone wants to do the modeling work, but no one wants to do the engineering.', now() - interval '2 hours', 'h1', now()),
             (2, 'wired-1', 'https://www.wired.com/story/deepmind-drugs', 'https://www.wired.com/story/deepmind-drugs',
              'AI-Designed Drugs by a DeepMind Spinoff Are Headed to Human Trials',
              'Google DeepMind''s AlphaFold has already revolutionized scientists'' understanding of proteins.', now() - interval '3 days', 'h2', now())`);
  } finally {
    await c.end();
  }
}
