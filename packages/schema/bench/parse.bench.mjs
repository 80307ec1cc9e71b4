// Parse cost of @soundcheck/schema as ratios to JSON.parse, measured side by side in one run, with
// the goal next to each ratio. `pnpm bench` at the repo root builds first, then runs this.
// Options: `--quick` (short budgets: a smoke run, noisier), `--dialect=ga` or `--dialect=beta`,
// `--check` (exit 1 when a goal is missed).
//
// Every cost is per event, from the JSON text: JSON.parse alone; parseServerEvent /
// parseClientEvent; zod's runtime parser without the fast path; ajv on the generated JSON Schema;
// and, on the GA stream, the parser of @openai/agents-realtime.
//
// How it times: a parser and JSON.parse take turns on the same small chunk of events (in
// alternating order), over and over; a parser's cost is the sum over chunks of its mean time on
// the chunk (garbage collection included, times when the process was switched out left out).
// Timing one parser for a while and then the next (as mitata's runner does) let the other load
// of a shared 2-core machine swing ratios by a third from run to run; taking turns cancels it.
// Each parser is paired with JSON.parse alone, never with a third parser. Before timing, each
// parser parses each event type WARM times: the steady state of a long session (fast paths
// built, code optimised by V8).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beta, ga, parseClientEvent, parseServerEvent } from '@soundcheck/schema';
import Ajv2020Module from 'ajv/dist/2020.js';
import { do_not_optimize } from 'mitata';
import { z } from 'zod';
import { clientStream, HOT, loadExamples, serverStream } from './streams.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--dialect='))?.slice('--dialect='.length);
const STREAM_MS = quick ? 400 : 4000;
const TYPE_MS = quick ? 40 : 250;
const WARM = quick ? 1000 : 3000;

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const fixturesDir = join(packageDir, '../../fixtures/events');
const lib = { beta, ga };

// ---- measuring ---------------------------------------------------------------------------------

const now = performance.now.bind(performance);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * A chunk's typical time: the mean of its times, leaving out those over ten times the median
 * (the process was switched out). Garbage collection pauses stay in: a parser that allocates
 * more pays for it.
 */
function typical(times) {
  const cut = median(times) * 10;
  let sum = 0;
  let n = 0;
  for (const t of times) {
    if (t <= cut) {
      sum += t;
      n++;
    }
  }
  return sum / n;
}

/**
 * Times `parsers` (the first is the baseline) taking turns on chunks of `list` for about `ms`.
 * Returns ns per event for each, and each one's ratio to the baseline.
 */
function paired(list, parsers, ms, chunk = 16) {
  const chunks = [];
  for (let c = 0; c < list.length; c += chunk) chunks.push(list.slice(c, c + chunk));
  const times = parsers.map(() => chunks.map(() => []));
  const start = now();
  let rounds = 0;
  while (rounds < 5 || now() - start < ms) {
    for (let c = 0; c < chunks.length; c++) {
      const items = chunks[c];
      for (let k = 0; k < parsers.length; k++) {
        const p = (k + rounds + c) % parsers.length;
        const parse = parsers[p];
        const t0 = now();
        for (let i = 0; i < items.length; i++) do_not_optimize(parse(items[i]));
        times[p][c].push(now() - t0);
      }
    }
    rounds++;
  }
  const ns = times.map((t) => (t.reduce((sum, ts) => sum + typical(ts), 0) * 1e6) / list.length);
  return { rounds, ns, ratio: ns.map((n) => n / ns[0]) };
}

/**
 * Times each parser after the first (the baseline) in its own pairing with the baseline, so that
 * no third parser's code competes with it for the processor's caches (an application runs one).
 */
function against(list, parsers, ms, chunk = 16) {
  const [base, ...others] = parsers;
  const runs = others.map((parse) => paired(list, [base, parse], ms / others.length, chunk));
  return {
    rounds: Math.min(...runs.map((r) => r.rounds)),
    ns: [median(runs.map((r) => r.ns[0])), ...runs.map((r) => r.ns[1])],
    base: [median(runs.map((r) => r.ns[0])), ...runs.map((r) => r.ns[0])],
    ratio: [1, ...runs.map((r) => r.ratio[1])],
  };
}

/**
 * Runs every parser over every event type WARM times before anything is timed (at least the
 * 1000 parses after which a type is compiled).
 */
function warm(byType, parsers) {
  for (const list of byType.values()) {
    for (const parse of parsers) {
      for (let n = 0; n < WARM; n++) do_not_optimize(parse(list[n % list.length]));
    }
  }
}

// ---- the parsers compared ----------------------------------------------------------------------

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const rejected = (validate, stream) => stream.filter((s) => !validate(JSON.parse(s))).length;

/**
 * ajv (draft 2020-12, discriminator on) for the generated bundle. When the bundle is missing, or
 * rejects events of the stream that the zod schemas accept (out of date), z.toJSONSchema of the
 * union instead, so that ajv is timed on the same verdicts.
 */
