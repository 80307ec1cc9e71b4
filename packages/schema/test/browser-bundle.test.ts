// The package runs in a browser: it bundles for `platform: 'browser'` with no Node built-in, and
// the bundle parses events in a realm that has only what a browser has (no process, require,
// Buffer or module).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build, type Metafile, transform } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const builtins = new Set(builtinModules);

/** A Node built-in, spelled `node:x`, `x` or `x/sub` (`fs/promises`). */
const isBuiltin = (path: string) =>
  path.startsWith('node:') || builtins.has(path) || builtins.has(path.split('/')[0] ?? '');

interface ParseResultLike {
  success: boolean;
  data?: { type: string };
  error?: { message: string; issues: { path: (string | number)[]; code: string }[] };
}
type Parse = (input: unknown, options?: object) => ParseResultLike;
interface Bundle {
  parseClientEvent: Parse;
  parseServerEvent: Parse;
}

let code = '';
let metafile: Metafile;
let bundle: Bundle;
const consoleCalls: string[] = [];

beforeAll(async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  code = result.outputFiles[0]?.text ?? '';
  metafile = result.metafile;

  // Evaluate the ESM bundle as a script (vm modules need a Node flag): esbuild only turns its
  // `export { ... }` into an object on `globalThis.__bundle`.
  const script = await transform(code, { format: 'iife', globalName: '__bundle' });
  const record =
    (method: string) =>
    (...args: unknown[]) =>
      consoleCalls.push(`${method}: ${args.map(String).join(' ')}`);
  const context = createContext({
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    URL,
    console: Object.fromEntries(
      ['log', 'info', 'warn', 'error', 'debug'].map((m) => [m, record(m)] as const),
    ),
  });
  runInContext(script.code, context);
  bundle = runInContext('globalThis.__bundle', context) as Bundle;
  expect(
    runInContext('[typeof process, typeof require, typeof Buffer, typeof module]', context),
  ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
});

describe('browser bundle', () => {
  it('imports no Node built-in and leaves nothing external', () => {
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => isBuiltin(i.path) || i.external === true)).toEqual([]);
    expect(Object.keys(metafile.inputs).some((path) => path.includes('node_modules/zod/'))).toBe(
      true,
    );
    expect(code).not.toMatch(/\brequire\(\s*["'](node:)?[a-z_]+["']\s*\)/);
  });

  it('parses a valid server event', () => {
    const delta = btoa(String.fromCharCode(1, 0, 2, 0));
    const r = bundle.parseServerEvent(
      JSON.stringify({
        event_id: 'event_1',
        type: 'response.output_audio.delta',
        response_id: 'resp_1',
        item_id: 'item_1',
        output_index: 0,
        content_index: 0,
        delta,
      }),
      { dialect: 'ga' },
    );
    expect(r.success).toBe(true);
    expect(r.data?.type).toBe('response.output_audio.delta');
  });

  it('rejects an invalid client event with its path and reason', () => {
    const audio = btoa(String.fromCharCode(1, 2, 3));
    const r = bundle.parseClientEvent(
      JSON.stringify({ type: 'input_audio_buffer.append', audio }),
      { dialect: 'ga' },
    );
    expect(r.success).toBe(false);
    expect(JSON.parse(JSON.stringify(r.error?.issues))).toEqual([
      expect.objectContaining({ path: ['audio'], code: 'custom' }),
    ]);
    expect(r.error?.message).toContain('whole number of 16-bit samples');
  });

  it('rejects an unknown key in a client event, and never logs', () => {
    const r = bundle.parseClientEvent(
      '{"type":"input_audio_buffer.append","audio":"AAAAAA==","x":1}',
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(consoleCalls).toEqual([]);
  });
});
