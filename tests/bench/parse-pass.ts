// One cold pass of bench:ingest's (a): a fresh process reads the listed files and
// parses them all (bare parse), then parses and normalizes them (what a poll does
// before storing), and prints one JSON line of counts and milliseconds. A fresh
// process each round, like the polling child of (b), so both start as cold.
import { readFileSync } from "node:fs";
import { parseFeed } from "../../lib/feeds/parse";
import { parseForStore } from "../../lib/ingest/parse-job";

const list = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { file: string; url: string }[];
const bodies = list.map((s) => ({ body: readFileSync(s.file), url: s.url }));
let items = 0;
const t0 = performance.now();
for (const b of bodies) items += parseFeed(b.body, { url: b.url }).items.length;
const parseMs = performance.now() - t0;
let entries = 0;
const t1 = performance.now();
for (const b of bodies) entries += parseForStore({ body: b.body, url: b.url, contentType: null, now: Date.now() }).entries.length;
const parseNormalizeMs = performance.now() - t1;
console.log(JSON.stringify({ items, parseMs, entries, parseNormalizeMs }));
