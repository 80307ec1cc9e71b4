// Rules: handshake.path-v1-realtime (the SDK always dials wss:), handshake.subprotocol-realtime,
// handshake.dialect-marker, auth.credential-forms, auth.browser-ephemeral (research/clients.md §3).
// The official `openai` SDK's realtime clients against the mock over TLS. Each helper builds
// `wss://<baseURL host><baseURL path>/realtime?model=…` from the client's `baseURL`, so pointing
// `baseURL` at `https://127.0.0.1:<port>/v1` reaches the mock's `/v1/realtime`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import OpenAI, { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS as BetaRealtimeWS } from 'openai/beta/realtime/ws';
import type { OpenAIRealtimeError } from 'openai/realtime/index';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';

const KEY = 'sk-test-openai-sdk-0000000000000001';

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0, tls: true, apiKeys: [KEY] });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown>;

/** What the SDK helpers have in common: an emitter of server events over a `ws` socket. */
interface RealtimeHelper {
  on(event: 'event', listener: (event: { type: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(event: never): void;
  close(): void;
  socket: { once(event: 'open', listener: () => void): unknown; protocol: string };
  url: URL;
}

/** Opens the helper's socket, sends `events`, resolves on `response.done` (rejects on any error). */
function turn(
  rt: RealtimeHelper,
  events: Json[],
): Promise<{ types: string[]; done: Json; created: Json }> {
  return new Promise((resolve, reject) => {
    const seen: Json[] = [];
    const timer = setTimeout(
      () => reject(new Error(`no response.done; got ${seen.map((e) => e.type).join(', ')}`)),
      10_000,
    );
    rt.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    rt.on('event', (event) => {
      seen.push(event as Json);
      if (event.type !== 'response.done') return;
      clearTimeout(timer);
      const created = seen.find((e) => e.type === 'session.created') ?? {};
      resolve({ types: seen.map((e) => String(e.type)), done: event as Json, created });
    });
    rt.socket.once('open', () => {
      for (const event of events) rt.send(event as never);
    });
  });
}

const userMessage = (text: string) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

/** The reply text of a completed response, whatever the dialect calls its text part. */
function replyText(response: Json): string {
  const output = response.output as { type: string; content?: { type: string; text?: string }[] }[];
  const message = output.find((item) => item.type === 'message');
  return (message?.content ?? []).map((part) => part.text ?? '').join('');
}

function sessionOf(created: Json): Json {
  return created.session as Json;
}

describe('openai/realtime/ws (OpenAIRealtimeWS, GA, `ws` package)', () => {
  it('connects over TLS with options.ca and completes a text turn', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: server.baseURL });
    const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: server.ca } }, client);
    expect(rt.url.toString()).toBe(`${server.url}?model=gpt-realtime`);
    const { types, done, created } = await turn(rt as unknown as RealtimeHelper, [
      {
        type: 'session.update',
        session: { type: 'realtime', instructions: 'Be brief.', output_modalities: ['text'] },
      },
      userMessage('hello GA'),
      { type: 'response.create' },
    ]);
    const info = server.sessions.find((s) => s.host.engine.session.id === sessionOf(created).id);
    rt.close();
    expect(info).toMatchObject({
      path: '/v1/realtime',
      auth: 'bearer',
      dialect: 'ga',
      protocol: '',
    });
    expect(types[0]).toBe('session.created');
    expect(types).toContain('session.updated');
    expect(types).toContain('response.output_text.delta');
    expect(sessionOf(created).type).toBe('realtime');
    const response = done.response as Json;
    expect(response.status).toBe('completed');
    expect(replyText(response)).toBe('You said: "hello GA". Got it.');
  });

  it("intent: 'transcription' opens a transcription session that transcribes a committed turn", async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: server.baseURL });
    const rt = new OpenAIRealtimeWS(
      { intent: 'transcription', options: { ca: server.ca } },
      client,
    );
    expect(rt.url.toString()).toBe(`${server.url}?intent=transcription`);
    const seen: Json[] = [];
    const completed = await new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no transcription.completed')), 10_000);
      rt.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      rt.on('event', (event) => {
        seen.push(event as unknown as Json);
        if (event.type !== 'conversation.item.input_audio_transcription.completed') return;
        clearTimeout(timer);
        resolve(event as unknown as Json);
      });
      rt.socket.once('open', () => {
        rt.send({
          type: 'session.update',
          session: {
            type: 'transcription',
            audio: {
              input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: null },
            },
          },
        });
        rt.send({
          type: 'input_audio_buffer.append',
          audio: Buffer.alloc(48 * 600).toString('base64'),
        });
        rt.send({ type: 'input_audio_buffer.commit' });
      });
    });
    rt.close();
    expect(seen[0]).toMatchObject({ type: 'session.created', session: { type: 'transcription' } });
    expect(completed.transcript).toBe('(0.6 seconds of speech)');
    expect(seen.some((e) => String(e.type).startsWith('response.'))).toBe(false);
  });

  it('OpenAIRealtimeWS.azure reaches /openai/v1/realtime with the api-key header', async () => {
    const seen: { path: string; auth: string; model: string }[] = [];
    const azure = await createMockServer({
      port: 0,
      tls: true,
      apiKeys: [KEY],
      onSession: (s) => seen.push({ path: s.path, auth: s.auth, model: s.model }),
    });
    try {
      const client = new AzureOpenAI({
        apiKey: KEY,
        endpoint: azure.baseURL.replace(/\/v1$/, ''),
        apiVersion: '2025-04-01-preview',
        deployment: 'my-realtime',
      });
      const rt = await OpenAIRealtimeWS.azure(client, { options: { ca: azure.ca } });
      const { done } = await turn(rt as unknown as RealtimeHelper, [
        { type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } },
        userMessage('hello Azure'),
        { type: 'response.create' },
      ]);
      rt.close();
      expect(seen).toEqual([
        { path: '/openai/v1/realtime', auth: 'api-key-header', model: 'my-realtime' },
      ]);
      expect(replyText(done.response as Json)).toBe('You said: "hello Azure". Got it.');
    } finally {
      await azure.close();
    }
  });
});

