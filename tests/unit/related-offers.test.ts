import { describe, expect, it } from "vitest";
import { pickOffers, type ListFloor, type Offer } from "../../lib/related/offers";

const o = (articleId: number, relatedId: number, score: number): Offer => ({ articleId, relatedId, score });

describe("pickOffers", () => {
  it.each<[string, Offer[], [number, ListFloor][], number, Offer[]]>([
    ["keeps every offer to a list that does not exist yet", [o(1, 10, 0.2), o(1, 11, 0.3)], [], 8, [o(1, 10, 0.2), o(1, 11, 0.3)]],
    ["keeps offers to a list with room", [o(1, 10, 0.2)], [[1, { count: 2, floor: 0.9 }]], 3, [o(1, 10, 0.2)]],
    ["drops an offer weaker than a full list's weakest entry", [o(1, 10, 0.2)], [[1, { count: 3, floor: 0.5 }]], 3, []],
    ["keeps an offer stronger than a full list's weakest entry", [o(1, 10, 0.6)], [[1, { count: 3, floor: 0.5 }]], 3, [o(1, 10, 0.6)]],
    ["keeps a tie with the weakest entry (the trim breaks ties by id)", [o(1, 10, 0.5)], [[1, { count: 3, floor: 0.5 }]], 3, [o(1, 10, 0.5)]],
    [
      "keeps only a list's best maxPerArticle offers, in input order",
      [o(1, 10, 0.3), o(1, 11, 0.9), o(1, 12, 0.5), o(2, 13, 0.1)],
      [],
      2,
      [o(1, 11, 0.9), o(1, 12, 0.5), o(2, 13, 0.1)],
    ],
    ["returns nothing for no offers", [], [[1, { count: 3, floor: 0.5 }]], 3, []],
  ])("%s", (_label, offers, floors, max, expected) => {
    expect(pickOffers(offers, new Map(floors), max)).toEqual(expected);
  });
});
