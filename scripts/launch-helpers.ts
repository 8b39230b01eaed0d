/**
 * Pieces of `npm start` that are worth testing on their own: the build stamp
 * (rebuild only when sources changed) and the persisted auth secret.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const BUILD_INPUTS = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
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
