/**
 * Runs the real nginx in front of web processes with the documented configuration
 * (deploy/nginx/readahead.conf), its ports and paths substituted, under its own
 * prefix in a temporary folder (its own pid file, logs and cache; never port 80 or
 * the system's nginx). nginx is optional: findNginx() says whether it is installed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./app-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const NGINX_CONF = path.join(ROOT, "deploy", "nginx", "readahead.conf");

/** The nginx binary (NGINX_BIN when set, else `nginx` on PATH or in /usr/sbin), or null when none is installed. */
export function findNginx(): string | null {
  const candidates = process.env.NGINX_BIN ? [process.env.NGINX_BIN] : ["nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx"];
  for (const bin of candidates) {
    if (spawnSync(bin, ["-v"], { stdio: "ignore" }).status === 0) return bin;
  }
  return null;
}

export interface RunningNginx {
  baseUrl: string;
  process: ChildProcess;
  /** nginx's error log so far (for failure messages). */
  errors(): string;
  stop(): Promise<void>;
}

/** The documented configuration with `upstreams` (host:port each), a listen port and a cache folder substituted. */
export function documentedConfig(upstreams: string[], port: number, cacheDir: string): string {
  let conf = readFileSync(NGINX_CONF, "utf8");
  const replace = (pattern: RegExp, by: string) => {
    if (!pattern.test(conf)) throw new Error(`deploy/nginx/readahead.conf no longer matches ${pattern}: update tests/helpers/nginx.ts`);
    conf = conf.replace(pattern, by);
  };
  replace(/(upstream readahead_web \{[^}]*?)(?:\s*server [^;]+;)+/, `$1\n${upstreams.map((u) => `    server ${u};`).join("\n")}`);
  replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  replace(/proxy_cache_path \/var\/cache\/nginx\/readahead /, `proxy_cache_path ${cacheDir} `);
  return conf;
}

/** Starts nginx with the documented configuration in front of `upstreams` on a free loopback port. */
export async function startNginx(bin: string, upstreams: string[]): Promise<RunningNginx> {
  const prefix = mkdtempSync(path.join(tmpdir(), "readahead-nginx-"));
  const port = await freePort();
  writeFileSync(path.join(prefix, "readahead.conf"), documentedConfig(upstreams, port, path.join(prefix, "cache")));
  const isRoot = process.getuid?.() === 0;
  writeFileSync(
    path.join(prefix, "nginx.conf"),
    [
      // As root, nginx's workers would switch to "nobody", who cannot write our temporary folder.
      isRoot ? `user ${userInfo().username};` : "",
      "daemon off;",
      "worker_processes 1;",
      `pid ${path.join(prefix, "nginx.pid")};`,
      `error_log ${path.join(prefix, "error.log")} warn;`,
      "events { worker_connections 1024; }",
      "http {",
      "  access_log off;",
      `  client_body_temp_path ${path.join(prefix, "client")};`,
      `  proxy_temp_path ${path.join(prefix, "proxy")};`,
      `  fastcgi_temp_path ${path.join(prefix, "fastcgi")};`,
      `  uwsgi_temp_path ${path.join(prefix, "uwsgi")};`,
      `  scgi_temp_path ${path.join(prefix, "scgi")};`,
      `  include ${path.join(prefix, "readahead.conf")};`,
      "}",
    ].join("\n"),
  );
  const child = spawn(bin, ["-p", prefix, "-e", path.join(prefix, "error.log"), "-c", path.join(prefix, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const errors = () => output + (existsSync(path.join(prefix, "error.log")) ? readFileSync(path.join(prefix, "error.log"), "utf8") : "");
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited early:\n${errors()}`);
    try {
      await (await fetch(`${baseUrl}/api/health`)).arrayBuffer();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${errors()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    process: child,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(prefix, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGQUIT"); // graceful: finish requests, then exit
      }),
  };
}
