import { describe, expect, it } from "vitest";
import { HIGHLIGHT_START as S, HIGHLIGHT_STOP as E, splitHighlights } from "../../lib/search/highlight";

describe("splitHighlights", () => {
  it.each([
    ["plain", "no match here", [{ text: "no match here", isMatch: false }]],
    ["one match", `deep ${S}learning${E} systems`, [
      { text: "deep ", isMatch: false }, { text: "learning", isMatch: true }, { text: " systems", isMatch: false }]],
    ["match at both ends", `${S}ml${E} and ${S}ai${E}`, [
      { text: "ml", isMatch: true }, { text: " and ", isMatch: false }, { text: "ai", isMatch: true }]],
    ["html stays text", `<b>${S}x${E}</b>`, [
      { text: "<b>", isMatch: false }, { text: "x", isMatch: true }, { text: "</b>", isMatch: false }]],
    ["unbalanced start", `a ${S}b`, [{ text: "a ", isMatch: false }, { text: "b", isMatch: true }]],
    ["empty", "", []],
  ])("%s", (_name, input, expected) => {
    expect(splitHighlights(input)).toEqual(expected);
  });
});
