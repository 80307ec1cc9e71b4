// The packages as a user installs them: each one packed with `pnpm pack` (as it would be published),
// unpacked into a fresh project's node_modules next to its third-party dependencies, and then run
// from there: `npx soundcheck serve` answers a client and stops cleanly on Ctrl-C, and the
// libraries load by their package names, as ES modules and CommonJS. This is what proves the
// published files (`files`, `exports`, `bin`, the workspace versions rewritten) and not the
// sources the other tests import.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PACKAGES = ['schema', 'mock-server', 'conformance'] as const;

let work: string;
/** The user's project: node_modules holds the three packed packages and their dependencies. */
let app: string;
/** Each packed package's package.json. */
const manifests: Record<
  string,
  { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }
> = {};
/** Each tarball's file list. */
const contents: Record<string, string[]> = {};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'soundcheck-packed-'));
  app = join(work, 'app');
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, '@soundcheck'), { recursive: true });
  mkdirSync(join(modules, '.bin'));
  const linked = new Set<string>();
  for (const name of PACKAGES) {
    const dir = join(root, 'packages', name);
    const out = join(work, 'packs', name);
    mkdirSync(out, { recursive: true });
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'ignore' });
    const tarball = join(out, readdirSync(out)[0] as string);
    contents[name] = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line !== '');
    const target = join(modules, '@soundcheck', name);
    mkdirSync(target);
    execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    manifests[name] = manifest;
    // Third-party dependencies as npm would place them: found by name from the project's
    // node_modules (here, the very copies the workspace installed). Peers too: a user of
    // `@soundcheck/mock-server/msw` has installed msw, its optional peer.
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (dep.startsWith('@soundcheck/') || linked.has(dep)) continue;
      linked.add(dep);
      const from = realpathSync(join(dir, 'node_modules', dep));
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(from, join(modules, dep));
    }
  }
  symlinkSync('../@soundcheck/conformance/bin/soundcheck.js', join(modules, '.bin', 'soundcheck'));
}, 120_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('depend on each other by version, not on the workspace', () => {
    for (const name of PACKAGES) {
      for (const [dep, range] of Object.entries(manifests[name]?.dependencies ?? {}))
        expect(range, `${name} → ${dep}`).not.toMatch(/^workspace:/);
    }
    expect(manifests.conformance?.dependencies?.['@soundcheck/mock-server']).toMatch(/^\d/);
  });

  it('ship their built files, README and bin, and no sources or tests', () => {
    const files = contents.conformance as string[];
    expect(files).toContain('package/bin/soundcheck.js');
    expect(files).toContain('package/dist/cli.js');
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/transcript.schema.json');
    for (const name of PACKAGES) {
      const shipped = contents[name] as string[];
      expect(shipped).toContain('package/dist/index.js');
      expect(shipped).toContain('package/dist/index.cjs');
      expect(shipped).toContain('package/dist/index.d.ts');
      expect(shipped.filter((file) => /^package\/(src|test|bench)\//.test(file))).toEqual([]);
    }
  });

  it('load by name as ES modules and as CommonJS', () => {
    const esm = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const schema = await import('@soundcheck/schema');
         const mock = await import('@soundcheck/mock-server');
         const msw = await import('@soundcheck/mock-server/msw');
         const cli = await import('@soundcheck/conformance');
         console.log([typeof schema.parseClientEvent, typeof mock.createMockServer, typeof msw.realtimeHandler, typeof cli.main].join(' '));`,
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(esm.trim()).toBe('function function function function');
    const cjs = execFileSync(
      process.execPath,
      [
        '-e',
        `console.log([typeof require('@soundcheck/schema').parseServerEvent, typeof require('@soundcheck/mock-server').createMemoryPair].join(' '))`,
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(cjs.trim()).toBe('function function');
  });

  it('`npx soundcheck serve` prints its URL, answers a client and closes it with 1001 on Ctrl-C', async () => {
    // In a process group of its own: Ctrl-C in a terminal signals the whole foreground group
    // (npx and the CLI it runs), and so does the test.
    const child: ChildProcess = spawn(
      'npx',
      ['--no-install', 'soundcheck', 'serve', '--port', '0'],
      {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    const group = -(child.pid as number);
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      err += String(chunk);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      for (let i = 0; i < 500 && !out.includes('\n'); i++)
        await new Promise((r) => setTimeout(r, 20));
      const url = out.split('\n')[0] as string;
      expect(url, `stdout: ${out}\nstderr: ${err}`).toMatch(
        /^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/,
      );
      const ws = new WebSocket(`${url}?model=gpt-realtime`);
      const first = await new Promise<{ type: string }>((resolve, reject) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data))));
        ws.once('error', reject);
      });
      expect(first.type).toBe('session.created');
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      process.kill(group, 'SIGINT');
      expect(await closed).toBe(1001);
      // npm exits by the signal as Ctrl-C leaves it (a shell shows 130); an error would be a code.
      const { code, signal } = await exited;
      expect(code === 0 || signal === 'SIGINT', `exit code ${code}, signal ${signal}`).toBe(true);
      // And the server itself is gone: nothing of the group is left running.
      for (let i = 0; i < 100 && alive(group); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(group)).toBe(false);
    } finally {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // the group has exited
      }
    }
  });
});

/** Whether any process of the group is still running. */
describe('the installed bin when its reader stops early (`soundcheck … | head -1`)', () => {
  const bin = () => join(app, 'node_modules/@soundcheck/conformance/bin/soundcheck.js');
  /** Runs the bin with its stdout pipe; `reader` gets the pipe and the child. */
  function run(args: string[]) {
    const child = spawn(process.execPath, [bin(), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (chunk) => {
      err += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, err: () => err };
  }

  it('`scenario list` with its pipe closed before the first line: exit 0, nothing on stderr', async () => {
    const { child, exited, err } = run(['scenario', 'list']);
    child.stdout?.destroy();
    expect({ code: await exited, err: err() }).toEqual({ code: 0, err: '' });
  });

  it('`serve` keeps serving after its reader left, and stops cleanly', async () => {
    const { child, exited, err } = run(['serve', '--port', '0', '--scenario', 'text-turn']);
    let out = '';
    const url = await new Promise<string>((resolve) => {
      child.stdout?.on('data', (chunk) => {
        out += String(chunk);
        if (out.includes('\n')) resolve(out.split('\n')[0] as string);
      });
    });
    child.stdout?.destroy();
    // Each session makes the scenario print its `user:` line: that write now finds no reader.
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`${url}?model=gpt-realtime`);
      const first = await new Promise<{ type: string }>((resolve, reject) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data))));
        ws.once('error', reject);
      });
      expect(first.type).toBe('session.created');
      ws.close();
    }
    child.kill('SIGINT');
    // Exit 1 as documented: both sessions closed before their scenario ended (INCOMPLETE).
    expect({ code: await exited, err: err() }).toEqual({ code: 1, err: '' });
  });
});

function alive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}
