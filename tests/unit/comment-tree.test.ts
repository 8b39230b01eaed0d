import { describe, expect, it } from "vitest";
import { buildCommentTree, parseCommentSort } from "../../lib/comments/tree";

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

  it("orders by score, then conversation size, then oldest for 'best'", () => {
    expect(shape(buildCommentTree(rows, "best"))).toEqual([6, [1, [[3, [5]], 4]], 2, 7]);
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
