import { describe, expect, it } from "vitest";
import { electLead, isStoryPair, planStories, STORY_MIN_SCORE, type ClusterDoc, type ClusterEdge, type StorySpan } from "../../lib/stories/cluster";

const H = 3_600_000;
const doc = (id: number, sourceId: number, hour: number, storyId: number | null = null): ClusterDoc => ({ id, sourceId, publishedAtMs: hour * H, storyId });
const docsOf = (...ds: ClusterDoc[]) => new Map(ds.map((d) => [d.id, d]));
const edge = (a: number, b: number, score = 0.5): ClusterEdge => ({ a, b, score });

describe("isStoryPair", () => {
  it.each([
    // [x, y, score, expected]
    [doc(1, 1, 0), doc(2, 2, 1), 0.5, true],
    [doc(1, 1, 0), doc(2, 2, 48), 0.5, true], // exactly 48 h apart
    [doc(1, 1, 0), doc(2, 2, 49), 0.5, false], // beyond 48 h
    [doc(1, 1, 0), doc(2, 1, 1), 0.9, false], // same source never
    [doc(1, 1, 0), doc(2, 2, 1), STORY_MIN_SCORE, true], // the threshold itself counts
    [doc(1, 1, 0), doc(2, 2, 1), STORY_MIN_SCORE - 0.001, false],
    [doc(1, 1, 0), doc(1, 2, 1), 0.9, false], // an article with itself
  ])("%j + %j @ %d → %s", (x, y, score, expected) => {
    expect(isStoryPair(x, y, score)).toBe(expected);
  });
});

describe("planStories", () => {
  it("groups a new article with its unstoried neighbours into one new story", () => {
    const docs = docsOf(doc(1, 1, 0), doc(2, 2, 1), doc(3, 3, 2));
    const plan = planStories([1, 2, 3], docs, [edge(1, 2), edge(2, 3), edge(1, 3)], new Map());
    expect(plan).toEqual({ joins: [], created: [[1, 2, 3]] });
  });

  it("leaves an article with no qualifying neighbour alone", () => {
    const docs = docsOf(doc(1, 1, 0), doc(2, 2, 1), doc(3, 1, 1), doc(4, 3, 80));
    // weak pair, same-source pair, too far apart in time
    const plan = planStories([1, 2, 3, 4], docs, [edge(1, 2, 0.1), edge(1, 3, 0.9), edge(1, 4, 0.9)], new Map());
    expect(plan).toEqual({ joins: [], created: [] });
  });

  it("joins a new article to a stored story and never moves a stored member", () => {
    const docs = docsOf(doc(1, 1, 0, 7), doc(2, 2, 1, 7), doc(3, 3, 5), doc(4, 4, 6, 9));
    const spans = new Map<number, StorySpan>([[7, { firstMs: 0, lastMs: H }], [9, { firstMs: 6 * H, lastMs: 6 * H }]]);
    // 3 relates to story 7 (0.4) and story 9 (0.6): it joins its best neighbour's story.
    const plan = planStories([3, 1], docs, [edge(3, 1, 0.4), edge(3, 4, 0.6)], spans);
    expect(plan).toEqual({ joins: [{ articleId: 3, storyId: 9 }], created: [] });
  });

  it("keeps every member within 48 h of every other: no creeping chain", () => {
    // 1 (h0) – 2 (h40) – 3 (h80): 3 is within 48 h of 2 but not of 1.
    const docs = docsOf(doc(1, 1, 0), doc(2, 2, 40), doc(3, 3, 80));
    const plan = planStories([1, 2, 3], docs, [edge(1, 2), edge(2, 3)], new Map());
    expect(plan.created).toEqual([[1, 2]]);
    expect(plan.joins).toEqual([]);
  });

  it("does not join a stored story whose span the article would stretch past 48 h", () => {
    const docs = docsOf(doc(1, 1, 0, 7), doc(2, 2, 30, 7), doc(3, 3, 60));
    const spans = new Map<number, StorySpan>([[7, { firstMs: 0, lastMs: 30 * H }]]);
    expect(planStories([3], docs, [edge(3, 2)], spans)).toEqual({ joins: [], created: [] });
  });

  it("processes targets in publication order, so arrival order in the batch does not matter", () => {
    const docs = docsOf(doc(1, 1, 0), doc(2, 2, 1), doc(3, 3, 2), doc(4, 4, 3));
    const edges = [edge(1, 2), edge(3, 4), edge(2, 3, 0.3)];
    const a = planStories([4, 3, 2, 1], docs, edges, new Map());
    const b = planStories([1, 2, 3, 4], docs, edges, new Map());
    expect(a).toEqual(b);
    // 1 takes 2 (its only neighbour); 3 then joins 2's story through its weaker edge, and 4 follows 3.
    expect(a.created).toEqual([[1, 2, 3, 4]]);
  });

  it("is stable: planning the same batch again after storing it changes nothing", () => {
    const docs = docsOf(doc(1, 1, 0, 5), doc(2, 2, 1, 5));
    const plan = planStories([1, 2], docs, [edge(1, 2)], new Map([[5, { firstMs: 0, lastMs: H }]]));
    expect(plan).toEqual({ joins: [], created: [] });
  });

  it("ignores edges to articles it was not given (removed or duplicate rows are not loaded)", () => {
    const docs = docsOf(doc(1, 1, 0));
    expect(planStories([1], docs, [edge(1, 99)], new Map())).toEqual({ joins: [], created: [] });
  });
});

describe("electLead", () => {
  const m = (id: number, score: number, hour: number) => ({ id, score, publishedAtMs: hour * H });

  it.each([
    // members, current lead, expected lead
    [[m(1, 0, 0), m(2, 0, 1)], null, 1], // tie on votes: the earliest
    [[m(1, 0, 1), m(2, 0, 1)], null, 1], // tie on both: the lower id
    [[m(1, 0, 0), m(2, 5, 1)], null, 2], // no lead yet: the most voted
    [[m(1, 0, 0), m(2, 2, 1)], 1, 1], // +2 is not a clear margin
    [[m(1, 0, 0), m(2, 3, 1)], 1, 2], // +3 is
    [[m(1, 4, 0), m(2, 6, 1)], 1, 1],
    [[m(1, 4, 0), m(2, 7, 1)], 1, 2],
    [[m(2, 1, 1), m(3, 0, 0)], 1, 2], // the old lead left the story: the best remaining
  ])("%j led by %s → %i", (members, current, expected) => {
    expect(electLead(members, current)).toBe(expected);
  });

  it("refuses an empty story", () => {
    expect(() => electLead([], null)).toThrow(RangeError);
  });
});
