import type { Clock } from "../ports/clock";

/**
 * Local mode's clock for trying a year by hand (LOCAL_MOVABLE_CLOCK): real time plus an offset that
 * only grows, so nothing the app did is ever dated after "now". A restart returns to real time.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  /** Moves the clock to `to` (never back): answers the new now. */
  moveTo(to: Date): Date {
    const ahead = to.getTime() - this.now().getTime();
    if (ahead > 0) this.offsetMs += ahead;
    return this.now();
  }
}
