#!/usr/bin/env node
// Mock server bench: events/s and server CPU per event against a bare `ws` server sending the
// same frames (both in their own process, same client), and the cost of turn 2 000 against turn 10
// on one session. Prints the CPU model; every goal is a ratio measured in this run.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { gaCodec, SessionHost } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 8);
const TEXT = 'Tell me about the weather in every city you know. '.repeat(30);

console.log(`CPU: ${cpus()[0]?.model} (${cpus().length} cores), Node ${process.version}`);

function startServer(kind) {
  const execArgv = process.env.BENCH_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`]
    : [];
  const child = fork(join(here, 'server-process.mjs'), [kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  return new Promise((resolve) => child.once('message', ({ port }) => resolve({ child, port })));
}
const cpuOf = (child) =>
  new Promise((resolve) => {
    child.once('message', ({ cpu }) => resolve(cpu.user + cpu.system));
    child.send({ cpu: true });
  });

/** Runs RESPONSES long audio responses on one connection; returns events, wall ms, frames of one. */
async function drive(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`, {
    perMessageDeflate: false,
  });
  await new Promise((resolve) => ws.once('open', resolve));
  let count = 0;
  let current = [];
  let onDone;
  ws.on('message', (data) => {
    count++;
    const text = String(data);
    current.push(text);
    if (text.startsWith('{"type":"response.done"')) onDone?.();
  });
  await new Promise((r) => setTimeout(r, 50));
  ws.send(
    JSON.stringify({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    }),
  );
  ws.send(
    JSON.stringify({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: TEXT }] },
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  let first;
  const start = performance.now();
  const startCount = count;
  for (let i = 0; i < RESPONSES; i++) {
    current = [];
    const done = new Promise((resolve) => (onDone = resolve));
    ws.send(JSON.stringify({ type: 'response.create' }));
    await done;
    first ??= current;
  }
  const ms = performance.now() - start;
  ws.close();
  return { events: count - startCount, ms, frames: first };
}

async function measure(kind, frames) {
  const { child, port } = await startServer(kind);
  if (frames) child.send({ frames });
  await drive(port); // warm-up
  const cpu0 = await cpuOf(child);
  const result = await drive(port);
  const cpu1 = await cpuOf(child);
  child.send({ exit: true });
  await new Promise((resolve) => child.once('exit', resolve));
  return { ...result, cpuUs: cpu1 - cpu0 };
}

const mock = await measure('mock');
const bare = await measure('bare', mock.frames);
const rate = (r) => (r.events / r.ms) * 1000;
const perEvent = (r) => r.cpuUs / r.events;

console.log(
  `\nOne client, fast pace, ${RESPONSES} audio responses of ${mock.frames.length} events each:`,
);
console.log(`  ${'server'.padEnd(10)} ${'events/s'.padStart(10)} ${'CPU µs/event'.padStart(13)}`);
console.log(
  `  ${'bare ws'.padEnd(10)} ${rate(bare).toFixed(0).padStart(10)} ${perEvent(bare).toFixed(2).padStart(13)}`,
);
console.log(
  `  ${'mock'.padEnd(10)} ${rate(mock).toFixed(0).padStart(10)} ${perEvent(mock).toFixed(2).padStart(13)}`,
);
const rateRatio = rate(mock) / rate(bare);
const cpuRatio = perEvent(mock) / perEvent(bare);
console.log(
  `  events/s ratio mock/bare: ${rateRatio.toFixed(2)}× (goal ≥ 0.90×) ${rateRatio >= 0.9 ? 'PASS' : 'MISS'}`,
);
console.log(
  `  CPU/event ratio mock/bare: ${cpuRatio.toFixed(2)}× (goal ≤ 1.30×) ${cpuRatio <= 1.3 ? 'PASS' : 'MISS'}`,
);

// Turn cost: one session, 2 000 text turns, engine + codec + schema checks, no socket.
const host = new SessionHost({ send() {}, close() {} }, { codec: gaCodec, engine: { seed: 1 } });
host.open();
host.receive(
  JSON.stringify({
    type: 'session.update',
    session: {
      type: 'realtime',
      output_modalities: ['text'],
      audio: { input: { turn_detection: null } },
    },
  }),
);
const turnMs = [];
const item = JSON.stringify({
  type: 'conversation.item.create',
  item: {
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: 'How is it going today?' }],
  },
});
const create = JSON.stringify({ type: 'response.create' });
for (let turn = 1; turn <= 2000; turn++) {
  const t0 = performance.now();
  host.receive(item);
  host.receive(create);
  turnMs.push(performance.now() - t0);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const early = median(turnMs.slice(5, 25));
const late = median(turnMs.slice(1980, 2000));
const turnRatio = late / early;
console.log(
  `\nTurn cost on one session (median of 20 turns, µs): turn 10 ≈ ${(early * 1000).toFixed(0)}, turn 2 000 ≈ ${(late * 1000).toFixed(0)}`,
);
console.log(
  `  turn 2 000 / turn 10: ${turnRatio.toFixed(2)}× (goal ≤ 1.20×) ${turnRatio <= 1.2 ? 'PASS' : 'MISS'}`,
);
