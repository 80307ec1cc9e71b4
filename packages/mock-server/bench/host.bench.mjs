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
// Env: BENCH_SESSIONS (default 400), BENCH_ROUNDS (default 30; the median of the last two thirds
// is reported).
import { machineLine, median } from './machine.mjs';
import { CREATE, virtualSession } from './paced-session.mjs';

const N = Number(process.env.BENCH_SESSIONS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
console.log(machineLine());

let bytes = 0;
const sessions = Array.from({ length: N }, () =>
  virtualSession({
    send: (text) => {
      bytes += text.length;
    },
    sendSpliced: (head, body, tail) => {
      bytes += head.length + body.length + tail.length;
    },
  }),
);

// The events of one response as objects, for the baseline (a separate session records them).
const recorded = [];
{
  const { clock, host } = virtualSession({ send: (text) => recorded.push(JSON.parse(text)) });
  recorded.length = 0;
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