function ajvFor(dialect, direction, stream) {
  const make = (schema) =>
    new Ajv2020({ discriminator: true, strict: false, logger: false }).compile(schema);
  const name = `json-schema/${dialect}/${direction}-events.json`;
  let why;
  try {
    const validate = make(JSON.parse(readFileSync(join(packageDir, name), 'utf8')));
    const rejects = rejected(validate, stream);
    if (rejects === 0) return { validate, source: name };
    why = `${name} rejects ${rejects} valid events of the stream`;
  } catch (error) {
    why = error.code === 'ENOENT' ? `no ${name}` : `${name}: ${error.message}`;
  }
  const union = direction === 'client' ? lib[dialect].ClientEvent : lib[dialect].ServerEvent;
  const schema = z.toJSONSchema(union, { unrepresentable: 'any' });
  if (schema.anyOf && !schema.oneOf) {
    schema.oneOf = schema.anyOf;
    delete schema.anyOf;
  }
  schema.discriminator = { propertyName: 'type' };
  const validate = make(schema);
  const rejects = rejected(validate, stream);
  return { validate, source: `z.toJSONSchema of the union (${why}; it rejects ${rejects})` };
}

/** The peer: @openai/agents-realtime's own parseRealtimeEvent (not in its exports map). */
async function peerParser() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@openai/agents-realtime');
  const events = await import(pathToFileURL(join(dirname(entry), 'openaiRealtimeEvents.mjs')).href);
  return events.parseRealtimeEvent;
}

/** Stops the run when the stream has an event the parser rejects: the figures would be wrong. */
function mustParse(stream, parse, options, label) {
  const bad = new Map();
  for (const text of stream) {
    const r = parse(text, options);
    if (!r.success) bad.set(r.error.eventType, r.error.message);
  }
  if (bad.size > 0) {
    console.error(
      `The ${label} stream has events the parser rejects; fix the fixtures or schemas:`,
    );
    for (const message of bad.values()) console.error(message);
    process.exit(2);
  }
}

// ---- the report ----------------------------------------------------------------------------------

const rows = [];
const typeRows = [];
const notes = [];
const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;
const x = (ratio) => `${ratio.toFixed(2)}×`;
const byName = ([a], [b]) => (a < b ? -1 : 1);

function row(what, r, i, goal = '', pass = undefined) {
  const verdict = pass === undefined ? '' : pass ? 'PASS' : 'MISS';
  rows.push({ what, ns: r.ns[i], base: r.base[i], ratio: r.ratio[i], goal, verdict });
}

function perType(dialect, direction, byType, parse) {
  for (const [type, list] of [...byType].sort(byName)) {
    // At least 32 events, 8 to a chunk, so that the clock's own cost stays small beside them.
    const items = Array.from(
      { length: Math.max(32, list.length) },
      (_, i) => list[i % list.length],
    );
    const r = paired(items, [JSON.parse, parse], TYPE_MS, 8);
    typeRows.push({ dialect, direction, type, json: r.ns[0], ns: r.ns[1], ratio: r.ratio[1] });
  }
}

const peerParse = await peerParser();

