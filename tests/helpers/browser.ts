/**
 * Headless Chromium through playwright-core. The browser comes from npm
 * (@sparticuz/chromium ships a Chromium build inside the package and unpacks it to
 * the temp folder on first use, ~1.7 s), so `npm install` is all the browser tests
 * need; Playwright's own browser download cannot run on machines without internet.
 * CHROMIUM_PATH names another binary (e.g. Debian's /usr/bin/chromium).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

let executable: Promise<string> | undefined;

/** The Chromium binary the tests drive: CHROMIUM_PATH, else the one inside @sparticuz/chromium. */
export function chromiumPath(): Promise<string> {
  executable ??= process.env.CHROMIUM_PATH
    ? Promise.resolve(process.env.CHROMIUM_PATH)
    : import("@sparticuz/chromium").then((m) => m.default.executablePath());
  return executable;
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh-profile browser context; `javaScriptEnabled: false` for no-JS flows. */
export async function launchBrowser(opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), "readahead-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: await chromiumPath(),
    headless: true,
    args: FLAGS,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? "light",
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
