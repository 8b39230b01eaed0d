import { describe, expect, it } from "vitest";
import { frontKeys, nextDown, placeFrontEntries } from "../../lib/articles/front-placement";

// Entries written as a string of source letters in hot order; each gets a label like
// "A1" (the first A), so a placed order reads back as a string of labels.
function entries(order: string): { label: string; sourceId: number }[] {
  const seen = new Map<string, number>();
  return [...order].map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return { label: `${c}${n}`, sourceId: c.charCodeAt(0) };
  });
}

function place(order: string, cap: number, window: number, complete = true, lookahead?: number): string {
  return placeFrontEntries(entries(order), { cap, window, complete, lookahead })
    .map((e) => e.label)
    .join(" ");
}

// A deterministic pseudo-random sequence (tests must not depend on Math.random's luck).
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A list where source 0 ("the flood") has `floodShare` of the entries and the rest spread over `others` sources. */
function floodedList(n: number, floodShare: number, others: number, seed: number): { id: number; sourceId: number }[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({ id: n - i, sourceId: rand() < floodShare ? 0 : 1 + Math.floor(rand() * others) }));
}

/** The first slot of the tail where fewer than ceil(window / cap) sources still had entries to place. */
function tailStart(placed: { sourceId: number }[], cap: number, window: number): number {
  const need = Math.ceil(window / cap);
  for (let i = 0; i < placed.length; i++) {
    if (new Set(placed.slice(i).map((e) => e.sourceId)).size < need) return i;
  }
  return placed.length;
}

/** The largest count of one source in any `window` consecutive entries of placed[0, end). */
function worstWindow(placed: { sourceId: number }[], window: number, end = placed.length): number {
  let worst = 0;
  for (let i = 0; i < end; i++) {
    const counts = new Map<number, number>();
    for (let j = i; j < Math.min(i + window, end); j++) counts.set(placed[j]!.sourceId, (counts.get(placed[j]!.sourceId) ?? 0) + 1);
    worst = Math.max(worst, ...counts.values());
  }
  return worst;
}

describe("placeFrontEntries", () => {
  it.each([
    // [hot order, cap, window, placed order, why]
    ["ABCABC", 1, 3, "A1 B1 C1 A2 B2 C2", "nothing to push: hot order unchanged"],
    ["AAB", 3, 30, "A1 A2 B1", "under the cap: hot order unchanged"],
    ["AAAB", 1, 2, "A1 B1 A2 A3", "A2 waits for B1; past the last other source the overflow follows in order"],
    ["AAABCD", 1, 3, "A1 B1 C1 A2 D1 A3", "A's second entry takes the first slot where A fits again"],
    ["AAAABCDE", 2, 4, "A1 A2 B1 C1 A3 A4 D1 E1", "two of any four: A3 waits two slots"],
    ["ABAB", 1, 3, "A1 B1 A2 B2", "fewer sources than the window needs: the best remaining goes anyway"],
    ["AAABBBCCC", 1, 3, "A1 B1 C1 A2 B2 C2 A3 B3 C3", "three sources share three slots evenly"],
    ["AABCDEFG", 1, 4, "A1 B1 C1 D1 A2 E1 F1 G1", "pushed down exactly one window"],
    ["", 3, 30, "", "an empty list"],
  ])("%s with %i of %i → %s (%s)", (order, cap, window, expected) => {
    expect(place(order, cap, window)).toBe(expected);
  });

  it("keeps each source's entries in their own hot order and drops none", () => {
    const list = floodedList(500, 0.5, 12, 7);
    const placed = placeFrontEntries(list, { cap: 3, window: 30, complete: true });
    expect(placed.map((e) => e.id).sort((a, b) => a - b)).toEqual(list.map((e) => e.id).sort((a, b) => a - b));
    for (const s of new Set(list.map((e) => e.sourceId))) {
      expect(placed.filter((e) => e.sourceId === s).map((e) => e.id)).toEqual(list.filter((e) => e.sourceId === s).map((e) => e.id));
    }
  });

  it.each([
    [0.5, 12, 3, 30, 1],
    [0.3, 40, 3, 30, 2],
    [0.9, 10, 3, 30, 3],
    [0.2, 25, 1, 10, 4],
  ])("holds the cap over every window before the tail (flood share %f, %i other sources, %i of %i)", (share, others, cap, window, seed) => {
    const list = floodedList(2000, share, others, seed);
    const placed = placeFrontEntries(list, { cap, window, complete: true });
    const end = tailStart(placed, cap, window);
    expect(end).toBeGreaterThan(window); // the property is about a real stretch of list
    expect(worstWindow(placed, window, end)).toBeLessThanOrEqual(cap);
    // Without the cap the same list breaks it: the test can fail.
    expect(worstWindow(list, window)).toBeGreaterThan(cap);
  });

  it("with complete: false returns only a prefix of the full placement, and more input only extends it", () => {
    const list = floodedList(600, 0.6, 11, 11);
    const full = placeFrontEntries(list, { cap: 3, window: 30, complete: true }).map((e) => e.id);
    let previous = 0;
    for (const n of [0, 31, 100, 250, 400, 599]) {
      const part = placeFrontEntries(list.slice(0, n), { cap: 3, window: 30, complete: false }).map((e) => e.id);
      expect(part).toEqual(full.slice(0, part.length));
      expect(part.length).toBeGreaterThanOrEqual(previous);
      previous = part.length;
    }
    expect(previous).toBeGreaterThan(0);
  });

  it("stops looking for a fitting entry beyond the lookahead, the same with a partial or whole input", () => {
    // A, then 5 more A, then B: with lookahead 3 the second A does not wait for B.
    expect(place("AAAAAAB", 1, 30, true, 3)).toBe("A1 A2 A3 A4 B1 A5 A6");
    expect(place("AAAAAAB", 1, 30, true)).toBe("A1 B1 A2 A3 A4 A5 A6");
    // Given only the A's, the first four slots are decided (each next fit would lie 3 or more below),
    // the fifth is not (B could still come within 3): the same as the whole input's first four.
    expect(place("AAAAAA", 1, 30, false, 3)).toBe("A1 A2 A3 A4");
  });
});

