/**
 * Runs parseForStore on worker threads, so parsing and sanitizing one feed never
 * blocks the event loop that drives the other polls' fetches and database writes:
 * with a pool, parsing the next feed overlaps storing the last one.
 *
 * Each thread takes one job at a time. A thread has its own heap limit and each job
 * a time limit; a document that exceeds either loses its thread (replaced at once)
 * and fails as that source's parse error, while the other sources go on.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { log } from "../log";
import { parseInProcess, ParserStoppedError, type FeedParser, type ParseJob, type ParsedForStore } from "./parse-job";

export interface ParsePoolOptions {
  /** Number of threads (at least 1). */
  threads: number;
  /**
   * Heap limit of each thread's old generation, MB (default 512; at least 64). Below
   * about 32 MB the thread cannot even load its modules, and V8 then aborts the
   * whole process instead of stopping the thread.
   */
  maxHeapMb?: number;
  /** A job still running after this long is abandoned and its thread replaced. */
  timeoutMs?: number;
}

interface Pending {
  id: number;
  job: ParseJob;
  resolve: (r: ParsedForStore) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  /** The running job's time limit, or (before the thread is ready) its start-up limit. */
  timer: NodeJS.Timeout | null;
  ready: boolean;
}

/** A thread that has not loaded its modules after this long is taken as unable to start. */
const START_TIMEOUT_MS = 60_000;

type Reply = { ready: true } | { id: number; ok: true; result: ParsedForStore } | { id: number; ok: false; error: string };

const ENTRY = fileURLToPath(new URL("./parse-thread.ts", import.meta.url));
let threadSource: string | undefined;

/**
 * The thread's code: parse-thread.ts and what it imports, bundled once per process
 * (~0.1 s). A thread then runs plain JavaScript, without tsx's module hooks (which
 * Node 20 does not pass on to threads, and which would cost each thread a loader
 * thread of its own).
 */
function bundledThreadSource(): string {
  threadSource ??= buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
  }).outputFiles[0]!.text;
  return threadSource;
}

/** Threads to use by default: the cores left beside the event loop, at least one. */
export function defaultParseThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly maxHeapMb: number;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;
  /** Set when a thread cannot even start; jobs then run in process (see onDeath()). */
  private broken: Error | null = null;

  constructor(opts: ParsePoolOptions) {
    this.maxHeapMb = Math.max(64, opts.maxHeapMb ?? 512);
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    try {
      for (let i = 0; i < Math.max(1, opts.threads); i++) this.slots.push(this.start());
    } catch (err) {
      // The thread code could not be bundled or a thread not created: parse in process.
      this.broken = err instanceof Error ? err : new Error(String(err));
      log.error({ err: this.broken.message }, "parse threads cannot start; parsing in the main thread");
    }
  }

  /** The pool as a FeedParser for pollSource. */
  readonly parse: FeedParser = (job) => this.run(job);

  run(job: ParseJob): Promise<ParsedForStore> {
    if (this.closed) return Promise.reject(new ParserStoppedError("the parse pool is closed"));
    if (this.broken) return parseInProcess(job);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates the threads; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const err = new ParserStoppedError("the parse pool is closed");
    for (const p of this.queue.splice(0)) p.reject(err);
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.timer) clearTimeout(s.timer);
        s.busy?.reject(err);
        s.busy = null;
        await s.worker.terminate();
      }),
    );
  }

  private start(): Slot {
    const worker = new Worker(bundledThreadSource(), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      // Not the parent's tsx flags (the code is bundled JavaScript); a profiling
      // run's --cpu-prof flags are passed on.
      execArgv: process.execArgv.filter((a) => a.startsWith("--cpu-prof")),
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, busy: null, timer: null, ready: false };
    slot.timer = setTimeout(() => this.abandon(slot, `a parse thread did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    worker.on("message", (msg: Reply) => this.onReply(slot, msg));
    worker.on("error", (err) => this.onDeath(slot, err));
    worker.on("exit", (code) => this.onDeath(slot, new Error(`parse thread exited with code ${code}`)));
    return slot;
  }

  private onReply(slot: Slot, msg: Reply): void {
    if ("ready" in msg) {
      slot.ready = true;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      this.dispatch();
      return;
    }
    const p = slot.busy;
    if (!p || p.id !== msg.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.busy = null;
    slot.timer = null;
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
    this.dispatch();
  }

  /** Stops a thread past its time limit; its job (if any) fails with `message`. */
  private abandon(slot: Slot, message: string): void {
    // Its exit is this death, reported here with the reason, not as a crash.
    slot.worker.removeAllListeners("exit");
    slot.worker.terminate().catch(() => {});
    this.onDeath(slot, new Error(message), message);
  }

  /**
   * A thread died (out of memory, abandoned, crashed): fail its job, replace it.
   * `jobError` is the job's error message when the pool itself stopped the thread.
   */
  private onDeath(slot: Slot, err: Error, jobError?: string): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return; // already handled (error is followed by exit)
    this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const p = slot.busy;
    slot.busy = null;
    if (this.closed) return;
    if (!slot.ready) {
      // The thread never started: the pool cannot work on this install. Parse in
      // process rather than fail every feed, and say so once.
      if (!this.broken) log.error({ err: err.message }, "parse threads cannot start; parsing in the main thread");
      this.broken = err;
      for (const q of [...(p ? [p] : []), ...this.queue.splice(0)]) {
        parseInProcess(q.job).then(q.resolve, q.reject);
      }
      return;
    }
    const code = (err as NodeJS.ErrnoException).code;
    p?.reject(
      new Error(
        jobError ??
          (code === "ERR_WORKER_OUT_OF_MEMORY" ? `the document needed more than ${this.maxHeapMb} MB to parse` : `the parser failed: ${err.message}`),
      ),
    );
    this.slots.push(this.start());
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || !slot.ready) continue;
      const p = this.queue.shift();
      if (!p) return;
      slot.busy = p;
      slot.timer = setTimeout(() => this.abandon(slot, `parsing took longer than ${this.timeoutMs / 1000} s`), this.timeoutMs);
      // A copy the thread owns (transferred, not cloned): the fetch's buffer may be
      // a view into a shared pool.
      const body = new Uint8Array(p.job.body);
      slot.worker.postMessage({ id: p.id, job: { ...p.job, body } }, [body.buffer]);
    }
  }
}
