// soundcheck record: the relay between a client and an upstream server, tested with our own mock
// as the upstream (no outside network), over ws and wss.
// Rules: handshake.subprotocol-realtime, handshake.dialect-marker, handshake.beta-shape-disabled,
// handshake.call-id-sideband, auth.credential-forms, auth.invalid-key, auth.browser-ephemeral,
// close.fatal-error-then-close.

import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
  type MockSession,
} from '@soundcheck/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../src/cli.js';
import { CliError } from '../src/cli-errors.js';
import { maskSecret, SecretMasker } from '../src/record/mask.js';
import { createRecorder, type Recorder, type RecorderOptions } from '../src/record/relay.js';
import { parseRecordArgs } from '../src/record.js';
import { mockTranscriptHooks } from '../src/serve.js';
import { TranscriptLineSchema } from '../src/transcript/format.js';
import { TranscriptWriter } from '../src/transcript/writer.js';
import { capture, firstLine } from './cli-support.js';

type Line = Record<string, unknown> & {
  direction?: string;
  frame?: { type?: string };
  close?: { code: number; reason: string };
};

/** A transcript written to memory. */
function memoryTranscript() {
  const chunks: string[] = [];
  return {
    writer: new TranscriptWriter((line) => chunks.push(line)),
    text: () => chunks.join(''),
    lines: (): Line[] =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Line),
  };
}

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The mock with its own transcript (written by the same writer, through its hooks). */
async function mock(options: MockServerOptions = {}) {
  const transcript = memoryTranscript();
  const sent: Array<string | Uint8Array> = [];
  const sessions: MockSession[] = [];
  let closedOnce!: () => void;
  const closed = new Promise<void>((resolve) => {
    closedOnce = resolve;
  });
  const hooks = mockTranscriptHooks(transcript.writer);
  const server = await createMockServer({
    ...options,
    onConnection: (session) => {
      sessions.push(session);
      hooks.onConnection(session);
    },
    onFrame: (frame) => {
      if (frame.direction === 'server') sent.push(frame.data);
      hooks.onFrame(frame);
    },
    onClose: (session, close) => {
      hooks.onClose(session, close);
      closedOnce();
    },
  });
  cleanup.push(() => server.close());
  return { server, transcript, sent, sessions, closed };
}

async function relay(upstream: MockServer, options: Partial<RecorderOptions> = {}) {
  const transcript = memoryTranscript();
  const recorder: Recorder = await createRecorder({
    upstream: upstream.url,
    transcript: transcript.writer,
    ...(upstream.ca === undefined ? {} : { ca: upstream.ca }),
    ...options,
  });
  cleanup.push(() => recorder.close());
  return { recorder, transcript };
}

/** A `ws` client keeping every frame it receives, raw. */
async function connect(
  url: string,
  protocols: string[] = [],
  options: WebSocket.ClientOptions = {},
) {
  const ws = new WebSocket(url, protocols, options);
  const frames: Array<string | Buffer> = [];
  const waiters: Array<{ type: string; resolve: () => void }> = [];
  ws.on('message', (data: Buffer, binary) => {
    frames.push(binary ? data : data.toString('utf8'));
    if (binary) return;
    const type = (JSON.parse(data.toString('utf8')) as { type: string }).type;
    for (const w of waiters.filter((w) => w.type === type)) w.resolve();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const types = () =>
    frames
      .filter((f) => typeof f === 'string')
      .map((f) => (JSON.parse(f) as { type: string }).type);
  return {
    ws,
    frames,
    closed,
    types,
    send: (event: unknown) => ws.send(typeof event === 'string' ? event : JSON.stringify(event)),
    waitFor: (type: string) =>
      types().includes(type)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ type, resolve })),
  };
}

/** The status a refused upgrade answered, and its body. */
function refusal(url: string, options: WebSocket.ClientOptions = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('open', () => reject(new Error('the upgrade succeeded')));
    ws.once('error', reject);
  });
}