for (const dialect of ['ga', 'beta'].filter((d) => only === undefined || d === only)) {
  const opts = { dialect };
  const full = { dialect, base64: 'full' };

  // The server stream.
  const server = serverStream(dialect, loadExamples(fixturesDir, dialect, 'server'));
  mustParse(server.stream, parseServerEvent, opts, `${dialect} server`);
  if (server.missing.length > 0) {
    notes.push(
      `${dialect}: no fixture for ${server.missing.join(', ')}; built from the usual fields`,
    );
  }
  const kib = server.stream.reduce((n, s) => n + s.length, 0) / server.stream.length / 1024;
  const lenient = lib[dialect].serverEvents;
  const ajv = ajvFor(dialect, 'server', server.stream);
  const ours = (s) => parseServerEvent(s, opts);
  const zodRuntime = (s) => {
    const v = JSON.parse(s);
    return lenient[v.type].safeParse(v);
  };
  const ajvServer = (s) => ajv.validate(JSON.parse(s));
  const peer = (s) => peerParse({ data: s });
  const parsers = [JSON.parse, ours, zodRuntime, ajvServer];
  if (dialect === 'ga') parsers.push(peer);
  warm(server.byType, parsers);
  const s = against(server.stream, parsers, STREAM_MS);
  notes.push(
    `${dialect} server stream: ${server.stream.length} events of ${server.byType.size} types, ${kib.toFixed(1)} KiB on average; ${s.rounds} rounds per parser`,
  );
  notes.push(`${dialect} server ajv schema: ${ajv.source}`);
  const label = `${dialect} server stream`;
  row(`${label}: parseServerEvent (lenient)`, s, 1, '≤ 1.30×', s.ratio[1] <= 1.3);
  row(`${label}: zod runtime, no fast path`, s, 2, '(reference)');
  row(`${label}: ajv, no base64 check`, s, 3, '(reference)');
  if (dialect === 'ga') {
    const generic = server.stream.filter((t) => peer(t).isGeneric).length;
    notes.push(
      `peer parseRealtimeEvent: ${generic} of ${server.stream.length} GA events fell to its generic schema`,
    );
    row(
      `${label}: @openai/agents-realtime parseRealtimeEvent`,
      s,
      4,
      '(peer: 1.61× on an AMD EPYC)',
    );
  }

  // The full alphabet check on 100 ms audio deltas (each its own JSON.parse).
  const audio = server.byType.get(HOT[dialect].audio);
  mustParse(audio, parseServerEvent, full, `${dialect} audio (base64 full)`);
  const oursFull = (t) => parseServerEvent(t, full);
  warm(new Map([['audio', audio]]), [oursFull]);
  const f = against(audio, [JSON.parse, oursFull, ours], TYPE_MS * 4, 4);
  const audioLabel = `${dialect} ${HOT[dialect].audio}`;
  row(`${audioLabel}, base64 'structure' (default)`, f, 2, '(every field checked)');
  row(`${audioLabel}, base64 'full'`, f, 1, '≤ 1.80×', f.ratio[1] <= 1.8);
  perType(dialect, 'server', server.byType, ours);

  // Strict client parsing against ajv on the generated (strict) client bundle.
  const client = clientStream(dialect, loadExamples(fixturesDir, dialect, 'client'));
  mustParse(client.stream, parseClientEvent, opts, `${dialect} client`);
  const ajvClient = ajvFor(dialect, 'client', client.stream);
  const oursClient = (t) => parseClientEvent(t, opts);
  const ajvStrict = (t) => ajvClient.validate(JSON.parse(t));
  warm(client.byType, [JSON.parse, oursClient, ajvStrict]);
  const c = against(client.stream, [JSON.parse, oursClient, ajvStrict], STREAM_MS / 4);
  // The goal compares the two parsers with each other, so they take turns with each other: two
  // ratios to JSON.parse from separate pairings differ by the drift of JSON.parse between them
  // (up to 5% here), more than the gap being judged.
  const head = paired(client.stream, [ajvStrict, oursClient], STREAM_MS / 4);
  notes.push(
    `${dialect} client stream: ${client.stream.length} events of ${client.byType.size} types; ${c.rounds} and ${head.rounds} rounds; ajv schema: ${ajvClient.source}`,
  );
  row(`${dialect} client stream: ajv (strict bundle)`, c, 2, '(reference)');
  row(`${dialect} client stream: parseClientEvent (strict)`, c, 1, '(see next row)');
  rows.push({
    what: `${dialect} client stream: parseClientEvent (strict), taking turns with ajv`,
    ns: head.ns[1],
    base: head.ns[0],
    ratio: head.ratio[1],
    baseLabel: 'ajv',
    goal: '≤ 1.00× ajv',
    verdict: head.ratio[1] <= 1 ? 'PASS' : 'MISS',
  });
  perType(dialect, 'client', client.byType, oursClient);
}

const worst = [...typeRows].sort((a, b) => b.ratio - a.ratio);
row(
  `every event type, worst: ${worst[0].dialect} ${worst[0].direction} ${worst[0].type}`,
  { ns: [worst[0].ns], base: [worst[0].json], ratio: [worst[0].ratio] },
  0,
  '≤ 4.00× (own JSON.parse)',
  worst[0].ratio <= 4,
);

const zodVersion = `${z.core.version.major}.${z.core.version.minor}.${z.core.version.patch}`;
console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`);
console.log(`Node: ${process.version}; zod ${zodVersion}`);
console.log(`Command: pnpm bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\n`);
console.log('| what | per event | baseline | × baseline | goal | |');
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const r of rows) {
  const base = `${us(r.base)} (${r.baseLabel ?? 'JSON.parse'})`;
  console.log(`| ${r.what} | ${us(r.ns)} | ${base} | ${x(r.ratio)} | ${r.goal} | ${r.verdict} |`);
}
console.log("\nPer event type (ratio to that event's own JSON.parse; goal ≤ 4.00×):\n");
console.log('| dialect | direction | type | JSON.parse | parse | × | |');
console.log('| --- | --- | --- | ---: | ---: | ---: | --- |');
for (const r of worst) {
  const verdict = r.ratio <= 4 ? 'PASS' : 'MISS';
  console.log(
    `| ${r.dialect} | ${r.direction} | ${r.type} | ${us(r.json)} | ${us(r.ns)} | ${x(r.ratio)} | ${verdict} |`,
  );
}
console.log('\nNotes:');
for (const n of notes) console.log(`- ${n}`);
const misses = rows.filter((r) => r.verdict === 'MISS');
console.log(misses.length === 0 ? '\nEvery goal met.' : `\n${misses.length} goal(s) missed.`);
// A missed goal is reported, not fatal: `pnpm bench` goes on to the other packages' benches.
// `--check` makes it the exit code.
if (args.includes('--check') && misses.length > 0) process.exitCode = 1;
