import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";

const baseUrl = inject("baseUrl");
let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("home page in a real browser", () => {
  it("renders the $ readahead_ header and the seeded articles", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    // Link prefetches (?_rsc=) of routes are checked by the pages' own tests.
    page.on("response", (r) => r.status() >= 400 && !r.url().includes("_rsc=") && failed.push(`${r.status()} ${r.url()}`));
    const res = await page.goto(baseUrl + "/");
    expect(res?.status()).toBe(200);
    const brand = await page.locator("header a").first().innerText();
    expect(brand.replace(/\s+/g, "")).toBe("$readahead_");
    await expect.poll(() => page.locator("[data-article-id]").count()).toBeGreaterThanOrEqual(2);
    // The seeded reference article is listed (other e2e files share the database and may add newer ones).
    expect((await page.locator("[data-article-link]").allInnerTexts()).some((t) => t.includes("MLSysBook.AI"))).toBe(true);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
