// `soundcheck validate`: the planted problems of fixtures/transcripts/planted-problems.jsonl are
// found exactly (rules listed in its sidecar), nothing is found in the mock's own transcripts,
// plain event logs and multi-session transcripts work, and the exit codes and JSON output hold.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../src/cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'fixtures/transcripts');
const fixture = (name: string) => join(fixtures, name);
const dir = mkdtempSync(join(tmpdir(), 'soundcheck-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `lines` to a temp file; returns its path. */
function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const linesOf = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');

interface JsonProblem {
  kind: 'problem';
  file: string;
  line: number;
  session: number;
  direction?: string;
  severity: string;
  type: string;
  path: string;
  reason: string;
  rule: string;
}
interface Run {
  code: number;
  out: string;
  err: string;
  problems: JsonProblem[];
  summary: Record<string, number>;
}

async function validate(...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(['validate', '--format', 'json', ...args], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  const objects = out
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string });
  return {
    code,
    out,
    err,
    problems: objects.filter((o): o is JsonProblem => o.kind === 'problem'),
    summary: objects.find((o) => o.kind === 'summary') as unknown as Record<string, number>,
  };
}

const key = (p: { session: number; line: number; rule: string; severity: string }) =>
  `${p.session}:${p.line}:${p.rule}:${p.severity}`;

/** The frames of a transcript as a plain event log (one event per line). */
const plainLog = (path: string): string[] =>
  linesOf(path)
    .map((l) => JSON.parse(l) as { frame?: unknown })
    .filter((l) => l.frame !== undefined)
    .map((l) => JSON.stringify(l.frame));

describe('soundcheck validate', () => {
  it('finds every planted problem, and only those, at their lines', async () => {
    const sidecar = JSON.parse(readFileSync(fixture('planted-problems.expected.json'), 'utf8')) as {
      problems: { session: number; line: number; rule: string; severity: string }[];
    };
    expect(sidecar.problems.length).toBeGreaterThanOrEqual(10);
    const run = await validate(fixture('planted-problems.jsonl'));
    expect(run.code).toBe(1);
    expect(run.problems.map(key).sort()).toEqual(sidecar.problems.map(key).sort());
    expect(run.summary).toMatchObject({
      files: 1,
      sessions: 2,
      errors: sidecar.problems.filter((p) => p.severity === 'error').length,
      warnings: sidecar.problems.filter((p) => p.severity === 'warning').length,
      unreadable: 0,
    });
  });

  it("finds nothing in the mock's own transcripts of both dialects", async () => {
    const run = await validate(fixture('clean-ga.jsonl'), fixture('clean-beta.jsonl'));
    expect(run.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ files: 2, sessions: 2, errors: 0, warnings: 0 });
    expect(run.summary.frames).toBeGreaterThan(200);
  });

  it.each(['ga', 'beta'])(
    'finds nothing in a fresh %s recording of the mock (sources, not the fixture)',
    async (dialect) => {
      const script = pathToFileURL(join(root, 'fixtures/scripts/make-transcripts.mjs')).href;
      const { recordTranscript } = (await import(script)) as {
        recordTranscript: (d: string, m: typeof main, ws: typeof WebSocket) => Promise<string>;
      };
      const text = await recordTranscript(dialect, main, WebSocket);
      const path = file(`fresh-${dialect}.jsonl`, text.trimEnd().split('\n'));
      const run = await validate(path);
      expect(run.problems).toEqual([]);
      expect(run.code).toBe(0);
    },
  );

  it('reads plain event logs: direction from the type, dialect from the events', async () => {
    const ga = file('plain-ga.jsonl', plainLog(fixture('clean-ga.jsonl')));
    const beta = file('plain-beta.jsonl', plainLog(fixture('clean-beta.jsonl')));
    const run = await validate(ga, beta);
    expect(run.problems).toEqual([]);
    expect(run.summary).toMatchObject({ files: 2, sessions: 2, errors: 0, warnings: 0 });
    // The flag decides for files without a header: a beta log read as GA is full of beta names.
    const forced = await validate('--dialect', 'ga', beta);
    expect(forced.code).toBe(1);
    expect(forced.problems.some((p) => p.rule === 'response.event-names')).toBe(true);
  });

  it('reports a problem of a plain log at its line, and starts a session at each session.created', async () => {
    const events = plainLog(fixture('clean-ga.jsonl'));
    const partAdded = events.findIndex((e) => e.includes('"response.content_part.added"'));
    const broken = events.filter((_, i) => i !== partAdded);
    const path = file('plain-broken.jsonl', [...broken, ...events]);
    const run = await validate(path);
    expect(run.code).toBe(1);
    // The next frame (the first delta, now on the part's line) is the first to miss its part.
    expect(run.problems[0]).toMatchObject({
      line: partAdded + 1,
      session: 0,
      direction: 'server',
      rule: 'response.lifecycle.order',
    });
    expect(run.problems.every((p) => p.session === 0)).toBe(true);
    expect(run.summary.sessions).toBe(2);
  });

  it('validates a multi-session transcript, each session with its own dialect', async () => {
    const ga = linesOf(fixture('clean-ga.jsonl'));
    const beta = linesOf(fixture('clean-beta.jsonl')).map((l) =>
      l
        .replace(
          /^\{"format":"soundcheck.transcript","version":1,"session":0/,
          '{"format":"soundcheck.transcript","version":1,"session":1',
        )
        .replace(/^\{"t":([\d.]+),"session":0,/, '{"t":$1,"session":1,'),
    );
    const lines: string[] = [];
    for (let i = 0; i < Math.max(ga.length, beta.length); i++) {
      if (i < ga.length) lines.push(ga[i] as string);
      if (i < beta.length) lines.push(beta[i] as string);
    }
    const clean = await validate(file('two-sessions.jsonl', lines));
    expect(clean.problems).toEqual([]);
    expect(clean.summary).toMatchObject({ sessions: 2, errors: 0 });
    // A wrong done text in the beta session is found there, at its line.
    const at = lines.findIndex(
      (l) => l.includes('"session":1') && l.includes('"response.text.done"'),
    );
    const record = JSON.parse(lines[at] as string) as { frame: { text: string } };
    record.frame.text = 'Something else.';
    lines[at] = JSON.stringify(record);
    const broken = await validate(file('two-sessions-broken.jsonl', lines));
    expect(broken.problems.map(key)).toEqual([`1:${at + 1}:response.lifecycle.order:error`]);
    expect(broken.problems[0]?.path).toBe('$.text');
  });

  it('reports a line that is not JSON with its number and goes on', async () => {
    const lines = linesOf(fixture('clean-ga.jsonl'));
    lines.splice(10, 0, '{"t":0,"session":0,"direction":"server","frame":{"type":"respo');
    const done = lines.findIndex((l) => l.includes('"response.output_text.done"'));
    lines[done] = (lines[done] as string).replace(/"text":"/, '"text":"X');
    const run = await validate(file('not-json-line.jsonl', lines));
    expect(run.problems.map(key)).toEqual([
      '0:11:events.json-text:error',
      `0:${done + 1}:response.lifecycle.order:error`,
    ]);
    expect(run.problems[0]?.reason).toMatch(/^not JSON/);
    expect(run.code).toBe(1);
  });

  it('reports a transcript line that is JSON but not an object at its line, and goes on', async () => {
    const lines = linesOf(fixture('clean-ga.jsonl'));
    lines.splice(3, 0, '""', '42', '[1,2]', 'null');
    const run = await validate(file('not-object-lines.jsonl', lines));
    expect(run.problems.map(key)).toEqual([
      '0:4:events.json-text:error',
      '0:5:events.json-text:error',
      '0:6:events.json-text:error',
      '0:7:events.json-text:error',
    ]);
    expect(run.problems.map((p) => p.reason)).toEqual(
      ['a string', 'a number', 'an array', 'null'].map(
        (found) => `not a transcript line: expected a JSON object, found ${found}`,
      ),
    );
    expect(run.summary.unreadable).toBe(0);
    expect(run.code).toBe(1);
  });

  it('prints one text line per problem and a summary', async () => {
    let out = '';
    const code = await main(['validate', fixture('planted-problems.jsonl')], {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
    });
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    const problems = lines.slice(0, -1);
    expect(problems.length).toBeGreaterThanOrEqual(10);
    for (const line of problems) {
      expect(line).toMatch(
        /^\S+planted-problems\.jsonl:\d+: (error|warning) \S+ \$\S*: .+ \[[a-z]+\.[a-z0-9.-]+\]$/,
      );
    }
    expect(problems[0]).toContain(
      'planted-problems.jsonl:12: error response.output_text.delta $.content_index: ',
    );
    expect(lines.at(-1)).toMatch(
      /^1 file, 2 sessions, \d+ frames \(.+\) in [\d.]+ s.*: \d+ errors, 2 warnings$/,
    );
  });

  it('exits 2 on a missing file or a file that is not JSON Lines, naming it, and still checks the rest', async () => {
    const missing = join(dir, 'nope.jsonl');
    const run = await validate(fixture('clean-ga.jsonl'), missing);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`cannot read ${missing}: no such file [no_such_file]`);
    expect(run.err).toMatch(/hint: /);
    expect(run.summary).toMatchObject({ files: 2, sessions: 1, unreadable: 1, errors: 0 });
    expect(run.out).toContain('"kind":"unreadable"');

    const pretty = file(
      'pretty.json',
      JSON.stringify({ type: 'session.update' }, null, 2).split('\n'),
    );
    const notJsonl = await validate(pretty);
    expect(notJsonl.code).toBe(2);
    expect(notJsonl.err).toContain(`${pretty}:1: not JSON Lines`);
    expect(notJsonl.err).toContain('jq -c');

    const folder = await validate(dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a folder');
  });

  it('exits 2 on a bad flag or no file, 0 with --help', async () => {
    expect((await validate('--dialect', 'v2', fixture('clean-ga.jsonl'))).code).toBe(2);
    expect((await validate('--format', 'xml', fixture('clean-ga.jsonl'))).err).toMatch(
      /text, json/,
    );
    expect((await validate()).err).toMatch(/no file to validate/);
    expect((await validate('--bogus', fixture('clean-ga.jsonl'))).code).toBe(2);
    let out = '';
    expect(
      await main(['validate', '--help'], { stdout: (t) => (out += t), stderr: () => {} }),
    ).toBe(0);
    for (const flag of ['--dialect', '--strict', '--format']) expect(out).toContain(flag);
  });

  it('--strict makes unknown server fields errors', async () => {
    const lines = linesOf(fixture('clean-ga.jsonl'));
    const at = lines.findIndex((l) => l.includes('"rate_limits.updated"'));
    lines[at] = (lines[at] as string).replace('"rate_limits":', '"surprise":1,"rate_limits":');
    const path = file('extra-field.jsonl', lines);
    expect((await validate(path)).problems).toEqual([]);
    const strict = await validate('--strict', path);
    expect(strict.problems.map(key)).toEqual([`0:${at + 1}:response.rate-limits:error`]);
  });
});
