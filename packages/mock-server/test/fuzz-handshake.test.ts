// Property tests of the WebSocket handshake: random paths, queries, credentials, dialect markers
// and subprotocols, against servers with and without API keys and with the beta dialect retired.
// Each connection ends one of three ways: a 404 at the upgrade (not a realtime path, a side-band
// call id, an unknown case), a refusal after it (one `error`, then close 3000, 4000 or 1008), or a
// session of the right kind and dialect; the server picks `realtime` when it is offered and never
// echoes a key; a wrong or missing key on a server with keys never gets a session; and the server
// keeps serving.
//
// The seed is fixed (see fuzz.test.ts); FUZZ_SEED=<n> and FUZZ_RUNS=<n> explore others.
import { parseServerEvent } from '@soundcheck/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMockServer, type MockServer } from '../src/index.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const KEY = 'sk-fuzz-handshake-0000000000000001';

const servers: Record<'open' | 'keyed' | 'retired', MockServer | undefined> = {
  open: undefined,
  keyed: undefined,
  retired: undefined,
};
beforeAll(async () => {
  servers.open = await createMockServer({ port: 0, seed: 5 });
  servers.keyed = await createMockServer({ port: 0, seed: 5, apiKeys: [KEY] });
  servers.retired = await createMockServer({ port: 0, seed: 5, apiKeys: [KEY], betaRetired: true });
});
afterAll(async () => {
  for (const server of Object.values(servers)) await server?.close();
});

const REALTIME_PATHS = ['/v1/realtime', '/openai/realtime', '/openai/v1/realtime', '/v1/realtime/'];

/** Mostly `value`, sometimes left out (`undefined` keys are dropped below). */
const often = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 4 });
const rarely = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: value, weight: 1 });

interface Attempt {
  path: string;
  /** Query parameters and headers; `undefined` ones are left out. */
  query: Record<'model' | 'intent' | 'api-version' | 'api-key' | 'call_id', string | undefined>;
  headers: Record<'Authorization' | 'api-key' | 'OpenAI-Beta', string | undefined>;
  protocols: string[];
  server: keyof typeof servers;
}

const attempt: fc.Arbitrary<Attempt> = fc.record({
  path: fc.oneof(
    { arbitrary: fc.constantFrom(...REALTIME_PATHS), weight: 6 },
    {
      arbitrary: fc.constantFrom(
        '/cases/text-turn/v1/realtime',
        '/cases/live-captions/v1/realtime',
        '/cases/no-such-case/v1/realtime',
        '/v2/realtime',
        '/v1/realtimex',
      ),
      weight: 2,
    },
  ),
  query: fc.record({
    model: often(
      fc.constantFrom('gpt-realtime', 'gpt-4o-realtime-preview', 'gpt-realtime-whisper', ''),
    ),
    intent: rarely(fc.constantFrom('realtime', 'transcription', 'captions', '')),
    'api-version': rarely(fc.constant('2025-04-01-preview')),
    'api-key': rarely(fc.constantFrom(KEY, 'sk-wrong', '')),
    call_id: rarely(fc.constant('rtc_unknown')),
  }),
  headers: fc.record({
    Authorization: often(
      fc.constantFrom(`Bearer ${KEY}`, `Bearer ${KEY}`, 'Bearer sk-wrong', 'Basic Zm9vOmJhcg=='),
    ),
    'api-key': rarely(fc.constantFrom(KEY, 'sk-wrong')),
    'OpenAI-Beta': rarely(fc.constantFrom('realtime=v1', 'assistants=v2')),
  }),
  protocols: fc.oneof(
    { arbitrary: fc.constant<string[]>([]), weight: 2 },
    {
      arbitrary: fc
        .subarray([
          `openai-insecure-api-key.${KEY}`,
          'openai-insecure-api-key.sk-wrong',
          'openai-beta.realtime-v1',
          'x-other',
        ])
        .map((rest) => ['realtime', ...rest]),
      weight: 3,
    },
    {
      arbitrary: fc.subarray(
        [`openai-insecure-api-key.${KEY}`, 'openai-beta.realtime-v1', 'x-other'],
        {
          minLength: 1,
        },
      ),
      weight: 1,
    },
  ),
  server: fc.constantFrom<keyof typeof servers>('open', 'keyed', 'retired'),
});

type Outcome =
  | { kind: 'http'; status: number }
  | { kind: 'refused'; events: Record<string, unknown>[]; code: number; protocol: string }
  | { kind: 'session'; first: Record<string, unknown>; protocol: string }
  | { kind: 'client-error'; message: string };

