// Entry point of a ParsePool thread (see parse-pool.ts): answers each job message
// with the parsed result or a one-line error. Bundled by parse-pool.ts.
import { parentPort } from "node:worker_threads";
import { parseForStore, type ParseJob } from "./parse-job";

export interface ThreadRequest {
  id: number;
  job: ParseJob;
}

parentPort!.on("message", ({ id, job }: ThreadRequest) => {
  try {
    parentPort!.postMessage({ id, ok: true, result: parseForStore(job) });
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
