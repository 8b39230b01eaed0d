/**
 * Pieces of `npm start` that are worth testing on their own: the build stamp
 * (rebuild only when sources changed), the persisted auth secret, and the web
 * server's bundle.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP_DIRS = new Set(["generated", "node_modules"]);

function walk(p: string, out: string[]): void {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP_DIRS.has(name)) walk(path.join(p, name), out);
  } else {
    out.push(`${p}\0${st.size}\0${Math.floor(st.mtimeMs)}`);
  }
}

/** A hash of the files `next build` reads: paths, sizes and modification times. */
export function computeBuildStamp(root: string): string {
  const lines: string[] = [];
  for (const input of BUILD_INPUTS) walk(path.join(root, input), lines);
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

const STAMP_FILE = path.join(".next", "readahead-build-stamp");

/** True when .next holds a production build of exactly the current sources. */
export function isBuildCurrent(root: string): boolean {
  const file = path.join(root, STAMP_FILE);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(file) && readFileSync(file, "utf8") === computeBuildStamp(root);
}

/** Records that the build in .next matches the current sources. */
export function writeBuildStamp(root: string): void {
  writeFileSync(path.join(root, STAMP_FILE), computeBuildStamp(root));
}

/** Reads DATA_DIR/auth-secret, creating a random one (mode 600) on first start. */
export function loadOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/**
 * Bundles scripts/web-server.ts (and the lib modules it imports) into one ES module
 * under .next, returning its path; run it with plain `node`. Why not `node --import
 * tsx` as for the worker: tsx's loader stays in the web process for its whole life,
 * and measured 40-70 MB more RSS than `next start` (about the same as the bundle
 * without it). npm packages stay external, resolved from node_modules as usual.
 * Bundled at every launch (about 0.1 s): `next build` empties .next.
 */
export async function bundleWebServer(root: string): Promise<string> {
  const outfile = path.join(root, ".next", "readahead-web-server.mjs");
  // Written beside and renamed into place, so two launches at once never run half a file.
  const partial = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(root, "scripts", "web-server.ts")],
    outfile: partial,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  renameSync(partial, outfile);
  return outfile;
}
