/**
 * One timer for every session of a server in realtime pace. Each session keeps one slot; the
 * pacer keeps the slots in a binary min-heap by due time and arms a single timer for the
 * earliest. When it fires, every slot due by then (within {@link EARLY_MS}) runs, earliest first.
 *
 * Why not a timer per session: a paced server with thousands of sessions sets one timer per
 * session every ~100 ms. Each is a fresh timer object for the garbage collector, an insertion
 * into the runtime's timer lists and a callback with its own round of queued ticks; the pacer
 * reuses one slot per session and runs the sessions due in one callback.
 */

/** How early a slot may run: Node's timers count whole milliseconds from a stale loop time. */
export const EARLY_MS = 1;

/** What the pacer reads and arms: wall-clock ms and one-shot timers (Node's by default). */
export interface PacerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** One session's place in a {@link Pacer}: scheduled at most once at a time. */
export class PacerSlot {
  /** When it is due (the pacer's clock), while scheduled. */
  at = 0;
  /** Tie-break: slots due at the same time run in the order they were scheduled. */
  order = 0;
  /** Its index in the heap, or -1 when not scheduled. */
  index = -1;
  constructor(readonly run: () => void) {}

  get scheduled(): boolean {
    return this.index >= 0;
  }
}

const nodeClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Pacer {
  readonly #clock: PacerClock;
  readonly #heap: PacerSlot[] = [];
  #order = 0;
  #timer: unknown;
  /** When the armed timer is due, or Infinity when none is armed. */
  #armedAt = Number.POSITIVE_INFINITY;
  #firing = false;

  constructor(clock: PacerClock = nodeClock) {
    this.#clock = clock;
  }

  /** A slot that runs `run` each time it comes due. */
  slot(run: () => void): PacerSlot {
    return new PacerSlot(run);
  }

  /** How many slots are scheduled. */
  get size(): number {
    return this.#heap.length;
  }

  /** The pacer's clock (ms). */
  now(): number {
    return this.#clock.now();
  }

  /** Schedules `slot` to run `ms` from now (replacing its earlier time, if any). */
  schedule(slot: PacerSlot, ms: number): void {
    const heap = this.#heap;
    slot.at = this.#clock.now() + Math.max(ms, 0);
    slot.order = this.#order++;
    if (slot.index < 0) {
      slot.index = heap.length;
      heap.push(slot);
      this.#up(slot.index);
    } else {
      // A slot only moves later or earlier by its own new time: try both directions.
      this.#down(this.#up(slot.index));
    }
    if (!this.#firing && slot.at < this.#armedAt) this.#arm();
  }

  /** Takes `slot` off the schedule (nothing if it is not scheduled). */
  cancel(slot: PacerSlot): void {
    const index = slot.index;
    if (index < 0) return;
    const heap = this.#heap;
    const last = heap.pop() as PacerSlot;
    slot.index = -1;
    if (last !== slot) {
      heap[index] = last;
      last.index = index;
      this.#down(this.#up(index));
    }
    if (heap.length === 0 && !this.#firing) this.#disarm();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    const heap = this.#heap;
    const limit = this.#clock.now() + EARLY_MS;
    this.#firing = true;
    try {
      // A slot that schedules itself again within the limit runs again in this round.
      while (heap.length > 0 && (heap[0] as PacerSlot).at <= limit) {
        const slot = heap[0] as PacerSlot;
        this.cancel(slot);
        slot.run();
      }
    } finally {
      this.#firing = false;
      this.#arm();
    }
  };

  #arm(): void {
    this.#disarm();
    const first = this.#heap[0];
    if (first === undefined) return;
    this.#armedAt = first.at;
    this.#timer = this.#clock.setTimer(this.#fire, Math.max(0, first.at - this.#clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  #before(a: PacerSlot, b: PacerSlot): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  /** Moves the slot at `index` up to its place; returns where it ends. */
  #up(index: number): number {
    const heap = this.#heap;
    const slot = heap[index] as PacerSlot;
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as PacerSlot;
      if (!this.#before(slot, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = slot;
    slot.index = i;
    return i;
  }

  /** Moves the slot at `index` down to its place. */
  #down(index: number): void {
    const heap = this.#heap;
    const size = heap.length;
    const slot = heap[index] as PacerSlot;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && this.#before(heap[right] as PacerSlot, heap[left] as PacerSlot))
        child = right;
      const next = heap[child] as PacerSlot;
      if (!this.#before(next, slot)) break;
      heap[i] = next;
      next.index = i;
      i = child;
    }
    heap[i] = slot;
    slot.index = i;
  }
}
