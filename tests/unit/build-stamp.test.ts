import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { computeBuildStamp } from "../../scripts/launch-helpers";

// `npm start` and the browser tests rebuild only when the stamp changes, so every file
// that goes into the build must move it: a stale build once kept serving an old proxy.ts.
describe("computeBuildStamp", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each(["proxy.ts", "next.config.js", "app/page.tsx", "lib/x.ts", "components/y.tsx"])("changes when %s changes", (file) => {
    root = mkdtempSync(path.join(tmpdir(), "readahead-stamp-"));
    mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(root, file), "one");
    const before = computeBuildStamp(root);
    writeFileSync(path.join(root, file), "a longer second version"); // the stamp reads sizes and mtimes
    expect(computeBuildStamp(root)).not.toBe(before);
  });

  it("ignores files outside the build (tests, jobs)", () => {
    root = mkdtempSync(path.join(tmpdir(), "readahead-stamp-"));
    mkdirSync(path.join(root, "tests"), { recursive: true });
    const before = computeBuildStamp(root);
    writeFileSync(path.join(root, "tests", "a.test.ts"), "x");
    expect(computeBuildStamp(root)).toBe(before);
  });
});
