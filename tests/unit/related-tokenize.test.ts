import { describe, expect, it } from "vitest";
import { isStopword, stem, tokenize } from "../../lib/related/tokenize";

describe("stem", () => {
  it.each([
    ["unveils", "unveil"],
    ["unveiled", "unveil"],
    ["unveiling", "unveil"],
    ["acquires", "acquir"],
    ["acquired", "acquir"],
    ["acquiring", "acquir"],
    ["companies", "company"],
    ["studied", "study"],
    ["launches", "launch"],
    ["launched", "launch"],
    ["stopped", "stop"],
    ["called", "call"],
    ["released", "releas"],
    ["release", "releas"],
    ["chips", "chip"],
    ["business", "business"],
    ["virus", "virus"],
    ["analysis", "analysis"],
    ["gpt5", "gpt5"],
    ["ai", "ai"],
    ["bus", "bus"],
    ["staff", "staff"],
    ["stuffed", "stuff"],
  ])("%s -> %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe("isStopword", () => {
  it.each([
    ["the", true],
    ["says", true],
    ["announces", true],
    ["new", true],
    ["openai", false],
    ["chip", false],
    ["google", false],
  ])("%s -> %s", (word, expected) => {
    expect(isStopword(word)).toBe(expected);
  });
});

describe("tokenize", () => {
  it.each([
    ["drops stopwords and news boilerplate", "The company says it will announce a new phone", ["company", "phon"]],
    ["lowercases and strips possessives", "OpenAI's model", ["openai", "model"]],
    ["closes letter-digit hyphens so product names stay whole", "GPT-5 and COVID-19", ["gpt5", "covid19"]],
    ["folds diacritics", "Café Zürich", ["caf", "zurich"]],
    ["drops years and short bare numbers but keeps figures", "In 2026, 5 of 700,000 cars", ["700", "000", "car"]],
    ["keeps decimals whole", "a 1.8 billion fine", ["1.8", "billion", "fin"]],
    ["joins a capitalised name with its version number", "Meta's Llama 5 beats Switch 2", ["meta", "llama", "beat", "switch", "llama5", "switch2"]],
    ["does not join percentages", "Layoffs 35% of staff", ["layoff", "staff"]],
    ["treats curly apostrophes like straight ones", "Apple\u2019s fine", ["appl", "fin"]],
    ["returns nothing for punctuation only", "— … !!", []],
  ])("%s", (_label, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it("makes inflections of one headline meet", () => {
    const a = tokenize("Microsoft acquires Activision");
    const b = tokenize("Microsoft's acquisition of Activision: acquired at last");
    expect(a.filter((t) => b.includes(t))).toEqual(["microsoft", "acquir", "activision"]);
  });
});
