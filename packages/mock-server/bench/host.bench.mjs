#!/usr/bin/env node
// Engine and host cost of a paced audio response, without sockets: how much of the server's
// work per audio delta is the mock's own (engine, codec, envelope), apart from the transport and
// the kernel that paced.bench.mjs measures with them.
//
// N sessions (SessionHost, GA, pace 'realtime') on virtual clocks, each set up as the paced
// bench's clients do (turn detection off, one user message). Each round asks every session for
// one response (~4 s of speech: 41 audio deltas, 12 transcript deltas) and runs its clock to the
// end; the io's send only counts bytes. Printed per round: µs per response.create (the answer
// and the first burst of events) and µs per audio delta for the rest of the response (deltas and
// the closing burst). Baseline, in the same run: JSON.stringify of the very same events — what a
// server pays that serializes each event object as it sends it (the mock splices the audio in).
//
// Then the same sessions interleaved, as a server runs them: BENCH_INTERLEAVED sessions paced by
// one Pacer (the one the `ws` transport shares between its sessions) whose clock is a virtual
// timeline, session i starting at i/N of a response and asking for the next one as soon as the
// last ends. Each session's objects are then cold in the processor's caches when its next delta is
// due, as in a real server, and the cost per audio delta (response.create, bursts and deltas
// included) is about twice the sequential figure. (This path once ran for ever: a slot the pacer
// found due was not due by the host's rounding; see test/pacer.test.ts.)
//
// Env: BENCH_SESSIONS (default 400), BENCH_ROUNDS (default 30; the median of the last two thirds
// is reported), BENCH_INTERLEAVED (default 2000; 0 skips that part).
import { gaCodec, Pacer, SessionHost } from '../dist/index.js';
import { machineLine, median } from './machine.mjs';
import { CREATE, SETUP, virtualSession } from './paced-session.mjs';
import { virtualTimeline } from './virtual-clock.mjs';

const N = Number(process.env.BENCH_SESSIONS ?? 400);
/** How an audio delta's first part (its envelope before the event_id) begins. */
const AUDIO_DELTA = '{"type":"response.output_audio.delta"';
const RESPONSE_DONE = '{"type":"response.done"';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
console.log(machineLine());

let bytes = 0;
const sessions = Array.from({ length: N }, () =>
  virtualSession({
    send: (text) => {
      bytes += text.length;
    },
    sendParts: (parts, count) => {
      for (let i = 0; i < count; i++) bytes += parts[i].length;
    },
  }),
);

// The events of one response as objects, for the baseline (a separate session records them).
const recorded = [];
const recordedDue = [];
{
  const { clock, host } = virtualSession({
    send: (text, at) => {
      recorded.push(JSON.parse(text));
      recordedDue.push(at);
    },
  });
  recorded.length = 0;
  recordedDue.length = 0;
  host.receive(CREATE);
  clock.drain();
}
const deltas = recorded.filter((e) => e.type === 'response.output_audio.delta').length;

const create = [];
const perDelta = [];
const baseline = [];
for (let round = 0; round < ROUNDS; round++) {
  let createMs = 0;
  let restMs = 0;
  for (const { clock, host } of sessions) {
    const t0 = performance.now();
    host.receive(CREATE);
    const t1 = performance.now();
    clock.drain();
    createMs += t1 - t0;
    restMs += performance.now() - t1;
  }
  const b0 = performance.now();
  for (let i = 0; i < N; i++) for (const event of recorded) bytes += JSON.stringify(event).length;
  const baseMs = performance.now() - b0;
  if (round >= ROUNDS / 3) {
    create.push((1000 * createMs) / N);
    perDelta.push((1000 * restMs) / N / deltas);
    baseline.push((1000 * baseMs) / N / deltas);
  }
}

console.log(
  `\n${N} sessions, ${ROUNDS} rounds of one response each (${recorded.length} events, ${deltas} audio deltas); median of the last ${create.length} rounds:`,
);
console.log(`  response.create (answer + first burst): ${median(create).toFixed(1)} µs`);
console.log(
  `  rest of the response, per audio delta:   ${median(perDelta).toFixed(2)} µs (JSON.stringify of the same events: ${median(baseline).toFixed(2)} µs per delta; ratio ${(median(perDelta) / median(baseline)).toFixed(2)}×)`,
);
if (bytes === 0) throw new Error('nothing was sent');

// ---- interleaved --------------------------------------------------------------------------------

const INTERLEAVED = Number(process.env.BENCH_INTERLEAVED ?? 2000);
if (INTERLEAVED > 0) {
  const timeline = virtualTimeline();
  // The pacer's one timer is a timer on the timeline, as it is a Node timer in a server.
  const pacer = new Pacer(timeline.clock());
  const responses = 6;
  let audio = 0;
  // One response's length on the mock's clock (the recording above started at time 0).
  const length = Math.max(...recordedDue);
  for (let s = 0; s < INTERLEAVED; s++) {
    let left = responses;
    const ask = () => {
      if (left-- > 0) host.receive(CREATE);
    };
    const host = new SessionHost(
      {
        send: (text) => {
          bytes += text.length;
          // The client asks again once the response is done (from the timeline, not from
          // inside the host's send).
          if (text.startsWith(RESPONSE_DONE)) timeline.at(timeline.now(), ask);
        },
        sendParts: (parts, count) => {
          if (parts[0].startsWith(AUDIO_DELTA)) audio++;
          for (let i = 0; i < count; i++) bytes += parts[i].length;
        },
        close() {},
        now: timeline.now,
        pacer,
      },
      { codec: gaCodec, pace: 'realtime', engine: { seed: s } },
    );
    host.open();
    for (const frame of SETUP) host.receive(frame);
    timeline.at((s * length) / INTERLEAVED, ask);
  }
  // Measured: from the middle of the second response length to the middle of the last, when
  // every session streams.
  timeline.run(1.5 * length);
  const from = audio;
  const t0 = performance.now();
  timeline.run((responses - 0.5) * length);
  if (audio === from) throw new Error('no audio delta was sent in the measured window');
  const interleaved = (1000 * (performance.now() - t0)) / (audio - from);
  console.log(
    `\n${INTERLEAVED} sessions interleaved, paced by one Pacer on a virtual timeline (${responses} responses each, back to back, phases spread):`,
  );
  console.log(
    `  per audio delta, response.create and bursts included: ${interleaved.toFixed(2)} µs (${audio - from} deltas; the sequential figures above, summed per delta: ${(median(perDelta) + median(create) / deltas).toFixed(2)} µs)`,
  );
}