describe('openai/beta/realtime/ws (OpenAIRealtimeWS, beta, `ws` package)', () => {
  it('connects over TLS with the beta header and completes a text turn', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: server.baseURL });
    const rt = new BetaRealtimeWS(
      { model: 'gpt-4o-realtime-preview', options: { ca: server.ca } },
      client,
    );
    const { types, done, created } = await turn(rt as unknown as RealtimeHelper, [
      { type: 'session.update', session: { modalities: ['text'], instructions: 'Be brief.' } },
      userMessage('hello beta'),
      { type: 'response.create' },
    ]);
    rt.close();
    expect(types.slice(0, 2)).toEqual(['session.created', 'conversation.created']);
    expect(types).toContain('response.text.delta');
    expect(sessionOf(created).modalities).toEqual(['text', 'audio']);
    const response = done.response as Json;
    expect(response.status).toBe('completed');
    expect(replyText(response)).toBe('You said: "hello beta". Got it.');
  });

  it('OpenAIRealtimeWS.azure reaches the preview path /openai/realtime?api-version=…&deployment=…', async () => {
    const seen: { path: string; auth: string; model: string; dialect: string }[] = [];
    const azure = await createMockServer({
      port: 0,
      tls: true,
      apiKeys: [KEY],
      onSession: (s) =>
        seen.push({ path: s.path, auth: s.auth, model: s.model, dialect: s.dialect }),
    });
    try {
      const client = new AzureOpenAI({
        apiKey: KEY,
        endpoint: azure.baseURL.replace(/\/v1$/, ''),
        apiVersion: '2024-10-01-preview',
        deployment: 'my-preview',
      });
      const rt = await BetaRealtimeWS.azure(client, { options: { ca: azure.ca } });
      expect(rt.url.pathname).toBe('/openai/realtime');
      expect(rt.url.searchParams.get('api-version')).toBe('2024-10-01-preview');
      const { done } = await turn(rt as unknown as RealtimeHelper, [
        { type: 'session.update', session: { modalities: ['text'] } },
        userMessage('hello preview'),
        { type: 'response.create' },
      ]);
      rt.close();
      expect(seen).toEqual([
        { path: '/openai/realtime', auth: 'api-key-header', model: 'my-preview', dialect: 'beta' },
      ]);
      expect(replyText(done.response as Json)).toBe('You said: "hello preview". Got it.');
    } finally {
      await azure.close();
    }
  });

  it('is refused the way OpenAI refuses it today when betaRetired is set', async () => {
    const retired = await createMockServer({
      port: 0,
      tls: true,
      apiKeys: [KEY],
      betaRetired: true,
    });
    try {
      const client = new OpenAI({ apiKey: KEY, baseURL: retired.baseURL });
      const rt = new BetaRealtimeWS(
        { model: 'gpt-4o-realtime-preview', options: { ca: retired.ca } },
        client,
      );
      const error = await new Promise<OpenAIRealtimeError>((resolve) => rt.on('error', resolve));
      const closed = await new Promise<[number, string]>((resolve) =>
        rt.socket.once('close', (code, reason) => resolve([code, reason.toString()])),
      );
      expect(error.error?.code).toBe('beta_api_shape_disabled');
      expect(closed).toEqual([4000, 'invalid_request_error.beta_api_shape_disabled']);
    } finally {
      await retired.close();
    }
  });
});

