import { describe, expect, it } from "vitest";
import { bestHits, cosine, inverseDocumentFrequency, rankRelated, weightTerms, WINDOW_STOPWORD_MIN_DOCS, type RelatedDoc } from "../../lib/related/score";
import { countTerms, termVectors, TITLE_WEIGHT, vectorTerms } from "../../lib/related/terms";

const HOUR_MS = 3_600_000;

function doc(id: number, sourceId: number, title: string, excerpt = "", extra: Partial<RelatedDoc> = {}): RelatedDoc {
  return { id, sourceId, primaryId: id, primarySourceId: sourceId, publishedAtMs: 0, title, excerpt, ...extra };
}

describe("countTerms", () => {
  it.each([
    ["a title word counts TITLE_WEIGHT", "Nvidia earnings", "", { nvidia: TITLE_WEIGHT, earning: TITLE_WEIGHT }],
    ["an excerpt word counts 1", "", "Nvidia earnings", { nvidia: 1, earning: 1 }],
    ["title and excerpt add up", "Nvidia", "Nvidia beats", { nvidia: TITLE_WEIGHT + 1, beat: 1 }],
    ["stopwords count nothing", "The news says", "", {}],
  ])("%s", (_label, title, excerpt, expected) => {
    expect(Object.fromEntries(countTerms(title, excerpt))).toEqual(expected);
  });

  it("reads only the lede of a long excerpt", () => {
    const counts = countTerms("", `${"filler ".repeat(80)}zebra`);
    expect(counts.has("zebra")).toBe(false);
  });

  it("memoises per id, and recounts when the title or the lede changes", () => {
    const counted = (title: string, excerpt: string) => Object.fromEntries(countTerms(title, excerpt));
    const [first] = termVectors([{ id: 1, title: "Nvidia earnings", excerpt: "Shares rose." }]);
    expect(termVectors([{ id: 1, title: "Nvidia earnings", excerpt: "Shares rose." }])[0]).toBe(first);
    expect(Object.fromEntries(vectorTerms(first!))).toEqual(counted("Nvidia earnings", "Shares rose."));
    const [retitled] = termVectors([{ id: 1, title: "Intel layoffs", excerpt: "Shares rose." }]);
    expect(Object.fromEntries(vectorTerms(retitled!))).toEqual(counted("Intel layoffs", "Shares rose."));
    expect(retitled).not.toBe(first);
    const [relede] = termVectors([{ id: 1, title: "Intel layoffs", excerpt: "Chips fell." }]);
    expect(Object.fromEntries(vectorTerms(relede!))).toEqual(counted("Intel layoffs", "Chips fell."));
    // Past the lede, an edit changes nothing scoring reads, so the memo stands.
    const long = `${"filler ".repeat(80)}`;
    const [a] = termVectors([{ id: 2, title: "x", excerpt: `${long}zebra` }]);
    expect(termVectors([{ id: 2, title: "x", excerpt: `${long}quagga` }])[0]).toBe(a);
  });
});

describe("inverseDocumentFrequency", () => {
  it.each([
    // ln((N + 1) / (df + 1)) + 1 with N = 4
    ["a term in every document weighs 1", "common", 1],
    ["a term in one document weighs ln(5/2) + 1", "rare", Math.log(5 / 2) + 1],
    ["a term in two documents weighs ln(5/3) + 1", "pair", Math.log(5 / 3) + 1],
  ])("%s", (_label, term, expected) => {
    const docs = [
      new Map([["common", 1], ["rare", 1], ["pair", 1]]),
      new Map([["common", 1], ["pair", 1]]),
      new Map([["common", 1]]),
      new Map([["common", 3]]),
    ];
    expect(inverseDocumentFrequency(docs).get(term)).toBeCloseTo(expected, 10);
  });
});

