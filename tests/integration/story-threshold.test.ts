// Choosing STORY_MIN_SCORE (lib/stories/cluster.ts) by measurement: related coverage
// is computed on tests/fixtures/related (32 stories told by 2-3 outlets in their own
// words, 36 unrelated articles), then every scored pair of different sources within
// 48 h is judged against the fixture's truth at each candidate threshold. Precision:
// pairs at or above it that are one story. Recall: one-story pairs (of different
// sources, within 48 h, scored or not) found at or above it. The table is printed.
import { beforeAll, describe, expect, it } from "vitest";
import { db, pgPool } from "../../lib/db";
import { computeRelatedFor } from "../../lib/related/compute";
import { STORY_MIN_SCORE, STORY_WINDOW_MS } from "../../lib/stories/cluster";
import { insertRelatedFixture, type FixtureArticle } from "../fixtures/related/load";

const THRESHOLDS = [0.12, 0.15, 0.18, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4];
const rows = new Map<number, { precision: number; recall: number; truePairs: number; falsePairs: number }>();

beforeAll(async () => {
  const articles: FixtureArticle[] = await insertRelatedFixture(db, "thr");
  await computeRelatedFor(
    pgPool,
    articles.map((a) => a.id),
  );
  const at = new Map((await db.article.findMany({ select: { id: true, publishedAt: true } })).map((a) => [a.id, a.publishedAt.getTime()]));
  const byId = new Map(articles.map((a) => [a.id, a]));
  const eligible = (x: FixtureArticle, y: FixtureArticle) => x.sourceId !== y.sourceId && Math.abs(at.get(x.id)! - at.get(y.id)!) <= STORY_WINDOW_MS;
  let truth = 0;
  for (const [i, x] of articles.entries()) for (const y of articles.slice(i + 1)) if (x.story && x.story === y.story && eligible(x, y)) truth++;
  const pairScore = new Map<string, number>();
  for (const r of await db.relatedArticle.findMany()) {
    const [p, q] = r.articleId < r.relatedId ? [r.articleId, r.relatedId] : [r.relatedId, r.articleId];
    const key = `${p}:${q}`;
    pairScore.set(key, Math.max(pairScore.get(key) ?? 0, r.score));
  }
  console.log(`story threshold on tests/fixtures/related: ${truth} same-story pairs (different sources, within 48 h)`);
  console.log("  threshold  precision  recall   true  false");
  for (const t of THRESHOLDS) {
    let tp = 0;
    let fp = 0;
    for (const [key, score] of pairScore) {
      if (score < t) continue;
      const [p, q] = key.split(":").map(Number) as [number, number];
      const x = byId.get(p)!;
      const y = byId.get(q)!;
      if (!eligible(x, y)) continue;
      if (x.story && x.story === y.story) tp++;
      else fp++;
    }
    const row = { precision: tp + fp ? (100 * tp) / (tp + fp) : 100, recall: (100 * tp) / truth, truePairs: tp, falsePairs: fp };
    rows.set(t, row);
    console.log(
      `  ${t.toFixed(2).padStart(9)}  ${row.precision.toFixed(1).padStart(8)}%  ${row.recall.toFixed(1).padStart(5)}%  ${String(tp).padStart(5)}  ${String(fp).padStart(5)}${t === STORY_MIN_SCORE ? "   <- STORY_MIN_SCORE" : ""}`,
    );
  }
});

describe("the story threshold, measured", () => {
  it("measures the chosen threshold among the candidates", () => {
    expect(THRESHOLDS).toContain(STORY_MIN_SCORE);
  });

  it("joins no unrelated pair at the chosen threshold, and finds at least 90% of same-story pairs", () => {
    const r = rows.get(STORY_MIN_SCORE)!;
    expect(r.falsePairs).toBe(0);
    expect(r.recall).toBeGreaterThanOrEqual(90);
  });

  it("is the lowest candidate with no false pair (more recall would cost precision)", () => {
    const lower = THRESHOLDS.filter((t) => t < STORY_MIN_SCORE);
    expect(lower.some((t) => rows.get(t)!.falsePairs > 0)).toBe(true);
    expect(rows.get(lower.at(-1)!)!.falsePairs).toBeGreaterThan(0);
  });
});
