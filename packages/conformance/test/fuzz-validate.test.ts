// Property tests of `soundcheck validate`: files made of the lines of real transcripts, reordered,
// cut and mutated, mixed with random JSON and text that is not JSON. Whatever the file holds,
// the command finishes (exit 0 or 1, or 2 with the file, the line and a hint for a file that is
// not JSON Lines; never a stack trace), every problem names the file and a line that exists, the summary counts what was listed, the exit code follows the errors, and the
// same file gives the same report twice.
//
// fast-check's seed is fixed so that CI checks the same files each time; FUZZ_SEED=<n> and
// FUZZ_RUNS=<n> explore others.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

const root = fileURLToPath(new URL('../../../', import.meta.url));
const transcriptLines = (name: string) =>
  readFileSync(join(root, 'fixtures/transcripts', name), 'utf8')
    .trimEnd()
    .split('\n');
const SOURCES = [transcriptLines('clean-ga.jsonl'), transcriptLines('clean-beta.jsonl')];

const dir = mkdtempSync(join(tmpdir(), 'soundcheck-fuzz-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A change to one line of a transcript, as JSON or as text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('keep') }),
  fc.record({ kind: fc.constant('drop-key'), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set-key'), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('retype'), type: fc.string({ maxLength: 30 }) }),
  fc.record({ kind: fc.constant('cut'), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** `line` changed by `m`: a key of its frame (or of the line) dropped or set, its type changed, or the text cut. */
function mutate(line: string, m: Mutation): string {
  if (m.kind === 'keep') return line;
  if (m.kind === 'cut') return line.slice(0, m.at % Math.max(1, line.length));
  const record = JSON.parse(line) as Record<string, unknown>;
  const target =
    typeof record.frame === 'object' && record.frame !== null
      ? (record.frame as Record<string, unknown>)
      : record;
  const keys = Object.keys(target);
  if (m.kind === 'retype') target.type = m.type;
  else if (keys.length > 0) {
    const key = keys[m.pick % keys.length] as string;
    if (m.kind === 'drop-key') delete target[key];
    else target[key] = m.value;
  }
  return JSON.stringify(record);
}

/** One line of a file: a transcript's line (mutated or not), random JSON, or text. */
const line = fc.oneof(
  {
    arbitrary: fc
      .record({ source: fc.nat(SOURCES.length - 1), index: fc.nat(), change: mutation })
      .map(({ source, index, change }) => {
        const lines = SOURCES[source] as string[];
        return mutate(lines[index % lines.length] as string, change);
      }),
    weight: 8,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
  { arbitrary: fc.constantFrom('', ' ', 'not json', '{', '\uFEFF{}', '{"frame":'), weight: 1 },
);

interface Report {
  code: number;
  out: string;
  err: string;
}

async function validate(path: string): Promise<Report> {
  let out = '';
  let err = '';
  const code = await main(['validate', '--format', 'json', path], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('soundcheck validate on random files', () => {
  it('finishes, names a real line for every problem, counts them, and exits 1 exactly on errors', async () => {
    let n = 0;
    const seen = { clean: 0, errors: 0, unreadable: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
        const path = join(dir, `file-${n++}.jsonl`);
        writeFileSync(path, `${lines.join('\n')}\n`);
        const report = await validate(path);
        expect([0, 1, 2], report.err).toContain(report.code);
        expect(report.err).not.toMatch(/\n\s+at /);
        const objects = report.out
          .trimEnd()
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const problems = objects.filter((o) => o.kind === 'problem');
        const summary = objects.find((o) => o.kind === 'summary');
        expect(summary).toBeDefined();
        for (const p of problems) {
          expect(p.file).toBe(path);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.length);
          expect(typeof p.reason).toBe('string');
          expect(typeof p.rule).toBe('string');
        }
        // A file that is not JSON Lines at all: exit 2, the file and line named, and a hint.
        if (report.code === 2) {
          expect(report.err).toMatch(
            new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `),
          );
          expect(report.err).toContain('hint:');
          expect(summary?.unreadable).toBe(1);
          seen.unreadable++;
          return;
        }
        const errors = problems.filter((p) => p.severity === 'error').length;
        expect(summary?.errors).toBe(errors);
        expect(summary?.warnings).toBe(problems.length - errors);
        expect(report.code).toBe(errors > 0 ? 1 : 0);
        if (errors > 0) seen.errors++;
        else seen.clean++;
        // The same file, the same report (the timing aside).
        const again = await validate(path);
        const withoutTime = (text: string) => text.replace(/"ms":[0-9.]+/, '"ms":0');
        expect(withoutTime(again.out)).toBe(withoutTime(report.out));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both verdicts were reached (mostly errors: most random files are broken somewhere).
    expect(seen.errors).toBeGreaterThan(0);
    expect(seen.clean).toBeGreaterThan(0);
  });
});
