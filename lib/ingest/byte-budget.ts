/**
 * Caps the feed bytes one process parses and stores at once. A parsed feed lives
 * on the main thread's heap until its transaction commits (entries, sanitized
 * HTML, excerpts: one to three times the body's size), so with WORKER_CONCURRENCY
 * polls of FEED_MAX_BYTES bodies in flight a worker could need far more heap than
 * its limit. With the budget, polls of ordinary feeds run side by side, and a very
 * large one waits for room (a body larger than the whole budget runs alone).
 * Grants are served in arrival order, so a large body is never starved by small ones.
 */
import { getHeapStatistics } from "node:v8";

export class ByteBudget {
  private used = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`ByteBudget: capacity must be a positive integer, got ${capacity}`);
  }

  /** Waits until `bytes` fit (capped at the whole budget); returns the release function (safe to call twice). */
  async acquire(bytes: number): Promise<() => void> {
    const want = Math.min(Math.max(0, Math.ceil(bytes) || 0), this.capacity);
    if (this.waiting.length === 0 && this.used + want <= this.capacity) this.used += want;
    else await new Promise<void>((grant) => this.waiting.push({ bytes: want, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= want;
      this.grantWaiting();
    };
  }

  /** Bytes granted and not yet released. */
  get inUse(): number {
    return this.used;
  }

  /** Callers waiting for room. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.bytes <= this.capacity) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.grant();
    }
  }
}

/** The default budget: an eighth of this process's heap limit (about 33 MB under the worker's default 256 MB). */
export function defaultByteBudget(): ByteBudget {
  return new ByteBudget(Math.floor(getHeapStatistics().heap_size_limit / 8));
}
