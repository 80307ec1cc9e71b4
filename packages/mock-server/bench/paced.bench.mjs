#!/usr/bin/env node
// Paced sessions: how many real-time-paced audio sessions one server process holds with p99 send
// lateness under 10 ms — the mock (pace: 'realtime') against a bare `ws` server pacing the very
// same stream with timers — at growing session counts.
//
// Method. The server under test runs alone in its own process, its main thread pinned to core 0;
// the clients run in BENCH_CLIENTS processes pinned to core 1 (on a 2-core machine they would
// otherwise take CPU from the server, and the figure would measure the load generator; the
// server's JavaScript gets one core). Only the main thread is pinned, once the process has
// started: V8's garbage-collector and compiler helper threads run on either core, as they would
// on the machine (pinned with the main thread, concurrent marking took its core for ~100 ms).
// The goal is about the server: its send lateness — when it writes each audio delta to the socket
// against when that delta is due (response.create's arrival + the stream's schedule) — is
// measured inside the server process, by the same hook for both servers. The clients' arrival
// lateness (arrival against request sent + schedule) is printed too: it adds the client core's
// own queueing. Each session asks for three ~4 s audio responses back to back; session i starts
// at i/N of a response length, so phases are staggered evenly over the 100 ms cadence and, once
// every session streams, a response ends and the next starts every length/N. Only that steady
// state is measured, in the third response length: by then every session has finished a
// response, so the end of a response and the next request have run at full load and been
// compiled for it (measured in the second length, as before, the mock spent 3-4 µs more per
// delta while the JIT settled). Before it all, the mock's process is warmed up in-process (see
// server-process.mjs) to the state of a server that has been up a while. A server that misses
// the limit at a count is not run at larger ones.
//
// BENCH_KINDS=bare,mock,frames adds a third server, `frames`: the same frames prebuilt and
// written as the mock's transport writes them (see server-process.mjs), the mock without its
// engine; the mock's µs/delta minus its is what the engine and host cost per delta.
//
// Env: BENCH_SESSIONS (default 1000,1500,2000,2500,3500), BENCH_CLIENTS (default 3),
// BENCH_KINDS (default bare,mock), BENCH_REPEAT (default 3: runs per server and count, the median
// p99 decides; one run's p99 at 2 000 sessions has landed anywhere from 4 to 20 ms for the same
// build here),
// BENCH_MOCK_BUILD=<path to another build's dist/index.js> runs that build as the mock
// (alternating runs of two builds are how a change's worth is measured on a noisy machine),
// BENCH_NO_PIN=1, BENCH_PROF=<dir> writes a CPU profile of each server process's measured window
// there (<kind>-<sessions>.cpuprofile), BENCH_TIMELINE=<dir> writes where each measured window's
// late deltas were, per 10 ms, next to the main thread's time and the GC pauses
// (<kind>-<sessions>.timeline.txt, see server-process.mjs), BENCH_NODE_FLAGS='--trace-gc ...'
// passes Node flags to the server processes (BENCH_NODE_FLAGS=--single-threaded-gc: both servers
// with V8's collector on the main thread alone, the configuration the README recommends for
// thousands of paced sessions on a small machine).
//
// Columns: the server's CPU counts every thread of its process (µs/delta and its kernel share
// too); `main %` is its main thread alone, which runs every session's JavaScript, and `waited` how
// long that thread waited for its core in the window (Linux schedstat; '-' elsewhere). The main
// thread's load is what the p99 follows: work that arrives while it is busy waits.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  canPin,
  loadLine,
  loadMeter,
  machineLine,
  median,
  pinMainThread,
  pinSelf,
  quantile,
  startNode,
} from './machine.mjs';
import { CREATE, SETUP, virtualSession } from './paced-session.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** A positive whole number from the environment variable `name`, or a clear error. */
function wholeNumber(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: "${text}" is not a positive whole number (e.g. ${name}=3)`);
  return value;
}
const COUNTS = (process.env.BENCH_SESSIONS ?? '1000,1500,2000,2500,3500')
  .split(',')
  .map((count) => wholeNumber('BENCH_SESSIONS', count.trim()));
const CLIENTS = wholeNumber('BENCH_CLIENTS', process.env.BENCH_CLIENTS ?? '3');
/** Runs per server and count; the median p99 decides whether the count is held. */
const REPEAT = wholeNumber('BENCH_REPEAT', process.env.BENCH_REPEAT ?? '3');
// Output folders are made here, before any run, so a path that cannot be one fails at once.
for (const name of ['BENCH_TIMELINE', 'BENCH_PROF']) {
  const dir = process.env[name];
  if (dir === undefined) continue;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new Error(
      `${name}=${dir}: cannot make that folder (${error.code ?? error.message}); give a folder path, e.g. ${name}=bench-out`,
    );
  }
}
/** Node flags of both servers' processes (none by default: V8's own defaults). */
const nodeFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
// Another build as the mock: checked here, handed to the server processes as a file URL.
if (process.env.BENCH_MOCK_BUILD !== undefined) {
  const build = resolve(process.env.BENCH_MOCK_BUILD);
  if (!existsSync(build))
    throw new Error(
      `BENCH_MOCK_BUILD: ${build} does not exist (give a build's dist/index.js, e.g. a copy of packages/mock-server/dist made before a change)`,
    );
  process.env.BENCH_MOCK_BUILD = pathToFileURL(build).href;
}
const LIMIT_MS = 10;
/** Responses each session asks for, back to back. */
const RESPONSES = 3;
const SERVER_CPU = '0';
const CLIENT_CPU = '1';

