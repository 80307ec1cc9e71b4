// `soundcheck serve --scenario <name>` plays each shipped scenario to a client that connects,
// prints what the user does and the verdict, and rejects a bad scenario with file, line and fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarios, shippedScenarioDir, type UserAction } from '@soundcheck/mock-server';
import { describe, expect, it } from 'vitest';
import { ReferenceClient } from '../../mock-server/test/reference-client.js';
import { main } from '../src/cli.js';

function cli(args: string[]) {
  let out = '';
  let err = '';
  const listeners: (() => void)[] = [];
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const exit = main(args, {
    stdout: (t) => {
      out += t;
      for (const l of listeners.splice(0)) l();
    },
    stderr: (t) => {
      err += t;
    },
    stopped,
  });
  const until = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const check = () => {
        const m = out.match(re);
        if (m !== null) resolve(m);
        else listeners.push(check);
      };
      check();
    });
  return { exit, stop, until, out: () => out, err: () => err };
}

/** Parses a `user:` line of serve's output back into the action. */
function action(line: string): UserAction {
  const text = /user: types (".*") \(after/.exec(line);
  if (text !== null) return { text: JSON.parse(text[1] as string) as string };
  const audio = /user: speaks (\S+)/.exec(line);
  if (audio !== null) return { audio: audio[1] as string };
  return { interrupt: true };
}

const dir = shippedScenarioDir();

describe('soundcheck serve --scenario', () => {
  const cases = loadScenarios(dir).flatMap((s) => s.dialects.map((d) => [s.name, d] as const));

  it.each(cases)('plays %s (%s) to a connecting client: PASSED, exit 0', async (name, dialect) => {
    const c = cli(['serve', '--port', '0', '--scenario', name]);
    const [url] = await c.until(/^ws:\S+/);
    expect(c.out()).toContain(`Playing scenario ${name}`);
    const scenario = loadScenarios(dir).find((s) => s.name === name);
    const manual =
      (scenario?.session?.audio as { input?: { turn_detection?: unknown } } | undefined)?.input
        ?.turn_detection === null;
    const client = new ReferenceClient({
      url: url as string,
      dialect,
      scenarioDir: dir,
      manualTurns: manual,
      intent: scenario?.connection?.intent ?? 'realtime',
      summarize: name === 'out-of-band-response',
    });
    if (scenario?.connection?.intent === 'transcription')
      expect(c.out()).toContain(
        `Playing scenario ${name} (beta, ga; transcription sessions: connect with ?intent=transcription): `,
      );
    // Act on each `user:` line once the client has the frames the server had sent by then.
    let seen = 0;
    const follow = async () => {
      for (;;) {
        const lines = c
          .out()
          .split('\n')
          .filter((l) => l.includes('] steps[') && l.includes(' user: '));
        for (const line of lines.slice(seen)) {
          seen++;
          const after = Number(/after server frame (\d+)/.exec(line)?.[1] ?? 0);
          void client.user(action(line), after);
        }
        await new Promise((r) => setTimeout(r, 5));
        if (/\] scenario \S+ \(\w+\): \w/.test(c.out())) return;
      }
    };
    await follow();
    const [verdict] = await c.until(/\[session 0\] scenario \S+ \((beta|ga)\): [A-Z-]+/);
    expect(verdict).toBe(`[session 0] scenario ${name} (${dialect}): PASSED`);
    client.close();
    await client.closed;
    c.stop();
    expect(await c.exit).toBe(0);
  });

  it('exits 1 when a session fails its scenario', async () => {
    const c = cli(['serve', '--port', '0', '--scenario', 'text-turn']);
    const [url] = await c.until(/^ws:\S+/);
    const client = new ReferenceClient({
      url: url as string,
      dialect: 'ga',
      scenarioDir: dir,
      manualTurns: false,
      quirks: { doubleCreate: true },
    });
    const [line] = await c.until(/steps\[0\] user: .*\n/);
    void client.user(action(line), 0);
    await c.until(/: FAILED — /);
    expect(c.out()).toMatch(/FAILED unexpected: unexpected response\.create/);
    client.close();
    await client.closed;
    c.stop();
    expect(await c.exit).toBe(1);
  });

  it('rejects an unknown scenario name with the known names', async () => {
    const c = cli(['serve', '--port', '0', '--scenario', 'nope']);
    expect(await c.exit).toBe(2);
    expect(c.err()).toMatch(/no shipped scenario named "nope" \[invalid_scenario\]/);
    expect(c.err()).toMatch(/hint: known scenarios: .*barge-in-truncate/);
  });

  it('rejects a broken scenario file with its file, line, path and fix', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'soundcheck-scenario-')), 'broken.json');
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          name: 'broken',
          description: 'A wait that is too short.',
          dialects: ['ga'],
          strict: false,
          steps: [{ wait: { ms: -5 } }],
        },
        null,
        2,
      )}\n`,
    );
    const c = cli(['serve', '--port', '0', '--scenario', file]);
    expect(await c.exit).toBe(2);
    expect(c.err()).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: \\$\\.steps\\[0\\]\\.wait\\.ms: `,
      ),
    );
    expect(c.err()).toMatch(/hint: /);
  });
});
