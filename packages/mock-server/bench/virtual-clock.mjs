// Virtual clocks for driving SessionHosts in realtime pace without waiting, in the benches.

/**
 * One host's clock on a timeline of its own: `now`, `setTimer` and `clearTimer` for its io, and
 * `drain()`, which runs the timers as they come due until none is left, moving the clock to each
 * one's time.
 */
export function virtualClock() {
  const timeline = virtualTimeline();
  return Object.assign(timeline.clock(), { drain: () => timeline.run() });
}

/**
 * One virtual timeline for many hosts, as a real server runs them: each `clock()` is a host's
 * io clock (at most one timer pending, as a host keeps), and `run(until)` fires the timers of
 * every clock in due order (ties in the order they were set), moving the time to each one's.
 * `at(time, fn)` schedules a plain callback on the same timeline.
 */
export function virtualTimeline() {
  let now = 0;
  let order = 0;
  /** A binary min-heap of pending timers by (at, order). */
  const heap = [];
  const before = (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order);
  const swap = (i, j) => {
    const x = heap[i];
    heap[i] = heap[j];
    heap[j] = x;
  };
  const push = (timer) => {
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      swap(i, parent);
      i = parent;
    }
    return timer;
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
    return top;
  };
  const at = (time, fn) => push({ at: time, order: order++, fn, live: true });
  return {
    now: () => now,
    at,
    clock() {
      const clock = {
        /** The timer last set, while it has not fired or been cleared. */
        pending: undefined,
        now: () => now,
        setTimer: (fn, ms) => {
          clock.pending = at(now + ms, () => {
            clock.pending = undefined;
            fn();
          });
          return clock.pending;
        },
        clearTimer: (timer) => {
          if (timer === undefined) return;
          timer.live = false;
          if (clock.pending === timer) clock.pending = undefined;
        },
      };
      return clock;
    },
    /** Fires due timers in order until none is left or the next is due after `until`. */
    run(until = Number.POSITIVE_INFINITY) {
      while (heap.length > 0 && heap[0].at <= until) {
        const timer = pop();
        if (!timer.live) continue;
        now = Math.max(now, timer.at);
        timer.fn();
      }
    },
  };
}
