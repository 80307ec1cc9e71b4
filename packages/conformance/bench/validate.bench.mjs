#!/usr/bin/env node
// `soundcheck validate` on a large transcript: throughput against the floor of any JSONL checker
// (reading the same file line by line with the same reader and JSON.parse-ing each line), in the
// same run, and peak memory (RSS) at two file sizes to show it stays flat as the file grows.
//
// The file: the clean GA and beta transcripts of fixtures/transcripts/, repeated with renumbered
// sessions until it reaches the size (mostly 100 ms audio deltas by bytes, mostly small events by
// count), written to the OS temp folder and deleted at the end.
//
// Throughput is the steady state of a long run: validate warms up with one pass over the large
// file (zod compiles a schema on its 1000th event of a type, V8 optimises), then validate and the
// baseline take turns on it, BENCH_ROUNDS times (default 5); the fastest of each counts (on a
// shared machine the slow rounds are other load). The cold figure of a fresh process (the
// `soundcheck validate` CLI in a child, start-up included) is printed beside it. Peak RSS is the
// child's maxRSS. `pnpm bench` at the repo root builds first, then runs this.
//
// Env: BENCH_MB (large file, default 200), BENCH_SMALL_MB (default 50), BENCH_ROUNDS (default 5).
// `--child <validate|baseline> FILE` is the child mode (prints one JSON line).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, readLines, validateFile } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../../fixtures/transcripts');

/** The floor: read each line with the same reader, JSON.parse it. Returns the line count. */
async function baseline(file) {
  let lines = 0;
  for await (const { text } of readLines(file)) {
    JSON.parse(text);
    lines++;
  }
  return lines;
}

if (process.argv[2] === '--child') {
  const [, , , kind, file] = process.argv;
  const started = performance.now();
  let code = 0;
  if (kind === 'baseline') await baseline(file);
  else
    code = await main(['validate', file], {
      stdout: () => {},
      stderr: (t) => process.stderr.write(t),
    });
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ ms, code, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
  process.exit(0);
}

const LARGE_MB = Number(process.env.BENCH_MB ?? 200);
const SMALL_MB = Number(process.env.BENCH_SMALL_MB ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

console.log(
  `CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), Node ${process.version}`,
);

/** Writes the clean sessions again and again (session k = repetition k) until `mb` megabytes. */
async function makeTranscript(file, mb) {
  const sources = ['clean-ga.jsonl', 'clean-beta.jsonl'].map((name) =>
    readFileSync(join(fixtures, name), 'utf8').trimEnd().split('\n'),
  );
  const out = createWriteStream(file);
  const target = mb * 1024 * 1024;
  let size = 0;
  let session = 0;
  while (size < target) {
    for (const lines of sources) {
      const renumbered = lines.map((l) => l.replace(/"session":0([,}])/, `"session":${session}$1`));
      const chunk = `${renumbered.join('\n')}\n`;
      size += Buffer.byteLength(chunk);
      session++;
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  await new Promise((resolve) => out.end(resolve));
  return { sessions: session, bytes: statSync(file).size };
}

function child(kind, file) {
  const result = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child', kind, file],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`child ${kind} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

const dir = mkdtempSync(join(tmpdir(), 'soundcheck-validate-bench-'));
try {
  const large = join(dir, `large-${LARGE_MB}.jsonl`);
  const small = join(dir, `small-${SMALL_MB}.jsonl`);
  const made = await makeTranscript(large, LARGE_MB);
  const madeSmall = await makeTranscript(small, SMALL_MB);
  const mb = made.bytes / (1024 * 1024);
  console.log(
    `\nTranscript: ${mb.toFixed(0)} MB, ${made.sessions} sessions (the clean GA and beta fixtures repeated), in the OS temp folder`,
  );

  // Warm-up: one pass over the large file (it also checks that the file is clean: a problem
  // would skew the timing). zod compiles a schema on its 1000th event of a type; V8 optimises.
  let problems = 0;
  const warmStarted = performance.now();
  const warm = await validateFile(large, { dialect: 'auto' }, () => problems++);
  const warmMs = performance.now() - warmStarted;
  if (problems !== 0) throw new Error(`the bench transcript has ${problems} problems`);

  const times = { baseline: [], validate: [] };
  let frames = 0;
  let lines = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    lines = await baseline(large);
    times.baseline.push(performance.now() - t);
    t = performance.now();
    const stats = await validateFile(large, { dialect: 'auto' }, () => problems++);
    times.validate.push(performance.now() - t);
    frames = stats.frames;
  }
  const best = (xs) => Math.min(...xs);
  const b = best(times.baseline);
  const v = best(times.validate);
  const ratio = v / b;
  const row = (name, ms, count, unit) =>
    `  ${name.padEnd(30)} ${(mb / (ms / 1000)).toFixed(1).padStart(8)} MB/s ${Math.round(
      count / (ms / 1000),
    )
      .toLocaleString('en-US')
      .padStart(11)} ${unit}/s ${(ms / 1000).toFixed(2).padStart(7)} s`;
  console.log(
    `\nThroughput, steady state (fastest of ${ROUNDS} alternating rounds, after one warm-up pass of ${(warmMs / 1000).toFixed(2)} s over the ${warm.frames.toLocaleString('en-US')} frames):`,
  );
  console.log(row('readLines + JSON.parse', b, lines, 'lines'));
  console.log(row('validate (schemas + rules)', v, frames, 'frames'));
  console.log(
    `  validate / baseline: ${ratio.toFixed(2)}× (goal ≤ 2.00×) ${ratio <= 2 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  all rounds, s: baseline ${times.baseline.map((x) => (x / 1000).toFixed(2)).join(' ')}; validate ${times.validate.map((x) => (x / 1000).toFixed(2)).join(' ')}`,
  );

  // Fresh processes: the CLI end to end (cold), and peak memory at two sizes.
  const coldBase = child('baseline', large);
  const coldLarge = child('validate', large);
  const coldSmall = child('validate', small);
  const smallMb = madeSmall.bytes / (1024 * 1024);
  console.log(`\nFresh process (\`soundcheck validate FILE\`, start-up and warm-up included):`);
  console.log(
    `  ${mb.toFixed(0)} MB: validate ${(coldLarge.ms / 1000).toFixed(2)} s (${(mb / (coldLarge.ms / 1000)).toFixed(1)} MB/s), baseline ${(coldBase.ms / 1000).toFixed(2)} s: ${(coldLarge.ms / coldBase.ms).toFixed(2)}× (reference)`,
  );
  const rss = (r) => `${(r.maxRssKb / 1024).toFixed(0)} MB`;
  console.log(`\nPeak memory (maxRSS of the process):`);
  console.log(`  validate, ${smallMb.toFixed(0)} MB file: ${rss(coldSmall)}`);
  console.log(`  validate, ${mb.toFixed(0)} MB file: ${rss(coldLarge)}`);
  console.log(`  baseline, ${mb.toFixed(0)} MB file: ${rss(coldBase)}`);
  const growth = coldLarge.maxRssKb / coldSmall.maxRssKb;
  console.log(
    `  validate RSS ${mb.toFixed(0)} MB / ${smallMb.toFixed(0)} MB file: ${growth.toFixed(2)}× for a ${(mb / smallMb).toFixed(1)}× larger file (goal ≤ 1.20×: flat) ${growth <= 1.2 ? 'PASS' : 'MISS'}`,
  );
  if (coldLarge.code !== 0 || coldSmall.code !== 0) throw new Error('validate found problems');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
