/**
 * Paces cache invalidations so a loop of changes cannot keep a cache cold: up to
 * `burst` invalidations run at once, then one per `intervalMs` (a token bucket).
 * A change that finds no allowance becomes ONE trailing invalidation, due when the
 * allowance returns, which every further change joins; so the last change is never
 * lost, only delayed by at most `intervalMs`.
 *
 * I/O-free with an injected clock: the caller asks request() on each change and
 * takeDue() wherever it can run the trailing invalidation (the page store on its
 * next read; the data cache from a timer).
 *
 * | burst | intervalMs | sustained changes | invalidations      | latest a change shows |
 * |-------|------------|-------------------|--------------------|-----------------------|
 * | 3     | 2,000      | 1 a minute        | each one, at once  | at once               |
 * | 3     | 2,000      | 100 a second      | 3, then 1 per 2 s  | 2 s after it          |
 */

export type PaceDecision = { runNow: true } | { runNow: false; dueAt: number; isNew: boolean };

export interface PacerOptions {
  /** Invalidations that may run back to back after a quiet spell. */
  burst: number;
  /** After a burst, the least time between two invalidations, in ms. */
  intervalMs: number;
}

export class InvalidationPacer {
  private allowance: number;
  private refilledAt: number;
  private dueAt: number | null = null;

  constructor(
    private readonly opts: PacerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.allowance = opts.burst;
    this.refilledAt = now();
  }

  /**
   * A change happened: run the invalidation now, or (no allowance left) at the
   * trailing time `dueAt`; `isNew` is true only for the change that created it, so
   * one caller schedules it.
   */
  request(): PaceDecision {
    if (this.dueAt !== null) {
      // Nobody took an overdue trailing run (no reader came, a timer died): this
      // change runs it, rather than every later change waiting behind it forever.
      if (this.now() < this.dueAt) return { runNow: false, dueAt: this.dueAt, isNew: false };
      this.dueAt = null;
      this.spend();
      return { runNow: true };
    }
    this.refill();
    if (this.allowance >= 1) {
      this.allowance -= 1;
      return { runNow: true };
    }
    this.dueAt = this.now() + Math.ceil((1 - this.allowance) * this.opts.intervalMs);
    return { runNow: false, dueAt: this.dueAt, isNew: true };
  }

  /** Whether the trailing invalidation is due; if so the caller must run it now (it is taken). */
  takeDue(): boolean {
    if (this.dueAt === null || this.now() < this.dueAt) return false;
    this.dueAt = null;
    this.spend();
    return true;
  }

  private spend(): void {
    this.refill();
    this.allowance = Math.max(0, this.allowance - 1);
  }

  private refill(): void {
    const t = this.now();
    this.allowance = Math.min(this.opts.burst, this.allowance + (t - this.refilledAt) / this.opts.intervalMs);
    this.refilledAt = t;
  }
}