describe("weightTerms and cosine", () => {
  const idf = new Map([["a", 1], ["b", 2], ["c", 3]]);
  it.each([
    ["identical documents score 1", { a: 1, b: 1 }, { a: 1, b: 1 }, 1],
    ["disjoint documents score 0", { a: 1 }, { b: 1 }, 0],
    // vectors (1,2,0) and (0,2,3): 4 / (sqrt 5 * sqrt 13)
    ["a shared rare term counts by its idf", { a: 1, b: 1 }, { b: 1, c: 1 }, 4 / Math.sqrt(5 * 13)],
    // tf 3 -> 1 + ln 3, not 3
    ["repeats are dampened", { a: 3, b: 1 }, { a: 1 }, (1 + Math.log(3)) / Math.sqrt((1 + Math.log(3)) ** 2 + 4)],
  ])("%s", (_label, x, y, expected) => {
    const vx = weightTerms(new Map(Object.entries(x)), idf);
    const vy = weightTerms(new Map(Object.entries(y)), idf);
    expect(cosine(vx, vy)).toBeCloseTo(expected, 10);
    expect(cosine(vy, vx)).toBeCloseTo(expected, 10);
  });
});

describe("rankRelated", () => {
  const opts = { windowMs: 72 * HOUR_MS, minScore: 0.12 };
  const target = doc(1, 10, "Nvidia forecasts record Blackwell revenue", "Data center demand for Blackwell chips");
  const pool = [
    target,
    doc(2, 20, "Nvidia posts record quarter as Blackwell sales soar", "Blackwell GPUs for data centers"),
    doc(3, 10, "Nvidia Blackwell revenue record, again", "Same source as the target"),
    doc(4, 30, "Heatwave sends electricity prices to record highs", "Grid operators warned"),
    doc(5, 40, "Nvidia Blackwell record revenue forecast", "Blackwell data center demand", { publishedAtMs: 100 * HOUR_MS }),
    doc(6, 50, "Nvidia posts record Blackwell quarter", "Blackwell data center chips", { primaryId: 2, primarySourceId: 20 }),
    doc(7, 60, "Nvidia Blackwell forecast beats estimates", "Blackwell demand", { primaryId: 1, primarySourceId: 10 }),
    doc(8, 70, "Nvidia's Blackwell forecast tops estimates", "Data center Blackwell", { primaryId: 9, primarySourceId: 10 }),
    doc(9, 10, "Placeholder primary from the target's source", "unrelated words entirely"),
  ];
  const hits = rankRelated([target], pool, opts).get(1)!;
  const ids = hits.map((h) => h.relatedId);

  it.each([
    ["lists coverage from another source", 2, true],
    ["never lists the target's own source", 3, false],
    ["drops candidates below the minimum score", 4, false],
    ["drops candidates outside the window", 5, false],
    ["never lists the target's own duplicates", 7, false],
    ["never lists a duplicate whose primary is from the target's source", 9, false],
  ])("%s (article %i)", (_label, id, listed) => {
    expect(ids.includes(id)).toBe(listed);
  });

  it("collapses a duplicate into its primary, once, with the better of their scores", () => {
    expect(ids.filter((id) => id === 2)).toHaveLength(1);
    expect(ids.includes(6)).toBe(false);
  });

  it("orders hits best first with scores in (minScore, 1]", () => {
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.12);
    for (const s of scores) expect(s).toBeLessThanOrEqual(1);
  });

  it("scores exactly the cosine of the TF-IDF vectors (weightTerms + cosine are its reference)", () => {
    const counts = pool.map((d) => countTerms(d.title, d.excerpt));
    const idf = inverseDocumentFrequency(counts);
    const vectors = counts.map((c) => weightTerms(c, idf));
    const cos = (id: number) => cosine(vectors[0]!, vectors[pool.findIndex((d) => d.id === id)]!);
    // Article 2 is listed with the better of its own score and its duplicate 6's.
    expect(cos(6)).toBeGreaterThan(cos(2));
    expect(hits.find((h) => h.relatedId === 2)!.score).toBeCloseTo(cos(6), 6);
    const pair = [target, pool[1]!, pool[3]!];
    const pc = pair.map((d) => countTerms(d.title, d.excerpt));
    const pv = pc.map((c) => weightTerms(c, inverseDocumentFrequency(pc)));
    const got = rankRelated([target], pair, { ...opts, minScore: 0 }).get(1)!;
    expect(got.map((h) => h.relatedId)).toEqual([2, 4]);
    expect(got[0]!.score).toBeCloseTo(cosine(pv[0]!, pv[1]!), 6);
    expect(got[1]!.score).toBeCloseTo(cosine(pv[0]!, pv[2]!), 6);
  });

  it("refuses a target missing from the pool (its IDF would be wrong)", () => {
    expect(() => rankRelated([doc(99, 1, "x")], pool, opts)).toThrow(/not in the pool/);
  });
});

