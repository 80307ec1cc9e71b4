import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../src/cli.js';
import { TranscriptLineSchema } from '../src/transcript/format.js';
import { capture, firstLine } from './cli-support.js';

describe('soundcheck serve', () => {
  it('prints the URL first, serves a session, writes the transcript and stops cleanly with 1001', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soundcheck-serve-'));
    const transcript = join(dir, 'session.jsonl');
    const c = capture();
    const exit = main(['serve', '--port', '0', '--seed', '7', '--transcript', transcript], c.io);
    const url = await firstLine(c);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    // The hint names both kinds of session a client can open.
    expect(c.out().split('\n')[1]).toBe(
      `Point a client at it: ${url}?model=gpt-realtime (GA) or add the header OpenAI-Beta: realtime=v1 (beta); ?intent=transcription opens a transcription session.`,
    );
    const ws = new WebSocket(`${url}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer sk-test' },
    });
    const types: string[] = [];
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string };
        types.push(event.type);
        if (event.type === 'session.created')
          ws.send(JSON.stringify({ type: 'input_audio_buffer.clear' }));
        if (event.type === 'input_audio_buffer.cleared') resolve();
      });
    });
    c.stop();
    expect(await exit).toBe(0);
    expect(await closed).toBe(1001);
    expect(types).toEqual(['session.created', 'input_audio_buffer.cleared']);
    const lines = readFileSync(transcript, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      format: 'soundcheck.transcript',
      version: 1,
      session: 0,
      dialect: 'ga',
      path: '/v1/realtime',
      model: 'gpt-realtime',
      source: 'serve',
    });
    expect(
      lines.slice(1).map((l) => [l.session, l.direction, l.frame?.type ?? l.close?.code]),
    ).toEqual([
      [0, 'server', 'session.created'],
      [0, 'client', 'input_audio_buffer.clear'],
      [0, 'server', 'input_audio_buffer.cleared'],
      [0, 'server', 1001],
    ]);
    for (const line of lines) expect(TranscriptLineSchema.safeParse(line).success).toBe(true);
  });

  it('writes a transcription session with its intent and no model in the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soundcheck-serve-'));
    const transcript = join(dir, 'session.jsonl');
    const c = capture();
    const exit = main(['serve', '--port', '0', '--transcript', transcript], c.io);
    const url = await firstLine(c);
    const ws = new WebSocket(`${url}?intent=transcription`);
    const first = await new Promise<{ type: string; session: { type: string } }>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    expect(first.session.type).toBe('transcription');
    c.stop();
    expect(await exit).toBe(0);
    const [header] = readFileSync(transcript, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(header).toEqual({
      format: 'soundcheck.transcript',
      version: 1,
      session: 0,
      dialect: 'ga',
      path: '/v1/realtime',
      model: null,
      query: { intent: 'transcription' },
      source: 'serve',
    });
  });

  it.each([
    [['serve', '--prot', '1'], /Unknown option '--prot'/, /soundcheck serve --help/],
    [
      ['serve', '--port', 'eighty'],
      /invalid value for --port: "eighty"/,
      /integer from 0 to 65535/,
    ],
    [['serve', '--dialect', 'v2'], /invalid value for --dialect: "v2"/, /auto, beta, ga/],
    [['launch'], /unknown command "launch"/, /serve, help/],
  ])('refuses %j with exit 2, the problem and a hint', async (argv, problem, hint) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toMatch(hint);
  });

  it('serves wss:// with --tls and prints the certificate file to trust', async () => {
    const c = capture();
    const exit = main(['serve', '--port', '0', '--tls'], c.io);
    const url = await firstLine(c);
    expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    await printed(c, 'TLS certificate');
    const caFile = /TLS certificate: (\S+)/.exec(c.out())?.[1] as string;
    expect(await firstEvent(url, { ca: readFileSync(caFile) })).toBe('session.created');
    c.stop();
    expect(await exit).toBe(0);
  });

  it('on every interface (--host 0.0.0.0) prints a loopback URL and says how other machines reach it', async () => {
    const c = capture();
    const exit = main(['serve', '--host', '0.0.0.0', '--port', '0'], c.io);
    const url = await firstLine(c);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    await printed(c, 'every interface');
    expect(c.out()).toContain(
      "Listening on every interface (0.0.0.0): from another machine, use this machine's address in place of the host above.",
    );
    expect(await firstEvent(url)).toBe('session.created');
    c.stop();
    expect(await exit).toBe(0);
  });

  it('documents every flag in --help', async () => {
    const c = capture();
    expect(await main(['serve', '--help'], c.io)).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--dialect',
      '--pace',
      '--api-key',
      '--seed',
      '--beta-retired',
      '--transcript',
    ]) {
      expect(c.out()).toContain(flag);
    }
  });
});

/** Waits (up to 2 s) until the command has printed `text`. */
async function printed(c: ReturnType<typeof capture>, text: string): Promise<void> {
  for (let i = 0; i < 200 && !c.out().includes(text); i++)
    await new Promise((r) => setTimeout(r, 10));
}

/** The type of the first event a GA session at `url` sends. */
async function firstEvent(url: string, options: WebSocket.ClientOptions = {}): Promise<string> {
  const ws = new WebSocket(`${url}?model=gpt-realtime`, options);
  return new Promise<string>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)).type));
    ws.once('error', reject);
  });
}