/** A GA turn: configure, one non-JSON text frame, one binary frame, a text item, a response. */
async function gaTurn(client: Awaited<ReturnType<typeof connect>>, text = 'Hello there') {
  await client.waitFor('session.created');
  client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Be brief.' } });
  client.send('not json');
  client.ws.send(Buffer.from([1, 2, 3, 4]), { binary: true });
  client.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  client.send({ type: 'response.create' });
  await client.waitFor('response.done');
}

const frameFields = (lines: Line[], direction: string) =>
  lines
    .filter((l) => l.direction === direction && !('close' in l))
    .map((l) =>
      'frame' in l ? { frame: l.frame } : 'text' in l ? { text: l.text } : { binary: l.binary },
    );

describe.each([
  ['ws', false],
  ['wss', true],
] as const)('a session relayed to the mock over %s', (_name, tls) => {
  it('reaches the client frame for frame, and records what the mock itself records', async () => {
    const upstream = await mock({ tls, apiKeys: ['sk-test-relay-0001'] });
    expect(upstream.server.url.startsWith(tls ? 'wss://' : 'ws://')).toBe(true);
    const { recorder, transcript } = await relay(upstream.server);
    const client = await connect(`${recorder.url}?model=gpt-realtime`, [], {
      headers: { Authorization: 'Bearer sk-test-relay-0001' },
    });
    await gaTurn(client);
    client.ws.close(1000, 'done');
    expect(await client.closed).toEqual({ code: 1000, reason: 'done' });
    await upstream.closed;

    // Exactly the frames the mock sent, in order, text as text and binary as binary.
    expect(client.frames).toEqual(upstream.sent);
    expect(client.types()).toContain('response.done');

    const ours = transcript.lines();
    const theirs = upstream.transcript.lines();
    for (const line of ours) expect(TranscriptLineSchema.safeParse(line).success).toBe(true);
    expect(ours[0]).toEqual({ ...theirs[0], source: 'record' });
    expect(ours[0]).toEqual({
      format: 'soundcheck.transcript',
      version: 1,
      session: 0,
      dialect: 'ga',
      path: '/v1/realtime',
      model: 'gpt-realtime',
      source: 'record',
    });
    expect(frameFields(ours, 'server')).toEqual(frameFields(theirs, 'server'));
    expect(frameFields(ours, 'client')).toEqual(frameFields(theirs, 'client'));
    expect(frameFields(ours, 'client')).toContainEqual({ text: 'not json' });
    expect(frameFields(ours, 'client')).toContainEqual({ binary: 'AQIDBA==' });
    const closes = (lines: Line[]) =>
      lines.filter((l) => 'close' in l).map((l) => [l.direction, l.close]);
    expect(closes(ours)).toEqual([['client', { code: 1000, reason: 'done' }]]);
    expect(closes(ours)).toEqual(closes(theirs));
  });

  it('forwards upstream fatal closes with their codes: beta retired → 4000, wrong key → 3000', async () => {
    const retired = await mock({ tls, betaRetired: true });
    const viaRetired = await relay(retired.server);
    const beta = await connect(`${viaRetired.recorder.url}?model=gpt-4o-realtime-preview`, [], {
      headers: { 'OpenAI-Beta': 'realtime=v1' },
    });
    expect(await beta.closed).toEqual({
      code: 4000,
      reason: 'invalid_request_error.beta_api_shape_disabled',
    });
    expect(beta.types()).toEqual(['error']);
    const lines = viaRetired.transcript.lines();
    expect(lines[0]).toMatchObject({ dialect: 'beta' });
    expect(lines.at(-1)).toMatchObject({ direction: 'server', close: { code: 4000 } });

    const guarded = await mock({ tls, apiKeys: ['sk-the-right-key-0002'] });
    const viaGuarded = await relay(guarded.server);
    const wrong = await connect(`${viaGuarded.recorder.url}?model=gpt-realtime`, [], {
      headers: { Authorization: 'Bearer sk-a-wrong-key-0003' },
    });
    expect(await wrong.closed).toEqual({
      code: 3000,
      reason: 'invalid_request_error.invalid_api_key',
    });
    expect(wrong.types()).toEqual(['error']);
    expect(viaGuarded.transcript.text()).not.toContain('sk-a-wrong-key-0003');
  });
});

