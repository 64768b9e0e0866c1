// The emulator's notion of time. Everything that ages (idle timeouts, max lifetime, the 14-day store expiry,
// timestamps on the wire) reads this clock, so tests can move it forward instead of waiting.
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

/** A clock that follows real time plus an offset that only grows; `advance` is how tests skip ahead. */
export class ControllableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.#offsetMs;
  }
  /** Moves time forward; moving it backwards is refused because the emulator's ageing rules assume monotonic time. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Expected a non-negative number of milliseconds, got ${ms}`);
    this.#offsetMs += ms;
  }
}

/** RFC-3339 with milliseconds, the only timestamp form the SDK accepts for `timestamp(date-time)` members. */
export const toRfc3339 = (ms: number): string => new Date(ms).toISOString();