console.log(machineLine());
pinSelf(CLIENT_CPU);

/**
 * The response stream and when each frame is due, from the mock's own clock: a SessionHost in
 * realtime pace on a virtual clock, fed the frames every bench client sends.
 */
function recordSchedule() {
  const sent = [];
  const { clock, host } = virtualSession(
    { send: (text, at) => sent.push({ at, text }) },
    { seed: 1 },
  );
  const from = sent.length;
  host.receive(CREATE);
  clock.drain();
  const stream = sent.slice(from);
  return {
    setup: SETUP,
    frames: stream.map((f) => f.text),
    due: stream.map((f) => f.at),
    audio: stream.map((f) => f.text.startsWith('{"type":"response.output_audio.delta"')),
  };
}

const schedule = recordSchedule();
const deltas = schedule.audio.filter(Boolean).length;
/** One response's length: sessions start spread over it, so phases cover the 100 ms cadence. */
const LENGTH_MS = Math.max(...schedule.due);

/**
 * Resolves with the first IPC message of `child` that has `key`; rejects, naming the process and
 * what it was waiting for, if the child exits first (a bad BENCH_NODE_FLAGS, a crash), instead of
 * waiting for ever.
 */
const reply = (child, key) =>
  new Promise((resolve, reject) => {
    const on = (message) => {
      if (message[key] === undefined) return;
      child.off('message', on);
      child.off('exit', exited);
      resolve(message);
    };
    const exited = (code, signal) => {
      child.off('message', on);
      reject(
        new Error(
          `${child.spawnargs.join(' ')} exited (${signal ?? `code ${code}`}) before it answered "${key}"; its error is above${nodeFlags.length > 0 ? ` (check BENCH_NODE_FLAGS=${nodeFlags.join(' ')})` : ''}`,
        ),
      );
    };
    child.on('message', on);
    child.once('exit', exited);
  });
const ask = (child, message, key) => {
  const answer = reply(child, key);
  child.send(message);
  return answer;
};
const epochNow = () => performance.timeOrigin + performance.now();
const cpuUs = (usage) => usage.user + usage.system;

const clients = await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    const child = startNode(join(here, 'paced-client.mjs'), [], { cpu: CLIENT_CPU });
    await reply(child, 'started');
    return child;
  }),
);

