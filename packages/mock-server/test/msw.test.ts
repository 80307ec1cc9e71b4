// The msw transport: Node 22's global WebSocket, intercepted by msw/node, served by the engine.
// Rules: handshake.subprotocol-realtime, handshake.dialect-marker, auth.credential-forms,
// auth.invalid-key, handshake.beta-shape-disabled, events.json-text.

import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { findScenario, type ScenarioReport, type UserAction } from '../src/index.js';
import { DEFAULT_REALTIME_URL, realtimeHandler } from '../src/transport/msw.js';
import { strictFailures } from './host-support.js';

type Event = Record<string, unknown> & { type: string };

interface Socket {
  socket: WebSocket;
  events: Event[];
  frames: string[];
  /** Resolves with the first event of `type` at or after index `from`. */
  waitFor(type: string, from?: number): Promise<Event>;
  send(event: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  /** Messages of the events that fail the strict server schema (must be empty). */
  invalid(dialect: 'ga' | 'beta'): string[];
}

function open(url: string, protocols: string[]): Promise<Socket> {
  const socket = new WebSocket(url, protocols);
  const events: Event[] = [];
  const frames: string[] = [];
  const waiters: { type: string; from: number; resolve: (e: Event) => void }[] = [];
  socket.addEventListener('message', (message) => {
    const text = message.data as string;
    frames.push(text);
    events.push(JSON.parse(text) as Event);
    for (const w of [...waiters]) {
      const found = events.slice(w.from).find((e) => e.type === w.type);
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })),
  );
  const client: Socket = {
    socket,
    events,
    frames,
    closed,
    send: (event) => socket.send(typeof event === 'string' ? event : JSON.stringify(event)),
    waitFor: (type, from = 0) => {
      const found = events.slice(from).find((e) => e.type === type);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ type, from, resolve }));
    },
    invalid: (dialect) => strictFailures(events, dialect),
  };
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(client), { once: true });
    socket.addEventListener('error', () => reject(new Error('WebSocket error before open')), {
      once: true,
    });
  });
}

const KEY = 'sk-test-msw-0123456789';
const GA_URL = `${DEFAULT_REALTIME_URL}?model=gpt-realtime`;
const BETA_URL = `${DEFAULT_REALTIME_URL}?model=gpt-4o-realtime-preview`;
const AUTH = ['realtime', `openai-insecure-api-key.${KEY}`];
const userText = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
};

const server = setupServer(realtimeHandler({ apiKeys: [KEY], seed: 7 }));
const sockets: WebSocket[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => server.close());

async function connect(url: string, protocols: string[]): Promise<Socket> {
  const client = await open(url, protocols);
  sockets.push(client.socket);
  return client;
}

