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
  /** Bumped by every schedule and cancel: the heap's entries of earlier ones are then stale. */
  generation = 0;
  /** Whether it is scheduled (and not yet run or cancelled). */
  scheduled = false;
  constructor(readonly run: () => void) {}
}

const nodeClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The heap's keys live in typed arrays, apart from the slots: finding the earliest compares
 * numbers in a few contiguous kilobytes instead of loading ~20 session objects that are cold in
 * the processor's caches. Moving or cancelling a slot leaves its old entry in the heap, stale
 * (its generation is behind the slot's), and a stale entry is dropped when it reaches the top.
 */
export class Pacer {
  readonly #clock: PacerClock;
  /** Heap entries: due time, scheduling order (ties), the slot's generation, the slot. */
  #at = new Float64Array(256);
  #order = new Float64Array(256);
  #generation = new Uint32Array(256);
  /** Entry slots (`undefined` past the heap's end, so a popped slot is not kept alive). */
  readonly #slots: (PacerSlot | undefined)[] = [];
  #size = 0;
  #live = 0;
  #nextOrder = 0;
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
    return this.#live;
  }

  /** The pacer's clock (ms). */
  now(): number {
    return this.#clock.now();
  }

  /** Schedules `slot` to run `ms` from now (replacing its earlier time, if any). */
  schedule(slot: PacerSlot, ms: number): void {
    this.scheduleAt(slot, this.#clock.now() + Math.max(ms, 0));
  }

  /** Schedules `slot` to run at `at` on the pacer's clock (now, if that has passed). */
  scheduleAt(slot: PacerSlot, at: number): void {
    if (!slot.scheduled) this.#live++;
    slot.scheduled = true;
    slot.generation = (slot.generation + 1) >>> 0;
    this.#push(at, slot);
    if (!this.#firing && at < this.#armedAt) this.#arm();
  }

  /** Takes `slot` off the schedule (nothing if it is not scheduled). */
  cancel(slot: PacerSlot): void {
    if (!slot.scheduled) return;
    slot.scheduled = false;
    slot.generation = (slot.generation + 1) >>> 0;
    this.#live--;
    if (this.#live === 0) {
      // Nothing is left: drop the stale entries at once and stop the timer.
      this.#slots.fill(undefined, 0, this.#size);
      this.#size = 0;
      if (!this.#firing) this.#disarm();
    }
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    const limit = this.#clock.now() + EARLY_MS;
    this.#firing = true;
    try {
      // A slot that schedules itself again within the limit runs again in this round.
      while (this.#size > 0 && (this.#at[0] as number) <= limit) {
        const generation = this.#generation[0];
        const slot = this.#pop();
        if (generation !== slot.generation) continue; // moved or cancelled since
        slot.scheduled = false;
        this.#live--;
        slot.run();
      }
    } finally {
      this.#firing = false;
      this.#arm();
    }
  };

  #arm(): void {
    this.#disarm();
    // Stale entries at the top would only wake the timer early.
    while (this.#size > 0 && this.#generation[0] !== (this.#slots[0] as PacerSlot).generation)
      this.#pop();
    if (this.#size === 0) return;
    const at = this.#at[0] as number;
    this.#armedAt = at;
    this.#timer = this.#clock.setTimer(this.#fire, Math.max(0, at - this.#clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  /** Whether entry `i` comes before entry `j`. */
  #before(i: number, j: number): boolean {
    const a = this.#at[i] as number;
    const b = this.#at[j] as number;
    return a < b || (a === b && (this.#order[i] as number) < (this.#order[j] as number));
  }

  #swap(i: number, j: number): void {
    const at = this.#at;
    const order = this.#order;
    const generation = this.#generation;
    const slots = this.#slots;
    const a = at[i] as number;
    at[i] = at[j] as number;
    at[j] = a;
    const o = order[i] as number;
    order[i] = order[j] as number;
    order[j] = o;
    const g = generation[i] as number;
    generation[i] = generation[j] as number;
    generation[j] = g;
    const s = slots[i];
    slots[i] = slots[j];
    slots[j] = s;
  }

  #push(at: number, slot: PacerSlot): void {
    if (this.#size === this.#at.length) this.#grow();
    let i = this.#size++;
    this.#at[i] = at;
    this.#order[i] = this.#nextOrder++;
    this.#generation[i] = slot.generation;
    this.#slots[i] = slot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top entry; returns its slot. */
  #pop(): PacerSlot {
    const top = this.#slots[0] as PacerSlot;
    const last = --this.#size;
    if (last > 0) this.#swap(0, last);
    this.#slots[last] = undefined;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.#before(right, left) ? right : left;
      if (!this.#before(child, i)) break;
      this.#swap(i, child);
      i = child;
    }
    return top;
  }

  #grow(): void {
    const size = this.#at.length * 2;
    const at = new Float64Array(size);
    at.set(this.#at);
    this.#at = at;
    const order = new Float64Array(size);
    order.set(this.#order);
    this.#order = order;
    const generation = new Uint32Array(size);
    generation.set(this.#generation);
    this.#generation = generation;
  }
}