describe("bestHits", () => {
  it("keeps the best `limit` hits, best first and ties by id, as a full sort would", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [n, limit] of [[0, 3], [5, 10], [10, 10], [200, 1], [200, 32], [5000, 32]] as const) {
      const scores = new Map<number, number>();
      // Scores from a small set, so ties are common.
      for (let i = 0; i < n; i++) scores.set(Math.floor(rand() * 1e6) + 1, Math.round(rand() * 20) / 20);
      const oracle = [...scores].map(([relatedId, score]) => ({ relatedId, score })).sort((a, b) => b.score - a.score || a.relatedId - b.relatedId);
      expect(bestHits(scores, limit)).toEqual(oracle.slice(0, limit));
    }
    expect(bestHits(new Map([[1, 0.5]]), 0)).toEqual([]);
  });

  it("limits rankRelated's hits per target", () => {
    const pool = [doc(1, 1, "Nvidia earnings beat"), ...Array.from({ length: 40 }, (_, i) => doc(i + 2, i + 2, "Nvidia earnings beat forecasts"))];
    const all = rankRelated([pool[0]!], pool, { windowMs: HOUR_MS, minScore: 0.12 }).get(1)!;
    const top = rankRelated([pool[0]!], pool, { windowMs: HOUR_MS, minScore: 0.12, limit: 5 }).get(1)!;
    expect(all).toHaveLength(40);
    expect(top).toEqual(all.slice(0, 5));
  });
});

describe("window stopwords", () => {
  // A big window where every article carries the same blurb, two of them tell one story.
  const BLURB = "Listen on the Acme podcast network every weekday morning";
  const n = WINDOW_STOPWORD_MIN_DOCS + 200;
  const unique = (i: number) => `Episode ${i.toString(36)}q${(i * 7919).toString(36)}z`;
  const pool = Array.from({ length: n }, (_, i) => doc(i + 1, i + 1, unique(i), BLURB));
  pool[0] = doc(1, 1, "Volcano erupts in Iceland, flights grounded", BLURB);
  pool[1] = doc(2, 2, "Iceland volcano eruption grounds flights", BLURB);
  const opts = { windowMs: HOUR_MS, minScore: 0.12 };

  it("leaves a blurb shared by most of a big window out, so it relates nothing", () => {
    const hits = rankRelated([pool[0]!, pool[2]!], pool, opts);
    expect(hits.get(1)!.map((h) => h.relatedId)).toEqual([2]);
    // Not even a weak score: the episodes share nothing but the blurb and "episode".
    expect(rankRelated([pool[2]!], pool, { ...opts, minScore: 0 }).get(3)).toEqual([]);
  });

  it("scores the cosine of the TF-IDF vectors without the window's stopwords", () => {
    const counts = pool.map((d) => countTerms(d.title, d.excerpt));
    const idf = inverseDocumentFrequency(counts);
    const df = new Map<string, number>();
    for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const withoutStopwords = (c: Map<string, number>) => new Map([...c].filter(([t]) => df.get(t)! <= n / 2));
    const [a, b] = [0, 1].map((i) => weightTerms(withoutStopwords(counts[i]!), idf));
    const got = rankRelated([pool[0]!], pool, { ...opts, minScore: 0 }).get(1)!;
    expect(got[0]!.relatedId).toBe(2);
    expect(got[0]!.score).toBeCloseTo(cosine(a!, b!), 6);
  });

  it("keeps every term in a window too small to tell boilerplate from a story everyone covers", () => {
    const small = pool.slice(0, WINDOW_STOPWORD_MIN_DOCS - 1);
    // The shared words count here (weakly: below minScore, but scored).
    const hits = rankRelated([small[2]!], small, { ...opts, minScore: 0 }).get(3)!;
    expect(hits.length).toBe(small.length - 1);
    expect(rankRelated([small[2]!], small, opts).get(3)).toEqual([]);
  });
});