describe('realtimeHandler (msw)', () => {
  it('runs a GA text turn through the global WebSocket', async () => {
    const c = await connect(GA_URL, AUTH);
    expect(c.socket.protocol).toBe('realtime');
    c.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    c.send(userText);
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    expect(c.events[0]?.type).toBe('session.created');
    expect(c.events[0]).toMatchObject({ session: { model: 'gpt-realtime' } });
    expect(c.events.map((e) => e.type)).toEqual([
      'session.created',
      'session.updated',
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      ...c.events
        .filter((e) => e.type === 'response.output_text.delta')
        .map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(c.events.some((e) => e.type === 'response.output_text.delta')).toBe(true);
    expect((done.response as { status?: string }).status).toBe('completed');
    expect(c.invalid('ga')).toEqual([]);
  });

  it('runs a beta turn when the client offers openai-beta.realtime-v1', async () => {
    const c = await connect(BETA_URL, [...AUTH, 'openai-beta.realtime-v1']);
    expect(c.socket.protocol).toBe('realtime');
    c.send({ type: 'session.update', session: { modalities: ['text'] } });
    c.send(userText);
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    const types = c.events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      'session.created',
      'conversation.created',
      'session.updated',
      'conversation.item.created',
    ]);
    expect(types).toContain('response.text.delta');
    expect(types).toContain('response.text.done');
    expect(types).not.toContain('response.output_text.delta');
    expect(types.at(-1)).toBe('response.done');
    expect(c.events[0]).toMatchObject({ session: { model: 'gpt-4o-realtime-preview' } });
    expect(c.invalid('beta')).toEqual([]);
  });

  it('answers bad frames with an error event and keeps the session', async () => {
    const c = await connect(GA_URL, AUTH);
    c.send('{not json');
    const invalidJson = await c.waitFor('error');
    expect(invalidJson.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_json',
    });
    const mark = c.events.length;
    c.send({ type: 'response.nope', event_id: 'evt_bad' });
    const unknownType = await c.waitFor('error', mark);
    expect(unknownType.error).toMatchObject({
      code: 'invalid_value',
      param: 'type',
      event_id: 'evt_bad',
    });
    const mark2 = c.events.length;
    c.socket.send(new Uint8Array([1, 2, 3]));
    const binary = await c.waitFor('error', mark2);
    expect(binary.error).toMatchObject({ code: 'invalid_event' });
    // The session is still open and serves a turn.
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    expect(c.invalid('ga')).toEqual([]);
  });

  it('refuses an unknown key like the real API: one error, then close 3000', async () => {
    const wrong = 'sk-wrong-key-abcdefgh1234';
    const c = await connect(GA_URL, ['realtime', `openai-insecure-api-key.${wrong}`]);
    const closed = await c.closed;
    expect(closed).toEqual({ code: 3000, reason: 'invalid_request_error.invalid_api_key' });
    expect(c.events.map((e) => e.type)).toEqual(['error']);
    const error = c.events[0]?.error as { code: string; message: string; type: string };
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      param: null,
      event_id: null,
    });
    expect(error.message).toMatch(/^Incorrect API key provided: sk-\*+1234\. /);
    expect(error.message).not.toContain(wrong);
    expect(c.invalid('ga')).toEqual([]);
  });

  it('refuses a connection that sends no key at all', async () => {
    const c = await connect(GA_URL, ['realtime']);
    expect(await c.closed).toEqual({ code: 3000, reason: 'invalid_request_error.invalid_api_key' });
    expect(c.events.map((e) => (e.error as { code?: string }).code)).toEqual(['invalid_api_key']);
  });

  it('reports the realtime subprotocol, never a credential entry, whatever the offer order', async () => {
    const c = await connect(GA_URL, [`openai-insecure-api-key.${KEY}`, 'realtime']);
    expect(c.socket.protocol).toBe('realtime');
    await c.waitFor('session.created');
    server.use(realtimeHandler({ url: 'wss://no-realtime.test/v1/realtime' }));
    const d = await connect('wss://no-realtime.test/v1/realtime', [
      `openai-insecure-api-key.${KEY}`,
    ]);
    expect(d.socket.protocol).toBe('');
    await d.waitFor('session.created');
  });

  it('refuses beta connections with betaRetired', async () => {
    server.use(realtimeHandler({ url: 'wss://retired.test/v1/realtime', betaRetired: true }));
    const c = await connect('wss://retired.test/v1/realtime', [
      'realtime',
      'openai-beta.realtime-v1',
    ]);
    expect(await c.closed).toEqual({
      code: 4000,
      reason: 'invalid_request_error.beta_api_shape_disabled',
    });
    expect(c.events.map((e) => (e.error as { code?: string }).code)).toEqual([
      'beta_api_shape_disabled',
    ]);
    expect(c.invalid('beta')).toEqual([]);
  });

  it('forces the dialect when asked, whatever the client offers', async () => {
    server.use(realtimeHandler({ url: 'wss://forced.test/v1/realtime', dialect: 'beta' }));
    const c = await connect('wss://forced.test/v1/realtime', ['realtime']);
    await c.waitFor('conversation.created');
    expect(c.invalid('beta')).toEqual([]);
  });

  it('gives byte-identical frames for the same seed, connection index and frames', async () => {
    const run = async (url: string) => {
      server.use(realtimeHandler({ url, seed: 42 }));
      const c = await connect(url, ['realtime']);
      c.send(userText);
      c.send({ type: 'response.create' });
      await c.waitFor('response.done');
      return c.frames;
    };
    const a = await run('wss://seed-a.test/v1/realtime');
    const b = await run('wss://seed-b.test/v1/realtime');
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(5);
  });

  it('does not serve clients built on the ws package (documented in the @note)', async () => {
    const url = 'wss://ws-package.test/v1/realtime';
    const seen: string[] = [];
    server.use(
      realtimeHandler({
        url,
        onFrame: (f) => seen.push(`${f.direction} ${String(f.data).slice(0, 40)}`),
      }),
    );
    const socket = new NodeWebSocket(`${url}?model=gpt-realtime`, ['realtime']);
    const received: string[] = [];
    socket.on('message', (data) => received.push(String(data)));
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'response.create' }));
        setTimeout(() => resolve('open'), 300);
      });
      socket.once('error', () => resolve('error'));
    });
    socket.terminate();
    // msw 3 answers the upgrade (101), but nothing the client sends or should receive crosses it.
    expect(outcome).toBe('open');
    expect(received).toEqual([]);
    expect(seen.filter((line) => line.startsWith('client'))).toEqual([]);
  });

  it('plays a scenario behind the global WebSocket (function call, follow-up, verdict)', async () => {
    const scenario = findScenario('function-call-follow-up');
    const reports: ScenarioReport[] = [];
    const users: UserAction[] = [];
    // One handler only: msw gives a WebSocket connection to every matching handler.
    server.resetHandlers(
      realtimeHandler({
        scenario,
        onUser: (_session, action) => users.push(action),
        onScenarioEnd: (_session, report) => reports.push(report),
      }),
    );
    const c = await connect(GA_URL, AUTH);
    await c.waitFor('session.created');
    expect(users).toEqual([{ text: 'What is the weather in Paris?' }]);
    c.send(userText);
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    const call = (done.response as { output: { type: string; call_id: string }[] }).output[0];
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_weather_1' });
    c.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_weather_1', output: '{"temp_c":18}' },
    });
    c.send({ type: 'response.create' });
    const second = await c.waitFor('response.done', c.events.indexOf(done) + 1);
    expect(JSON.stringify(second)).toContain('It is 18 degrees and sunny in Paris.');
    while (reports.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(reports[0]?.verdict).toBe('PASSED');
    expect(c.invalid('ga')).toEqual([]);
  });

  it('checks its options', () => {
    expect(() => realtimeHandler({ dialect: 'v2' as 'ga' })).toThrow(
      "realtimeHandler: expected dialect to be 'auto', 'ga' or 'beta' but got \"v2\".",
    );
  });
});