describe("frontKeys", () => {
  it("stores nothing for entries already in order, and keys that read the placed order back", () => {
    const list = floodedList(400, 0.5, 12, 3).map((e, i) => ({ ...e, hotRank: 1 / (i + 10) }));
    const placed = placeFrontEntries(list, { cap: 3, window: 30, complete: true });
    const keys = frontKeys(placed);
    const sorted = placed
      .map((e, i) => ({ id: e.id, key: keys[i] ?? e.hotRank }))
      .sort((a, b) => b.key - a.key || b.id - a.id)
      .map((e) => e.id);
    expect(sorted).toEqual(placed.map((e) => e.id));
    expect(keys.filter((k) => k !== null).length).toBeGreaterThan(0);
    // Every entry that kept its hot order relative to its predecessor stores nothing.
    placed.forEach((e, i) => {
      if (i > 0 && e.hotRank < (keys[i - 1] ?? placed[i - 1]!.hotRank)) expect(keys[i]).toBeNull();
    });
    // Unmoved: the first entry, and every entry of a list that needed no pushing.
    expect(keys[0]).toBeNull();
    expect(frontKeys([{ id: 3, hotRank: 0.5 }, { id: 2, hotRank: 0.5 }, { id: 1, hotRank: 0.1 }])).toEqual([null, null, null]);
  });

  it.each([
    [[{ id: 1, hotRank: 0.2 }, { id: 2, hotRank: 0.9 }], [null, nextDown(0.2)]],
    [[{ id: 1, hotRank: 0 }, { id: 2, hotRank: 0 }], [null, -Number.MIN_VALUE]],
    [[{ id: 5, hotRank: 0.3 }, { id: 7, hotRank: 0.3 }], [null, nextDown(0.3)]],
  ])("%j → %j", (placed, expected) => {
    expect(frontKeys(placed)).toEqual(expected);
  });

  it("nextDown is the largest double below", () => {
    for (const x of [1, 0.287, 3e-5, -2, 5e-324]) {
      expect(nextDown(x)).toBeLessThan(x);
      expect((nextDown(x) + x) / 2 === x || (nextDown(x) + x) / 2 === nextDown(x)).toBe(true);
    }
  });
});

describe("placeFrontEntries with endAtExcess (the front page)", () => {
  it.each([
    // [hot order, cap, window, placed order, why]
    ["AAAAB", 1, 2, "A1 B1 A2", "two sources can keep 1 of 2: the list ends where only A's excess is left"],
    ["AAAB", 1, 3, "A1 B1 A2 A3", "fewer sources than ceil(3 / 1): a small site, everything placed as before"],
    ["ABCABC", 1, 3, "A1 B1 C1 A2 B2 C2", "nothing in excess: unchanged"],
  ])("%s, cap %i of %i -> %s (%s)", (order, cap, window, expected) => {
    const placed = placeFrontEntries(entries(order), { cap, window, complete: true, endAtExcess: true });
    expect(placed.map((e) => e.label).join(" ")).toBe(expected);
  });

  it("keeps the flood under the cap over every window of the whole list when it is 40% of it, leaving off only its excess, in its own order", () => {
    const list = floodedList(2000, 0.4, 14, 7);
    const placed = placeFrontEntries(list, { cap: 3, window: 30, complete: true, endAtExcess: true });
    const floodOnly = (xs: { sourceId: number }[]) => xs.map((e) => ({ sourceId: e.sourceId === 0 ? 0 : -1 - xs.indexOf(e) }));
    expect(worstWindow(floodOnly(placed), 30)).toBeLessThanOrEqual(3);
    // Every source keeps the cap until fewer than 10 of them have entries left.
    expect(worstWindow(placed, 30, tailStart(placed, 3, 30))).toBeLessThanOrEqual(3);
    // Only the flood is left off, and nothing of the others.
    const left = list.filter((e) => !placed.includes(e));
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((e) => e.sourceId === 0)).toBe(true);
    const floodPlaced = placed.filter((e) => e.sourceId === 0);
    expect(floodPlaced).toEqual(list.filter((e) => e.sourceId === 0).slice(0, floodPlaced.length));
    // Without endAtExcess the same list breaks the cap in its tail (the option matters).
    const all = placeFrontEntries(list, { cap: 3, window: 30, complete: true });
    expect(worstWindow(all, 30)).toBeGreaterThan(3);
    expect(worstWindow(all, 30, tailStart(all, 3, 30))).toBeLessThanOrEqual(3);
  });
});
