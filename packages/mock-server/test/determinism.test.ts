// Determinism: the same client frames give byte-identical server frames — ids, `expires_at` and
// all — in two separate processes, and in the built package as in the sources.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryPair } from '../src/index.js';

const script = fileURLToPath(new URL('./fixtures/session-script.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function run(dialect: string, seed: number): string {
  if (!existsSync(dist))
    throw new Error('packages/mock-server/dist is missing: run `pnpm build` first');
  return execFileSync(process.execPath, [script, dist, dialect, String(seed)], {
    encoding: 'utf8',
  });
}

describe('determinism', () => {
  it.each(['ga', 'beta'])(
    '%s: two processes, same seed and frames → byte-identical frames',
    (dialect) => {
      const first = run(dialect, 42);
      const second = run(dialect, 42);
      const frames = first.trim().split('\n');
      expect(frames.length).toBeGreaterThan(50);
      expect(frames.some((f) => f.includes('speech_started'))).toBe(true);
      expect(frames.some((f) => f.includes('function_call_arguments.done'))).toBe(true);
      expect(second).toBe(first);
      // A different seed changes the ids, and only the ids.
      const other = run(dialect, 43);
      expect(other).not.toBe(first);
      const strip = (text: string) =>
        text.replace(/"(event|item|resp|call|sess|conv)_[A-Za-z0-9]{21}"/g, '"$1_"');
      expect(strip(other)).toBe(strip(first));
    },
  );

  it('gives the same frames in-process from the sources', () => {
    const { client } = createMemoryPair({ dialect: 'ga', seed: 42 });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    client.send({ type: 'response.create' });
    const again = createMemoryPair({ dialect: 'ga', seed: 42 }).client;
    again.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    again.send({ type: 'response.create' });
    expect(again.frames).toEqual(client.frames);
  });
});
