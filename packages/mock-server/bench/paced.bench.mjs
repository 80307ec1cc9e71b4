#!/usr/bin/env node
// Paced sessions: how many real-time-paced audio sessions one mock process holds with p99 send
// lateness under 10 ms, against a bare `ws` server pacing the same recorded stream with timers.
// Lateness is measured at the client (one process for every session): each audio delta's arrival
// against the first delta's arrival + 100 ms per delta. Sessions start in staggered phases.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const COUNTS = (process.env.BENCH_SESSIONS ?? '250,500,1000,2000').split(',').map(Number);
const TEXT = 'A short answer of about three seconds of speech, please.';

console.log(`CPU: ${cpus()[0]?.model} (${cpus().length} cores), Node ${process.version}`);

function start(kind, frames) {
  const child = fork(join(here, 'server-process.mjs'), [kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) =>
    child.once('message', ({ port }) => {
      if (frames) child.send({ frames });
      resolve({ child, port });
    }),
  );
}

async function session(port, delayMs, lateness) {
  await new Promise((r) => setTimeout(r, delayMs));
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`, {
    perMessageDeflate: false,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames = [];
  let first;
  let k = 0;
  const done = new Promise((resolve) => {
    ws.on('message', (data) => {
      const text = String(data);
      frames.push(text);
      if (text.includes('audio.delta"')) {
        const now = performance.now();
        if (first === undefined) first = now;
        else lateness.push(now - (first + 100 * ++k));
      }
      if (text.startsWith('{"type":"response.done"')) resolve();
    });
  });
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
  ws.send(JSON.stringify({ type: 'response.create' }));
  await done;
  ws.close();
  return frames;
}

const p99 = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
};

// Record one paced response to replay from the bare server.
const recorder = await start('mock-paced');
const recorded = await session(recorder.port, 0, []);
recorder.child.kill();
const stream = recorded.slice(
  recorded.findIndex((f) => f.startsWith('{"type":"response.created"')),
);
console.log(
  `\nEach session: one audio response of ${stream.filter((f) => f.includes('audio.delta"')).length} deltas (100 ms apart), phases staggered over 100 ms.`,
);
console.log(
  `  ${'sessions'.padStart(8)} ${'bare p99 ms'.padStart(12)} ${'mock p99 ms'.padStart(12)}`,
);
let held = 0;
let bareHeld = 0;
for (const n of COUNTS) {
  const result = {};
  for (const kind of ['bare-paced', 'mock-paced']) {
    const { child, port } = await start(kind, kind === 'bare-paced' ? stream : undefined);
    const lateness = [];
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        session(port, (i * 100) / n + Math.floor(i / 50) * 5, lateness),
      ),
    );
    child.kill();
    result[kind] = p99(lateness);
  }
  if (result['mock-paced'] < 10) held = n;
  if (result['bare-paced'] < 10) bareHeld = n;
  console.log(
    `  ${String(n).padStart(8)} ${result['bare-paced'].toFixed(1).padStart(12)} ${result['mock-paced'].toFixed(1).padStart(12)}`,
  );
}
console.log(
  `\nMost sessions with p99 lateness < 10 ms: mock ${held}, bare ${bareHeld} (goal ≥ 2 000; measured at one client process, which also loads the machine)`,
);
