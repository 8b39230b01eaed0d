import { describe, expect, it } from "vitest";
import { MAX_REPLY_DEPTH, buildCommentTree, canReplyAt, formatCommentCursor, parseCommentCursor, parseCommentSort } from "../../lib/comments/tree";

const at = (min: number) => new Date(Date.UTC(2026, 10, 29, 12, min));
const rows = [
  { id: 1, parentId: null, createdAt: at(0), score: 0 },
  { id: 2, parentId: null, createdAt: at(5), score: 0 },
  { id: 3, parentId: 1, createdAt: at(6), score: 0 },
  { id: 4, parentId: 1, createdAt: at(7), score: 0 },
  { id: 5, parentId: 3, createdAt: at(8), score: 0 },
  { id: 6, parentId: null, createdAt: at(9), score: 2 },
  { id: 7, parentId: 99, createdAt: at(10), score: 0 }, // parent missing: shown as a root
];

const shape = (nodes: ReturnType<typeof buildCommentTree<(typeof rows)[number]>>): unknown =>
  nodes.map((n) => (n.replies.length ? [n.id, shape(n.replies)] : n.id));

describe("buildCommentTree", () => {
  it("orders every level newest first for 'new'", () => {
    expect(shape(buildCommentTree(rows, "new"))).toEqual([7, 6, 2, [1, [4, [3, [5]]]]]);
  });

  it("orders every level by the comment rank for 'best' (votes first, then the newer), replies within their parent", () => {
    const voted = rows.map((r) => (r.id === 3 ? { ...r, score: 1 } : r));
    // 6 has two votes; among unvoted roots the newest first; under 1, the voted reply 3 before the newer 4.
    expect(shape(buildCommentTree(voted, "best"))).toEqual([6, 7, 2, [1, [[3, [5]], 4]]]);
  });

  it("sorts 'best' by a stored bestRank when the rows carry one", () => {
    const stored = rows.map((r) => ({ ...r, bestRank: r.id === 2 ? 1e6 : r.id }));
    expect(buildCommentTree(stored, "best")[0]!.id).toBe(2);
  });

  it("counts descendants and survives a very deep thread", () => {
    const deep = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, parentId: i === 0 ? null : i, createdAt: at(0), score: 0 }));
    const tree = buildCommentTree(deep, "best");
    expect(tree).toHaveLength(1);
    expect(tree[0]!.descendants).toBe(19_999);
  });

  it("reads the sort parameter defensively", () => {
    expect(parseCommentSort("best")).toBe("best");
    expect(parseCommentSort("BEST")).toBe("new");
    expect(parseCommentSort(null)).toBe("new");
  });
});

describe("the reply depth rule", () => {
  it("allows replies down to depth 8 and no deeper", () => {
    expect(MAX_REPLY_DEPTH).toBe(8);
    // [depth of the comment replied to, may reply]
    const cases: [number, boolean][] = [[0, true], [1, true], [7, true], [8, false], [9, false], [50, false]];
    expect(cases.map(([depth]) => [depth, canReplyAt(depth)])).toEqual(cases);
  });
});

describe("parseCommentCursor", () => {
  it.each([
    ["123", { id: 123, rank: null }],
    ["2147483647", { id: 2_147_483_647, rank: null }],
    ["42_20427.584375", { id: 42, rank: 20427.584375 }],
    ["42_20427", { id: 42, rank: 20427 }],
    ["2147483648", null],
    ["99999999999", null],
    ["0", null],
    ["-5", null],
    ["012", null],
    ["1e3", null],
    ["12abc", null],
    ["12_", null],
    ["12_-3", null],
    ["12_1e5", null],
    ["12_1.2.3", null],
    ["12_NaN", null],
    ["", null],
    [null, null],
    [["1"], null],
  ])("%j is %j", (raw, expected) => {
    expect(parseCommentCursor(raw)).toEqual(expected);
  });

  it("reads back what formatCommentCursor writes, to the last bit of the rank", () => {
    for (const rank of [20427.584375, 20427.58437500001, 20433.123456789012, 0.5]) {
      expect(parseCommentCursor(formatCommentCursor({ id: 7, rank }))).toEqual({ id: 7, rank });
    }
    expect(parseCommentCursor(formatCommentCursor({ id: 7, rank: null }))).toEqual({ id: 7, rank: null });
  });
});