describe('openai/realtime/websocket (OpenAIRealtimeWebSocket, GA, native WebSocket)', () => {
  it('mints a client secret, connects with it over TLS (NODE_EXTRA_CA_CERTS) and completes a turn', async () => {
    const script = fileURLToPath(
      new URL('./fixtures/openai-native-websocket.mjs', import.meta.url),
    );
    const child = spawn(process.execPath, [script, server.baseURL, KEY], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: server.caFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Json & { types: string[]; session: Json; response: Json };
    expect(result.error).toBeUndefined();
    expect(result.url).toBe(`${server.url}?model=gpt-realtime`);
    expect(result.protocol).toBe('realtime');
    expect(result.secret).toMatch(/^ek_/);
    expect(result.types[0]).toBe('session.created');
    expect(result.session.instructions).toBe('Minted by the SDK.');
    expect(result.response.status).toBe('completed');
    expect(replyText(result.response)).toBe('You said: "native hello". Got it.');
  });
});

describe('SDK REST helpers for ephemeral keys (plain http)', () => {
  let plain: MockServer;
  beforeAll(async () => {
    plain = await createMockServer({ port: 0, apiKeys: [KEY] });
  });
  afterAll(async () => {
    await plain.close();
  });

  it('client.realtime.clientSecrets.create (GA)', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: plain.baseURL });
    const secret = await client.realtime.clientSecrets.create({
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'From the SDK.' },
    });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.session).toMatchObject({ type: 'realtime', instructions: 'From the SDK.' });
  });

  it('client.beta.realtime.sessions.create (beta)', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: plain.baseURL });
    const session = await client.beta.realtime.sessions.create({
      model: 'gpt-4o-realtime-preview',
      voice: 'verse',
    });
    expect(session.client_secret.value).toMatch(/^ek_/);
    expect(session.voice).toBe('verse');
  });

  it('surfaces a refused key as the SDK AuthenticationError (401)', async () => {
    const client = new OpenAI({
      apiKey: 'sk-wrong-000000000000',
      baseURL: plain.baseURL,
      maxRetries: 0,
    });
    await expect(client.realtime.clientSecrets.create({})).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
  });
});