/** One run: `sessions` sessions against a fresh server process of `kind`. */
async function measure(kind, sessions) {
  const server = startNode(join(here, 'server-process.mjs'), [kind, 'paced'], {
    execArgv: nodeFlags,
  });
  const { port } = await reply(server, 'port');
  pinMainThread(server.pid, SERVER_CPU);
  await ask(server, schedule, 'ok');
  // Every session is connected and set up before any response starts.
  const share = (i) =>
    Array.from({ length: sessions }, (_, s) => s).filter((s) => s % CLIENTS === i);
  await Promise.all(
    clients.map((c, i) =>
      ask(c, { connect: { port, sessions: share(i).length, setup: SETUP } }, 'ready'),
    ),
  );
  await new Promise((r) => setTimeout(r, 300)); // the setup answers drain
  // Session i starts at i × LENGTH_MS / sessions and asks for RESPONSES responses back to back:
  // from LENGTH_MS on every session streams, and a response ends and the next starts every
  // LENGTH_MS / sessions. Only the last response length, that steady state's, is measured.
  const at = epochNow() + 100;
  const steady = [at + (RESPONSES - 1) * LENGTH_MS, at + RESPONSES * LENGTH_MS];
  await ask(server, { watch: steady, limit: LIMIT_MS, label: `${kind}-${sessions}` }, 'watching');
  const own0 = cpuUs(process.cpuUsage());
  const meter = loadMeter();
  const wall0 = performance.now();
  const results = await Promise.all(
    clients.map((c, i) =>
      ask(
        c,
        {
          go: {
            at,
            starts: share(i).map((s) => (s * LENGTH_MS) / sessions),
            due: schedule.due,
            audio: schedule.audio,
            responses: RESPONSES,
            window: steady,
          },
        },
        'done',
      ),
    ),
  );
  const wallMs = performance.now() - wall0;
  const stats = await ask(server, { stats: true }, 'count');
  const clientCpuUs = results.reduce((sum, r) => sum + r.done.cpuUs, 0);
  const other = meter.otherPercent(stats.runCpuUs + clientCpuUs + cpuUs(process.cpuUsage()) - own0);
  await Promise.all(clients.map((c) => ask(c, { close: true }, 'closed')));
  server.send({ exit: true });
  await new Promise((resolve) => server.once('exit', resolve));
  const arrival = results.flatMap((r) => r.done.lateness);
  const frames = results.reduce((sum, r) => sum + r.done.frames, 0);
  const mismatches = stats.mismatches + results.reduce((sum, r) => sum + r.done.mismatches, 0);
  if (frames !== RESPONSES * sessions * schedule.frames.length || mismatches > 0)
    throw new Error(`${kind}: ${frames} frames, ${mismatches} not where the schedule says`);
  return {
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    cpuPercent: (100 * stats.cpuUs) / (LENGTH_MS * 1000),
    mainPercent: (100 * stats.mainRunMs) / LENGTH_MS,
    mainWaitMs: stats.mainWaitMs,
    cpuPerDelta: stats.cpuUs / stats.count,
    systemPerDelta: stats.systemUs / stats.count,
    rssMb: stats.peakRss / 2 ** 20,
    gc: stats.gc,
    clientP99: quantile(arrival, 0.99),
    clientCpuPercent: (100 * clientCpuUs) / (wallMs * 1000),
    other,
  };
}

console.log(
  `\nEach session: ${RESPONSES} audio responses back to back, ${deltas} deltas (${(LENGTH_MS / 1000).toFixed(1)} s) each; starts spread over one response (staggered phases); measured in the last response length, while every session streams.`,
);
console.log(
  canPin
    ? `Server's main thread pinned to core ${SERVER_CPU} (its helper threads on any core); ${CLIENTS} client processes pinned to core ${CLIENT_CPU}.`
    : `Not pinned (no taskset, one core, or BENCH_NO_PIN): the ${CLIENTS} client processes share the cores with the server.`,
);
if (nodeFlags.length > 0)
  console.log(`Both servers' processes run with Node flags: ${nodeFlags.join(' ')}`);
