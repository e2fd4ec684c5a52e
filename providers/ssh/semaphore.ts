// Caps how many channels run at once on one connection: OpenSSH refuses channel opens beyond
// MaxSessions (default 10) with "open failed" (mscdex/ssh2#1190), so callers queue instead.

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore {
  readonly limit: number;
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    this.#free = limit;
  }

  /** How many holders are inside right now. */
  get active(): number {
    return this.limit - this.#free;
  }

  /** Waits for a free slot; the returned release function may be called more than once safely. */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOn();
    };
  }

  // A freed slot goes straight to the oldest waiter, so a burst of new callers cannot starve it.
  #handOn(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#free++;
  }
}
