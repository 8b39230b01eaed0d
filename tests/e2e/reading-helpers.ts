/** Shared checks for the reading browser tests: console errors, axe, layout width. */
import path from "node:path";
import type { Page } from "playwright-core";

const AXE_PATH = path.resolve(import.meta.dirname, "..", "..", "node_modules", "axe-core", "axe.min.js");

/** Collects console errors, page errors and failed responses (link prefetches excepted) for a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  // "Failed to load resource" repeats a failed response, which the response handler below
  // judges (it ignores link prefetches of routes other issues add, such as /login).
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("response", (r) => {
    // Expected 404s are asserted by the tests that request them; prefetches of routes are checked elsewhere.
    if (r.status() >= 400 && !r.url().includes("_rsc=") && !r.url().includes("/does-not-exist") && !r.url().includes("/a/99999")) {
      errors.push(`${r.status()} ${r.url()}`);
    }
  });
  return errors;
}

/** axe-core violations of serious or critical impact on the current page, as "id: target" lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } };
    const result = await w.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.targets.join(" ")}`);
}

/** Whether the page scrolls sideways (the 360 px check). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}
