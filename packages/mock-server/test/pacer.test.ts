// The pacer: one timer for many sessions' slots, run in due order.
import { describe, expect, it } from 'vitest';
import { gaCodec } from '../src/codec/ga.js';
import { EARLY_MS, Pacer, type PacerClock } from '../src/pacer.js';
import { SessionHost } from '../src/session-host.js';

/** A clock the test moves by hand: `armed` is the pending timer (at most one is expected). */
function manualClock() {
  let now = 0;
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: PacerClock & {
    set(time: number): void;
    /** Moves to the earliest timer and fires it; false when none is pending. */
    step(): boolean;
    /** Fires the earliest timer without moving the clock (a timer that fires early). */
    fire(): void;
    readonly pending: number;
    sets: number;
  } = {
    sets: 0,
    now: () => now,
    setTimer(fn, ms) {
      clock.sets++;
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer(handle) {
      timers.delete(handle as number);
    },
    set(time) {
      now = time;
    },
    step() {
      const first = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (first === undefined) return false;
      timers.delete(first[0]);
      now = Math.max(now, first[1].at);
      first[1].fn();
      return true;
    },
    fire() {
      const first = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (first === undefined) throw new Error('no timer is pending');
      timers.delete(first[0]);
      first[1].fn();
    },
    get pending() {
      return timers.size;
    },
  };
  return clock;
}

describe('Pacer', () => {
  it('runs slots in due order, ties in the order they were scheduled, from one timer', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    const slots = ['a', 'b', 'c', 'd'].map((name) =>
      pacer.slot(() => ran.push(`${name}@${clock.now()}`)),
    );
    const [a, b, c, d] = slots as [never, never, never, never];
    pacer.schedule(a, 30);
    pacer.schedule(b, 10);
    pacer.schedule(c, 30);
    pacer.scheduleAt(d, 20);
    expect(clock.pending).toBe(1);
    expect(pacer.size).toBe(4);
    while (clock.step()) {}
    expect(ran).toEqual(['b@10', 'd@20', 'a@30', 'c@30']);
    expect(pacer.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('re-arms only when a slot comes due before the armed time', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    const later = pacer.slot(() => ran.push('later'));
    const sooner = pacer.slot(() => ran.push('sooner'));
    pacer.schedule(later, 100);
    expect(clock.sets).toBe(1);
    pacer.schedule(
      pacer.slot(() => ran.push('last')),
      200,
    );
    expect(clock.sets).toBe(1); // after the armed time: the timer stays
    pacer.schedule(sooner, 50);
    expect(clock.sets).toBe(2);
    expect(clock.pending).toBe(1);
    while (clock.step()) {}
    expect(ran).toEqual(['sooner', 'later', 'last']);
  });

  it('moves a scheduled slot (earlier and later) and cancels it', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    const names = ['a', 'b', 'c', 'd', 'e'];
    const slots = names.map((name) => pacer.slot(() => ran.push(name)));
    for (const [i, slot] of slots.entries()) pacer.schedule(slot, 10 * (i + 1));
    pacer.schedule(slots[4] as never, 5); // e: 50 → 5
    pacer.schedule(slots[0] as never, 45); // a: 10 → 45
    pacer.cancel(slots[2] as never); // c: gone
    pacer.cancel(slots[2] as never); // twice: nothing
    expect((slots[2] as { scheduled: boolean }).scheduled).toBe(false);
    while (clock.step()) {}
    expect(ran).toEqual(['e', 'b', 'd', 'a']);
  });

  it(`runs in one round every slot due within ${EARLY_MS} ms, a slot again if it reschedules inside it`, () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    let again = 2;
    const bouncing = pacer.slot(() => {
      ran.push(`bounce@${clock.now()}`);
      if (again-- > 0) pacer.schedule(bouncing, 0.25);
    });
    pacer.schedule(
      pacer.slot(() => ran.push(`first@${clock.now()}`)),
      10,
    );
    pacer.schedule(bouncing, 10 + EARLY_MS / 2);
    pacer.schedule(
      pacer.slot(() => ran.push(`outside@${clock.now()}`)),
      10 + EARLY_MS * 2,
    );
    expect(clock.step()).toBe(true);
    expect(ran).toEqual(['first@10', 'bounce@10', 'bounce@10', 'bounce@10']);
    expect(pacer.size).toBe(1);
    expect(clock.pending).toBe(1);
    while (clock.step()) {}
    expect(ran.at(-1)).toBe(`outside@${10 + EARLY_MS * 2}`);
  });

  it('keeps due order over many random schedules and cancels (against a sort)', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    let state = 7;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const ran: number[] = [];
    const slots = Array.from({ length: 200 }, (_, i) => pacer.slot(() => ran.push(i)));
    const expected = new Map<number, { at: number; order: number }>();
    let order = 0;
    for (let op = 0; op < 2000; op++) {
      const i = Math.floor(random() * slots.length);
      if (random() < 0.2) {
        pacer.cancel(slots[i] as never);
        expected.delete(i);
      } else {
        const ms = Math.floor(random() * 50) * 2; // ties on purpose
        pacer.schedule(slots[i] as never, ms);
        expected.set(i, { at: ms, order: order++ });
      }
    }
    const want = [...expected.entries()]
      .sort((x, y) => x[1].at - y[1].at || x[1].order - y[1].order)
      .map(([i]) => i);
    expect(want.length).toBeGreaterThan(50);
    while (clock.step()) {}
    expect(ran).toEqual(want);
  });

  it('runs a slot moved many times once, at its last time; a cancel of every slot stops the timer', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    const busy = pacer.slot(() => ran.push(`busy@${clock.now()}`));
    const other = pacer.slot(() => ran.push(`other@${clock.now()}`));
    pacer.schedule(other, 500);
    for (let i = 1000; i > 0; i--) pacer.schedule(busy, i); // each move leaves a stale entry
    expect(pacer.size).toBe(2);
    while (clock.step()) {}
    expect(ran).toEqual(['busy@1', 'other@500']);
    expect(pacer.size).toBe(0);
    pacer.schedule(busy, 10);
    pacer.schedule(other, 20);
    pacer.cancel(busy);
    pacer.cancel(other);
    expect(clock.pending).toBe(0);
    pacer.schedule(other, 5);
    while (clock.step()) {}
    expect(ran.at(-1)).toBe('other@505');
    expect(ran).toHaveLength(3);
  });

  it('refuses a time that is not a finite number, and the schedule stays as it was', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    const ok = pacer.slot(() => ran.push('ok'));
    pacer.scheduleAt(ok, 5);
    const bad = pacer.slot(() => ran.push('bad'));
    for (const at of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => pacer.scheduleAt(bad, at)).toThrow(/finite number of ms, got (NaN|Infinity)/);
      expect(() => pacer.schedule(bad, at)).toThrow(RangeError);
    }
    expect(pacer.size).toBe(1);
    while (clock.step()) {}
    expect(ran).toEqual(['ok']);
  });

  it('re-arms after a slot throws, so the others still run', () => {
    const clock = manualClock();
    const pacer = new Pacer(clock);
    const ran: string[] = [];
    pacer.schedule(
      pacer.slot(() => {
        throw new Error('boom');
      }),
      10,
    );
    pacer.schedule(
      pacer.slot(() => ran.push('next')),
      20,
    );
    expect(() => clock.step()).toThrow('boom');
    expect(clock.pending).toBe(1);
    while (clock.step()) {}
    expect(ran).toEqual(['next']);
  });

  it('paces SessionHosts: the same frames at the same times as a timer per host', () => {
    const user = JSON.stringify({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Hello there' }],
      },
    });
    /** Three hosts started 30 ms apart; each frame with its host and time. */
    const run = (shared: boolean) => {
      const clock = manualClock();
      const pacer = new Pacer(clock);
      const frames: string[] = [];
      const hosts = [0, 1, 2].map((h) => {
        const host = new SessionHost(
          {
            send: (text) => frames.push(`${h}@${clock.now()} ${text}`),
            close() {},
            now: clock.now,
            setTimer: clock.setTimer,
            clearTimer: clock.clearTimer,
            ...(shared ? { pacer } : {}),
          },
          { codec: gaCodec, pace: 'realtime', engine: { seed: h } },
        );
        host.open();
        host.receive(user);
        return host;
      });
      hosts.forEach((host, h) => {
        clock.set(30 * h);
        host.receive('{"type":"response.create"}');
      });
      const pendingMax = shared ? 1 : 3;
      while (clock.pending > 0) {
        expect(clock.pending).toBeLessThanOrEqual(pendingMax);
        clock.step();
      }
      return frames;
    };
    const own = run(false);
    const shared = run(true);
    expect(own.filter((f) => f.includes('output_audio.delta')).length).toBeGreaterThan(30);
    // Each host's frames and their times are the same; only how hosts interleave could differ.
    for (const h of [0, 1, 2]) {
      expect(shared.filter((f) => f.startsWith(`${h}@`))).toEqual(
        own.filter((f) => f.startsWith(`${h}@`)),
      );
    }
    expect(shared).toEqual(own);
  });

  it('releases what it runs as due: the host and the pacer round the same way', () => {
    // Found by driving 1 500 paced hosts on a virtual clock. A host that opened at 25 ms has a
    // delta due at 1 000 ms of its own time, 1 025 ms on the clock. At 1 023.9999999999999 ms the
    // pacer finds it due (1 025 <= now + EARLY_MS, as the sum rounds), while 1 000 - (now - 25)
    // is 1.0000000000001 ms, more than EARLY_MS. A host that compared that way released nothing
    // and asked for the same time again: on a clock that stands still, for ever.
    const clock = manualClock();
    let reads = 0;
    const now = () => {
      if (++reads > 10_000) throw new Error('the pacer keeps running a slot that releases nothing');
      return clock.now();
    };
    const pacer = new Pacer({ ...clock, now });
    clock.set(25);
    const frames: string[] = [];
    const host = new SessionHost(
      {
        send: (text) => frames.push(text),
        close() {},
        now,
        setTimer: clock.setTimer,
        clearTimer: clock.clearTimer,
        pacer,
      },
      { codec: gaCodec, pace: 'realtime', engine: { seed: 1 } },
    );
    host.open();
    host.receive('{"type":"response.create"}');
    while (host.engine.nextDue() !== 1000) {
      reads = 0;
      expect(clock.step()).toBe(true);
    }
    const early = 1023.9999999999999;
    expect(25 + 1000 <= early + EARLY_MS).toBe(true);
    expect(1000 - (early - 25)).toBeGreaterThan(EARLY_MS);
    clock.set(early);
    const sent = frames.length;
    reads = 0;
    clock.fire();
    // The delta due at 1 000 ms left in that run, and the host waits for the next one.
    expect(frames.slice(sent).some((f) => f.includes('"response.output_audio.delta"'))).toBe(true);
    expect(host.engine.nextDue()).toBeGreaterThan(1000);
    expect(clock.pending).toBe(1);
  });
});
