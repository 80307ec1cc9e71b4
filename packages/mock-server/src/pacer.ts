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
    // A NaN would never come due and, at the top of the heap, would hold back every other slot.
    if (!Number.isFinite(at))
      throw new RangeError(`Pacer: a slot's time must be a finite number of ms, got ${at}`);
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

  /** Whether entry `i` comes before the entry (`at`, `order`). */
  #before(i: number, at: number, order: number): boolean {
    const a = this.#at[i] as number;
    return a < at || (a === at && (this.#order[i] as number) < order);
  }

  /** Copies entry `from` to place `to`. */
  #move(from: number, to: number): void {
    this.#at[to] = this.#at[from] as number;
    this.#order[to] = this.#order[from] as number;
    this.#generation[to] = this.#generation[from] as number;
    this.#slots[to] = this.#slots[from];
  }

  #place(i: number, at: number, order: number, generation: number, slot: PacerSlot): void {
    this.#at[i] = at;
    this.#order[i] = order;
    this.#generation[i] = generation;
    this.#slots[i] = slot;
  }

  // Sifting moves a hole instead of swapping: the entry being placed stays in locals, and each
  // level copies one entry once instead of exchanging two.
  #push(at: number, slot: PacerSlot): void {
    if (this.#size === this.#at.length) this.#grow();
    const order = this.#nextOrder++;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#before(parent, at, order)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#place(i, at, order, slot.generation, slot);
  }

  /** Removes the top entry; returns its slot. */
  #pop(): PacerSlot {
    const top = this.#slots[0] as PacerSlot;
    const last = --this.#size;
    if (last === 0) {
      this.#slots[0] = undefined;
      return top;
    }
    // The last entry goes down from the top into its place.
    const at = this.#at[last] as number;
    const order = this.#order[last] as number;
    const generation = this.#generation[last] as number;
    const slot = this.#slots[last] as PacerSlot;
    this.#slots[last] = undefined;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child =
        right < last && this.#before(right, this.#at[left] as number, this.#order[left] as number)
          ? right
          : left;
      if (!this.#before(child, at, order)) break;
      this.#move(child, i);
      i = child;
    }
    this.#place(i, at, order, generation, slot);
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