console.log(
  '\nServer send lateness of audio deltas (ms), measured in the server process; its CPU (% of a core, µs per delta sent, and how much of that is kernel time), its main thread alone (% of a core, ms it waited for the core) and garbage-collector pauses (how many, their total, the longest in ms, and of them the mark-compacts of the whole heap: how many, the longest) in the same window; client arrival p99 for reference:',
);
const columns = [
  ['sessions', 8],
  ['server', 7],
  ['p50', 6],
  ['p99', 6],
  ['max', 6],
  ['CPU %', 6],
  ['µs/delta', 8],
  ['of it kernel', 12],
  ['main %', 6],
  ['waited', 6],
  ['RSS MB', 7],
  ['GC pauses', 9],
  ['GC max', 6],
  ['mark-compacts', 13],
  ['client p99', 10],
  ['client CPU %', 12],
  ['other load %', 12],
];
const row = (cells) =>
  `  ${cells.map((cell, i) => (i === 1 ? String(cell).padEnd(columns[i][1]) : String(cell).padStart(columns[i][1]))).join(' ')}`;
console.log(row(columns.map(([name]) => name)));
const KINDS = (process.env.BENCH_KINDS ?? 'bare,mock').split(',');
for (const kind of KINDS)
  if (!['bare', 'mock', 'frames'].includes(kind))
    throw new Error(`BENCH_KINDS: unknown server "${kind}" (bare, mock, frames)`);
const held = { bare: 0, mock: 0, frames: 0 };
const over = { bare: undefined, mock: undefined, frames: undefined };
let worstOther = 0;
for (const sessions of COUNTS) {
  for (const kind of KINDS) {
    const name = kind === 'bare' ? 'bare ws' : kind;
    if (over[kind] !== undefined) {
      console.log(row([sessions, name, ...columns.slice(2).map(() => '-')]));
      continue;
    }
    // BENCH_REPEAT runs: the median p99 decides (one run's p99 is at the mercy of the machine).
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const r = await measure(kind, sessions);
      runs.push(r);
      worstOther = Math.max(worstOther, r.other ?? 0);
      console.log(
        row([
          sessions,
          name,
          r.p50.toFixed(1),
          r.p99.toFixed(1),
          r.max.toFixed(1),
          r.cpuPercent.toFixed(0),
          r.cpuPerDelta.toFixed(0),
          r.systemPerDelta.toFixed(0),
          Number.isNaN(r.mainPercent) ? '-' : r.mainPercent.toFixed(0),
          Number.isNaN(r.mainWaitMs) ? '-' : r.mainWaitMs.toFixed(0),
          r.rssMb.toFixed(0),
          `${r.gc.count} ${r.gc.totalMs.toFixed(0).padStart(3)}ms`,
          r.gc.maxMs.toFixed(1),
          r.gc.major === 0 ? '0' : `${r.gc.major}, ${r.gc.majorMaxMs.toFixed(1)}ms`,
          r.clientP99.toFixed(1),
          r.clientCpuPercent.toFixed(0),
          r.other === undefined ? '-' : r.other.toFixed(0),
        ]),
      );
    }
    const p99 = median(runs.map((r) => r.p99));
    if (REPEAT > 1) {
      const cells = columns.map(() => '');
      cells[0] = sessions;
      cells[1] = name;
      cells[3] = p99.toFixed(1);
      cells[6] = median(runs.map((r) => r.cpuPerDelta)).toFixed(0);
      console.log(`${row(cells)}   ← median of ${REPEAT} runs`);
    }
    if (p99 < LIMIT_MS) held[kind] = sessions;
    else over[kind] = sessions;
  }
}
for (const child of clients) child.send({ exit: true });

const upTo = (kind) =>
  `${held[kind]}${over[kind] === undefined ? '+' : ` (misses at ${over[kind]})`}`;
const names = { mock: 'mock', bare: 'bare ws', frames: 'frames' };
console.log(
  `\nMost sessions with server p99 send lateness < ${LIMIT_MS} ms: ${KINDS.map((kind) => `${names[kind]} ${upTo(kind)}`).join(', ')}`,
);
if (KINDS.includes('mock'))
  console.log(
    `  mock goal ≥ 2 000: ${held.mock >= 2000 ? 'PASS' : 'MISS'}; stretch ≥ 3 500: ${held.mock >= 3500 ? 'PASS' : 'MISS'}; mock/bare sessions held: ${KINDS.includes('bare') && held.bare > 0 ? (held.mock / held.bare).toFixed(2) : '-'}×`,
  );
const line = loadLine(worstOther);
if (line !== '') console.log(line.replace('during the run', 'during the worst run'));
