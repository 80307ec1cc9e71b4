// A virtual clock for driving a SessionHost in realtime pace without waiting, in the benches. A
// host keeps at most one timer pending; `drain()` runs the timers as they come due until none is
// left, moving the clock to each one's time.

/** `now`, `setTimer` and `clearTimer` for a host's io, and `drain()`. */
export function virtualClock() {
  let now = 0;
  let timer;
  return {
    now: () => now,
    setTimer: (fn, ms) => {
      timer = { at: now + ms, fn };
      return timer;
    },
    clearTimer: () => {
      timer = undefined;
    },
    drain() {
      while (timer !== undefined) {
        const { at, fn } = timer;
        timer = undefined;
        now = Math.max(now, at);
        fn();
      }
    },
  };
}