describe('the relay handshake', () => {
  it('passes path, query, dialect marker and subprotocols, and answers with what upstream selected', async () => {
    const upstream = await mock();
    const { recorder, transcript } = await relay(upstream.server);
    const base = recorder.url.replace('/v1/realtime', '');
    const key = 'sk-test-subprotocol-0004';
    const beta = await connect(`${recorder.url}?model=gpt-4o-realtime-preview`, [
      'realtime',
      `openai-insecure-api-key.${key}`,
      'openai-beta.realtime-v1',
    ]);
    expect(beta.ws.protocol).toBe('realtime');
    await beta.waitFor('session.created');
    beta.ws.close();
    await beta.closed;
    const azure = await connect(
      `${base}/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-4o-realtime-preview`,
      [],
      { headers: { 'api-key': 'azure-key-0005' } },
    );
    await azure.waitFor('session.created');
    azure.ws.close();
    const cased = await connect(`${base}/cases/text-turn/v1/realtime?model=gpt-realtime`);
    await cased.waitFor('session.created');
    cased.ws.close();
    await cased.closed;

    expect(upstream.sessions.map((s) => [s.path, s.dialect, s.auth, s.protocol, s.caseId])).toEqual(
      [
        ['/v1/realtime', 'beta', 'subprotocol', 'realtime', undefined],
        ['/openai/realtime', 'beta', 'api-key-header', '', undefined],
        ['/v1/realtime', 'ga', 'none', '', 'text-turn'],
      ],
    );
    const headers = transcript.lines().filter((l) => 'format' in l);
    expect(headers).toEqual([
      {
        format: 'soundcheck.transcript',
        version: 1,
        session: 0,
        dialect: 'beta',
        path: '/v1/realtime',
        model: 'gpt-4o-realtime-preview',
        protocols: ['realtime', 'openai-insecure-api-key.<redacted>', 'openai-beta.realtime-v1'],
        source: 'record',
      },
      {
        format: 'soundcheck.transcript',
        version: 1,
        session: 1,
        dialect: 'beta',
        path: '/openai/realtime',
        model: 'gpt-4o-realtime-preview',
        query: { 'api-version': '2024-10-01-preview' },
        source: 'record',
      },
      {
        format: 'soundcheck.transcript',
        version: 1,
        session: 2,
        dialect: 'ga',
        path: '/v1/realtime',
        model: 'gpt-realtime',
        source: 'record',
      },
    ]);
  });

  it('replaces the client credential with --api-key in the form the client used', async () => {
    const key = 'sk-relay-owned-key-0006';
    const upstream = await mock({ apiKeys: [key] });
    const { recorder, transcript } = await relay(upstream.server, { apiKey: key });
    const wrong = 'sk-client-key-0007';
    const forms: Array<[string, string[], WebSocket.ClientOptions]> = [
      [`${recorder.url}?model=gpt-realtime`, [], { headers: { Authorization: `Bearer ${wrong}` } }],
      [`${recorder.url}?model=gpt-realtime`, [], { headers: { 'api-key': wrong } }],
      [`${recorder.url}?model=gpt-realtime&api-key=${wrong}`, [], {}],
      [`${recorder.url}?model=gpt-realtime`, ['realtime', `openai-insecure-api-key.${wrong}`], {}],
      [`${recorder.url}?model=gpt-realtime`, [], {}],
    ];
    for (const [url, protocols, options] of forms) {
      const client = await connect(url, protocols, options);
      await client.waitFor('session.created');
      client.ws.close();
      await client.closed;
    }
    expect(upstream.sessions.map((s) => [s.auth, s.outcome])).toEqual([
      ['bearer', 'open'],
      ['api-key-header', 'open'],
      ['api-key-query', 'open'],
      ['subprotocol', 'open'],
      ['bearer', 'open'],
    ]);
    expect(transcript.text()).not.toContain(key);
    expect(transcript.text()).not.toContain(wrong);
  });

  it('refuses the client with the status upstream refused it with, and 502 when upstream is down', async () => {
    const upstream = await mock();
    const { recorder, transcript } = await relay(upstream.server);
    // rule handshake.call-id-sideband: the mock 404s an unknown call id at the upgrade.
    expect(await refusal(`${recorder.url}?call_id=rtc_unknown`)).toMatchObject({ status: 404 });
    // The mock refuses an unknown scenario with 404 and a body: both reach the client.
    const unknown = await refusal(recorder.url.replace('/v1/', '/cases/no-such-scenario/v1/'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('no-such-scenario');
    // A path that is not a realtime endpoint never reaches upstream.
    expect(await refusal(recorder.url.replace('/v1/realtime', '/v1/chat'))).toMatchObject({
      status: 404,
    });

    const body = JSON.stringify({ error: { message: 'bad key', code: 'invalid_api_key' } });
    const gate: Server = createServer((_req, res) => res.end());
    gate.on('upgrade', (_req, socket) =>
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => gate.close(resolve)));
    const events: unknown[] = [];
    const gated = await createRecorder({
      upstream: `ws://127.0.0.1:${(gate.address() as AddressInfo).port}`,
      onEvent: (event) => events.push(event),
    });
    cleanup.push(() => gated.close());
    expect(await refusal(`${gated.url}?model=gpt-realtime`)).toEqual({ status: 401, body });
    expect(events).toEqual([{ type: 'refused', path: '/v1/realtime', status: 401 }]);

    const down = await createRecorder({ upstream: 'ws://127.0.0.1:1' });
    cleanup.push(() => down.close());
    expect(await refusal(`${down.url}?model=gpt-realtime`)).toMatchObject({ status: 502 });
    expect(transcript.text()).toBe('');
  });

  it('keeps frames a client sends before its upgrade is answered, in order', async () => {
    const upstream = await mock();
    const { recorder, transcript } = await relay(upstream.server);
    const { port } = new URL(recorder.url);
    /** A masked text frame, as a client sends it (payload under 126 bytes). */
    const frame = (text: string) => {
      const payload = Buffer.from(text);
      const mask = Buffer.from([1, 2, 3, 4]);
      const masked = payload.map((byte, i) => byte ^ (mask[i % 4] as number));
      return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
    };
    const first = '{"type":"input_audio_buffer.clear","event_id":"first"}';
    const second = '{"type":"input_audio_buffer.clear","event_id":"second"}';
    const socket = connectTcp(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    // The upgrade request and two frames in one write, before any answer.
    socket.write(
      Buffer.concat([
        Buffer.from(
          'GET /v1/realtime?model=gpt-realtime HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\n' +
            'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
            'Sec-WebSocket-Version: 13\r\n\r\n',
        ),
        frame(first),
        frame(second),
      ]),
    );
    for (let i = 0; i < 300 && received.split('input_audio_buffer.cleared').length < 3; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(received.startsWith('HTTP/1.1 101 Switching Protocols')).toBe(true);
    socket.destroy();
    await upstream.closed;
    const client = (lines: Line[]) =>
      lines.filter((l) => l.direction === 'client' && 'frame' in l).map((l) => l.frame);
    expect(client(upstream.transcript.lines())).toEqual([JSON.parse(first), JSON.parse(second)]);
    expect(client(transcript.lines())).toEqual(client(upstream.transcript.lines()));
  });

  it('drops the upstream dial when the client hangs up, and answers 503 when stopped mid-dial', async () => {
    // An upstream that holds every upgrade without answering.
    const held: Array<import('node:stream').Duplex> = [];
    let arrived!: () => void;
    let gone!: () => void;
    const gate: Server = createServer();
    gate.on('upgrade', (_req, socket) => {
      held.push(socket);
      // The relay hanging up upstream ends the socket (the gate keeps its half open).
      socket.on('end', () => gone());
      arrived();
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => gate.close(resolve));
    });
    const events: unknown[] = [];
    const recorder = await createRecorder({
      upstream: `ws://127.0.0.1:${(gate.address() as AddressInfo).port}`,
      onEvent: (event) => events.push(event),
    });
    cleanup.push(() => recorder.close());

    let upstreamGone = new Promise<void>((resolve) => {
      gone = resolve;
    });
    let dialed = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const quitter = new WebSocket(`${recorder.url}?model=gpt-realtime`);
    quitter.on('error', () => {});
    await dialed;
    quitter.terminate();
    await upstreamGone;

    upstreamGone = new Promise<void>((resolve) => {
      gone = resolve;
    });
    dialed = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const waiting = refusal(`${recorder.url}?model=gpt-realtime`);
    await dialed;
    await recorder.close();
    expect(await waiting).toMatchObject({ status: 503 });
    await upstreamGone;
    expect(events).toEqual([]);
  });

  it('closes both sides with 1001 when stopped, and records it as the client closing', async () => {
    const upstream = await mock();
    const { recorder, transcript } = await relay(upstream.server);
    const client = await connect(`${recorder.url}?model=gpt-realtime`);
    await client.waitFor('session.created');
    await recorder.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'relay shutting down' });
    await upstream.closed;
    const close = (lines: Line[]) => lines.find((l) => 'close' in l);
    expect(close(transcript.lines())).toMatchObject({
      direction: 'client',
      close: { code: 1001, reason: 'relay shutting down' },
    });
    expect(close(upstream.transcript.lines())).toMatchObject({
      direction: 'client',
      close: { code: 1001, reason: 'relay shutting down' },
    });
  });
});