/** Opens one connection and reports how it ended (a session is closed by the client). */
function tryConnect(a: Attempt): Promise<Outcome> {
  const defined = (record: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  const query = new URLSearchParams(defined(a.query)).toString();
  const url = `${(servers[a.server] as MockServer).url.replace(/\/v1\/realtime$/, '')}${a.path}${query ? `?${query}` : ''}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, a.protocols, { headers: defined(a.headers) });
    const events: Record<string, unknown>[] = [];
    ws.on('unexpected-response', (_request, response) => {
      response.resume();
      resolve({ kind: 'http', status: response.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', (error) => resolve({ kind: 'client-error', message: error.message }));
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as Record<string, unknown>;
      events.push(event);
      if (events.length === 1 && event.type !== 'error') {
        resolve({ kind: 'session', first: event, protocol: ws.protocol });
        ws.close();
      }
    });
    ws.on('close', (code) => {
      if (events[0]?.type === 'error')
        resolve({ kind: 'refused', events, code, protocol: ws.protocol });
    });
  });
}

/** The credential the server reads, by the precedence of rule auth.credential-forms. */
function credential(a: Attempt): string | undefined {
  const bearer = a.headers.Authorization?.match(/^Bearer\s+(.*)$/)?.[1];
  if (bearer !== undefined) return bearer;
  if (a.headers['api-key'] !== undefined) return a.headers['api-key'];
  if (a.query['api-key']) return a.query['api-key'];
  const entry = a.protocols.find((p) => p.startsWith('openai-insecure-api-key.'));
  return entry?.slice('openai-insecure-api-key.'.length);
}

describe('WebSocket handshakes with random paths, queries, credentials and subprotocols', () => {
  it('end in a 404, a refusal (error, then close) or a session of the right kind', async () => {
    const seen = { http: 0, refused: 0, session: 0, clientError: 0 };
    await fc.assert(
      fc.asyncProperty(attempt, async (a) => {
        const outcome = await tryConnect(a);
        const path = a.path.replace(/^\/cases\/[^/]+/, '');
        const notRealtime = !REALTIME_PATHS.includes(path);
        const unknownCase = a.path.includes('/no-such-case/');
        const callId = a.query.call_id !== undefined;
        // rules handshake.path-v1-realtime, handshake.call-id-sideband: refused at the upgrade.
        if (notRealtime || unknownCase || callId) {
          expect(outcome).toEqual({ kind: 'http', status: 404 });
          seen.http++;
          return;
        }
        // rule handshake.subprotocol-realtime: offered protocols without `realtime` get none back,
        // which a client must refuse; with it, `realtime` and never the key entry.
        if (a.protocols.length > 0 && !a.protocols.includes('realtime')) {
          expect(outcome.kind).toBe('client-error');
          seen.clientError++;
          return;
        }
        expect(['refused', 'session']).toContain(outcome.kind);
        if (outcome.kind !== 'refused' && outcome.kind !== 'session') return;
        expect(outcome.protocol).toBe(a.protocols.includes('realtime') ? 'realtime' : '');
        const key = credential(a);
        const keyOk = a.server === 'open' || key === KEY;
        if (outcome.kind === 'refused') {
          seen.refused++;
          // One error, in the API's shape, then the close.
          expect(outcome.events).toHaveLength(1);
          const error = outcome.events[0]?.error as Record<string, unknown>;
          expect(error).toMatchObject({ type: 'invalid_request_error', event_id: null });
          expect(typeof error.message).toBe('string');
          expect([3000, 4000, 1008]).toContain(outcome.code);
          // rule auth.invalid-key: a bad key is refused before anything else is looked at.
          if (!keyOk) expect([outcome.code, error.code]).toEqual([3000, 'invalid_api_key']);
          else expect(outcome.code).not.toBe(3000);
          return;
        }
        seen.session++;
        expect(keyOk, 'a session without the right key').toBe(true);
        // rule handshake.dialect-marker: beta with the marker or on the Azure preview path. A
        // server with the beta dialect retired (OpenAI's) refuses the marker; Azure's preview
        // path is Azure's own and stays beta-shaped (the README says so).
        const marker =
          a.headers['OpenAI-Beta'] === 'realtime=v1' ||
          a.protocols.includes('openai-beta.realtime-v1');
        const betaMarked = marker || path === '/openai/realtime';
        expect(a.server === 'retired' && marker, 'the retired beta dialect served').toBe(false);
        const dialect = betaMarked ? 'beta' : 'ga';
        expect(parseServerEvent(outcome.first, { dialect, strict: true }).success).toBe(true);
        // The kind of session follows `intent` (a bad one is refused above, never served).
        expect(['', 'realtime', 'transcription', undefined]).toContain(a.query.intent);
        const transcription = a.query.intent === 'transcription';
        const firstType =
          transcription && dialect === 'beta' ? 'transcription_session.created' : 'session.created';
        expect(outcome.first.type).toBe(firstType);
        if (dialect === 'ga')
          expect((outcome.first.session as { type: string }).type).toBe(
            transcription ? 'transcription' : 'realtime',
          );
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Every way of ending was reached, and the servers still serve.
    expect(seen.http).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.session).toBeGreaterThan(0);
    expect(seen.clientError).toBeGreaterThan(0);
    for (const server of ['open', 'keyed', 'retired'] as const) {
      const outcome = await tryConnect({
        path: '/v1/realtime',
        query: {
          model: 'gpt-realtime',
          intent: undefined,
          'api-version': undefined,
          'api-key': undefined,
          call_id: undefined,
        },
        headers: { Authorization: `Bearer ${KEY}`, 'api-key': undefined, 'OpenAI-Beta': undefined },
        protocols: [],
        server,
      });
      expect(outcome.kind).toBe('session');
    }
  });
});
