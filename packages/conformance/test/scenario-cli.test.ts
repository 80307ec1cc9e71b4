// `soundcheck scenario list` and `soundcheck scenario check`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedScenarioDir } from '@soundcheck/mock-server';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { capture } from './cli-support.js';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('soundcheck scenario list / check', () => {
  it('lists every shipped scenario with its dialects', async () => {
    const r = await run(['scenario', 'list']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(19);
    expect(lines.find((l) => l.startsWith('barge-in-truncate'))).toMatch(
      /^barge-in-truncate\s+beta\+ga\s+strict\s+The user talks over a long audio answer\.$/,
    );
    expect(lines.find((l) => l.startsWith('beta-handshake-rejected'))).toMatch(/\sbeta\s/);
  });

  it('checks good files (exit 0) and names file, line, path and fix of a bad one (exit 1)', async () => {
    const good = join(shippedScenarioDir(), 'text-turn.json');
    const bad = join(mkdtempSync(join(tmpdir(), 'soundcheck-check-')), 'bad-one.json');
    writeFileSync(
      bad,
      '{\n  "name": "bad-one",\n  "description": "x",\n  "dialects": ["ga"],\n  "strict": true,\n  "steps": [\n    { "wait": { "ms": "soon" } }\n  ]\n}\n',
    );
    const r = await run(['scenario', 'check', good, bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${good}: ok (text-turn, 4 steps, beta+ga)`);
    expect(r.out).toMatch(
      new RegExp(
        `${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7: \\$\\.steps\\[0\\]\\.wait\\.ms: `,
      ),
    );
    expect(r.out).toMatch(/\n {2}hint: /);
  });

  it('needs a file to check', async () => {
    const r = await run(['scenario', 'check']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/check needs at least one scenario file/);
  });
});