describe('soundcheck record (CLI)', () => {
  it('keeps every credential form and client secret out of the file it writes', async () => {
    const key = 'sk-proj-secret-key-0008-abcdef';
    const upstream = await mock({ apiKeys: [key] });
    const dir = mkdtempSync(join(tmpdir(), 'soundcheck-record-'));
    const out = join(dir, 'session.jsonl');
    const c = capture();
    const exit = main(['record', '--upstream', upstream.server.url, '--out', out], c.io);
    const url = await firstLine(c);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);

    // A client secret minted on the mock, then used through the relay.
    const minted = await fetch(`${upstream.server.baseURL}/realtime/client_secrets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
    });
    const secret = ((await minted.json()) as { value: string }).value;
    expect(secret).toMatch(/^ek_/);

    const forms: Array<[string, string, string[], WebSocket.ClientOptions]> = [];
    for (const credential of [key, secret]) {
      forms.push(
        [
          credential,
          `${url}?model=gpt-realtime`,
          [],
          { headers: { Authorization: `Bearer ${credential}` } },
        ],
        [credential, `${url}?model=gpt-realtime`, [], { headers: { 'api-key': credential } }],
        [credential, `${url}?model=gpt-realtime&api-key=${credential}`, [], {}],
        [
          credential,
          `${url}?model=gpt-realtime`,
          ['realtime', `openai-insecure-api-key.${credential}`],
          {},
        ],
      );
    }
    for (const [credential, target, protocols, options] of forms) {
      const client = await connect(target, protocols, options);
      // The credential inside events too: the mock echoes the item back.
      await gaTurn(client, `my key is ${credential}`);
      client.send({
        type: 'session.update',
        session: { type: 'realtime', instructions: credential },
      });
      await client.waitFor('session.updated');
      client.ws.close(1000);
      await client.closed;
    }
    c.stop();
    expect(await exit).toBe(0);
    expect(upstream.sessions.map((s) => s.outcome)).toEqual(forms.map(() => 'open'));
    expect(upstream.sessions.filter((s) => s.clientSecret)).toHaveLength(4);

    const bytes = readFileSync(out);
    expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes('sk-<redacted>')).toBe(true);
    expect(bytes.includes('ek_<redacted>')).toBe(true);
    const lines = bytes.toString('utf8').trim().split('\n');
    for (const line of lines)
      expect(TranscriptLineSchema.safeParse(JSON.parse(line)).success).toBe(true);
    expect(lines.filter((l) => l.startsWith('{"format"'))).toHaveLength(forms.length);
    expect(c.out() + c.err()).not.toContain(key);
    expect(c.out()).toContain('session 7: closed by client 1000');
  });

  it('keeps the --api-key out of the file', async () => {
    const key = 'sk-relay-only-key-0009-abcdef';
    const upstream = await mock({ apiKeys: [key] });
    const out = join(mkdtempSync(join(tmpdir(), 'soundcheck-record-')), 'session.jsonl');
    const c = capture();
    const exit = main(
      ['record', '--upstream', upstream.server.url, '--api-key', key, '--out', out, '--port', '0'],
      c.io,
    );
    const client = await connect(`${await firstLine(c)}?model=gpt-realtime`);
    await gaTurn(client, `echo ${key}`);
    c.stop();
    expect(await exit).toBe(0);
    expect(await client.closed).toMatchObject({ code: 1001 });
    expect(readFileSync(out).includes(key)).toBe(false);
    expect(readFileSync(out, 'utf8')).toContain('echo sk-<redacted>');
  });

  it('trusts a self-signed wss upstream with --ca', async () => {
    const upstream = await mock({ tls: true });
    const out = join(mkdtempSync(join(tmpdir(), 'soundcheck-record-')), 'session.jsonl');
    const c = capture();
    const exit = main(
      [
        'record',
        '--upstream',
        upstream.server.url,
        '--ca',
        upstream.server.caFile as string,
        '--out',
        out,
      ],
      c.io,
    );
    const client = await connect(`${await firstLine(c)}?model=gpt-realtime`);
    await client.waitFor('session.created');
    client.ws.close();
    await client.closed;
    c.stop();
    expect(await exit).toBe(0);
    expect(c.err()).toBe('');
  });

  it('reports an untrusted certificate with a hint, and the client gets 502', async () => {
    const upstream = await mock({ tls: true });
    const out = join(mkdtempSync(join(tmpdir(), 'soundcheck-record-')), 'session.jsonl');
    const c = capture();
    const exit = main(['record', '--upstream', upstream.server.url, '--out', out], c.io);
    expect(await refusal(`${await firstLine(c)}?model=gpt-realtime`)).toMatchObject({
      status: 502,
    });
    c.stop();
    expect(await exit).toBe(0);
    expect(c.err()).toMatch(/cannot reach upstream for \/v1\/realtime: .*certificate/);
    expect(c.err()).toMatch(/hint: trust its certificate with --ca FILE or NODE_EXTRA_CA_CERTS/);
  });

  it('fails with exit 1 naming the file when --out is in a missing folder', async () => {
    const out = join(tmpdir(), 'soundcheck-no-such-folder', 'x', 'session.jsonl');
    const c = capture();
    expect(await main(['record', '--upstream', 'ws://127.0.0.1:1', '--out', out], c.io)).toBe(1);
    expect(c.err()).toContain(`cannot write the transcript ${out}`);
    expect(c.err()).toMatch(/\[cannot_write\]\n {2}hint: check that the folder exists/);
    expect(c.out()).toBe('');
  });

  it.each([
    [
      ['record', '--out', 'x.jsonl'],
      /missing --upstream \[missing_flag\]/,
      /--upstream wss:\/\/api\.openai\.com/,
    ],
    [
      ['record', '--upstream', 'wss://api.openai.com'],
      /missing --out \[missing_flag\]/,
      /--out session\.jsonl/,
    ],
    [
      ['record', '--upstream', 'https://api.openai.com', '--out', 'x'],
      /invalid value for --upstream: expected a ws:\/\/ or wss:\/\/ URL/,
      /use a ws:\/\/ or wss:\/\/ URL/,
    ],
    [
      ['record', '--upstream', 'not a url', '--out', 'x'],
      /invalid value for --upstream: not a URL/,
      /wss:\/\/api\.openai\.com/,
    ],
    [
      ['record', '--upstream', 'wss://api.openai.com', '--out', 'x', '--port', '70000'],
      /invalid value for --port: "70000"/,
      /integer from 0 to 65535/,
    ],
    [
      ['record', '--upstream', 'wss://api.openai.com', '--out', 'x', '--ca', 'no-such.pem'],
      /cannot read the certificate no-such\.pem/,
      /PEM file/,
    ],
    [
      ['record', '--upstream', 'wss://api.openai.com', '--out', 'x', '--api-key', ''],
      /invalid value for --api-key: empty/,
      /leave the flag out/,
    ],
    [['record', '--upsteam', 'wss://x'], /Unknown option '--upsteam'/, /soundcheck record --help/],
    [['record', 'wss://api.openai.com'], /Unexpected argument/, /soundcheck record --help/],
  ])('refuses %j with exit 2, the problem and a hint', async (argv, problem, hint) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toMatch(hint);
  });

  it('throws CliError with a hint from parseRecordArgs, and documents every flag in --help', async () => {
    let error: unknown;
    try {
      parseRecordArgs(['--upstream', 'ftp://x', '--out', 'x']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('invalid_value');
    expect((error as CliError).hint).toMatch(/wss:/);
    const parsed = parseRecordArgs([
      '--upstream',
      'wss://example.test/proxy/v1/realtime',
      '--out',
      'x',
    ]);
    expect(parsed.upstream.href).toBe('wss://example.test/proxy');
    const c = capture();
    expect(await main(['record', '--help'], c.io)).toBe(0);
    for (const flag of ['--upstream', '--out', '--host', '--port', '--api-key', '--ca']) {
      expect(c.out()).toContain(flag);
    }
  });
});

describe('SecretMasker', () => {
  it('masks client secrets inside events and remembers them', () => {
    const masker = new SecretMasker();
    const created = JSON.stringify({
      type: 'session.created',
      session: { id: 'sess_1', client_secret: { value: 'ek_abc123XYZ789', expires_at: 1 } },
    });
    expect(JSON.parse(masker.text(created))).toEqual({
      type: 'session.created',
      session: { id: 'sess_1', client_secret: { value: 'ek_<redacted>', expires_at: 1 } },
    });
    // GA `client_secrets` answer shape: a `value` field starting ek_.
    expect(masker.text('{"value":"ek_other987654","expires_at":2}')).toBe(
      '{"value":"ek_<redacted>","expires_at":2}',
    );
    // Learned: later frames that mention it anywhere are masked, JSON or not.
    expect(masker.text('{"text":"use ek_abc123XYZ789 now"}')).toBe(
      '{"text":"use ek_<redacted> now"}',
    );
    expect(masker.text('raw ek_other987654')).toBe('raw ek_<redacted>');
    expect(masker.text('{"text":"ek_ is a prefix"}')).toBe('{"text":"ek_ is a prefix"}');
  });

  it('masks known keys wherever they occur, keeps frames without secrets byte-identical', () => {
    const masker = new SecretMasker();
    masker.add('sk-known-key-0010');
    masker.add('short');
    const plain = '{ "type" : "response.create",  "n": 1.50 }';
    expect(masker.text(plain)).toBe(plain);
    expect(masker.text('{"a":"sk-known-key-0010","b":["x sk-known-key-0010 y"]}')).toBe(
      '{"a":"sk-<redacted>","b":["x sk-<redacted> y"]}',
    );
    // Escaped in JSON, the key is still found.
    expect(masker.text('{"a":"\\u0073k-known-key-0010"}')).toBe('{"a":"sk-<redacted>"}');
    // A short secret only where a whole string equals it.
    expect(masker.text('{"a":"short","b":"shortcake"}')).toBe('{"a":"<redacted>","b":"shortcake"}');
    expect(Buffer.from(masker.binary(Buffer.from('..sk-known-key-0010..'))).toString()).toBe(
      '..sk-<redacted>..',
    );
    const audio = Buffer.from([0, 1, 2, 3]);
    expect(masker.binary(audio)).toEqual(audio);
    expect(maskSecret('ek_x')).toBe('ek_<redacted>');
    expect(maskSecret('plain-token')).toBe('<redacted>');
  });
});
