// Property tests of the REST routes that mint client secrets: random bodies, well-formed or not,
// posted over HTTP. Every answer is JSON: a minted secret whose body passes the schema of the
// route's response, or a 400 with the API's error shape ({ error: { message, type, param, code } });
// never another status, never a dropped connection, and the server keeps serving. A minted secret
// opens a WebSocket session of its kind.
//
// The seed is fixed (see fuzz.test.ts); FUZZ_SEED=<n> and FUZZ_RUNS=<n> explore others.
import { beta, ga } from '@soundcheck/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';
import { connect } from './support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0, seed: 3 });
});
afterAll(async () => {
  await server.close();
});

/** Any JSON value, small: what a confused client might put anywhere. */
const anything = fc.jsonValue({ maxDepth: 3 });

/** A value that is often right for `key` and sometimes anything at all. */
function field(right: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: right, weight: 9 }, { arbitrary: anything, weight: 1 });
}

const turnDetection = field(
  fc.constantFrom(
    null,
    { type: 'server_vad' },
    { type: 'server_vad', silence_duration_ms: 300, create_response: false },
    { type: 'semantic_vad', eagerness: 'high' },
  ),
);
const transcription = field(
  fc.constantFrom(null, { model: 'whisper-1' }, { model: 'gpt-4o-transcribe', language: 'en' }),
);

/** GA `session` objects for client_secrets: realtime or transcription, fields right or not. */
const gaSession = fc.oneof(
  fc.record(
    {
      type: field(fc.constant('realtime')),
      model: field(fc.constantFrom('gpt-realtime', 'gpt-realtime-mini')),
      instructions: field(fc.string({ maxLength: 20 })),
      output_modalities: field(fc.constantFrom(['text'], ['audio'])),
      audio: fc.record(
        {
          input: fc.record({ turn_detection: turnDetection, transcription }, { requiredKeys: [] }),
          output: fc.record({ voice: field(fc.constantFrom('marin', 'alloy')) }),
        },
        { requiredKeys: [] },
      ),
      max_output_tokens: field(fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.constant('inf'))),
      tool_choice: field(fc.constantFrom('auto', 'none', 'required')),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('transcription'),
      audio: fc.record(
        {
          input: fc.record({ turn_detection: turnDetection, transcription }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      include: field(fc.constant(['item.input_audio_transcription.logprobs'])),
    },
    { requiredKeys: ['type'] },
  ),
  anything,
);
const expiresAfter = field(
  fc.record(
    {
      anchor: field(fc.constant('created_at')),
      seconds: field(fc.integer({ min: 0, max: 8000 })),
    },
    { requiredKeys: [] },
  ),
);

/** Mostly a body of the route's shape, sometimes any JSON at all. */
const mostly = (body: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: body, weight: 4 }, { arbitrary: anything, weight: 1 });
/** The beta routes' `client_secret` request field. */
const betaClientSecret = field(fc.record({ expires_after: expiresAfter }, { requiredKeys: [] }));
/** What a browser client of the beta dialect offers: `realtime`, the minted key, the beta marker. */
const betaProtocols = (json: Record<string, unknown>) => [
  'realtime',
  `openai-insecure-api-key.${(json.client_secret as { value: string }).value}`,
  'openai-beta.realtime-v1',
];

interface Route {
  path: string;
  body: fc.Arbitrary<unknown>;
  /** Checks a 200 body against the route's response schema. */
  minted: (json: unknown) => boolean;
  /** The WebSocket URL and protocols a minted secret opens a session with. */
  open: (json: Record<string, unknown>) => { url: string; protocols: string[]; first: string };
}

const routes: Route[] = [
  {
    path: '/realtime/client_secrets',
    body: mostly(
      fc.record({ session: gaSession, expires_after: expiresAfter }, { requiredKeys: [] }),
    ),
    minted: (json) => ga.objects.ClientSecretCreateResponse.safeParse(json).success,
    open: (json) => {
      const session = json.session as { type?: string };
      const intent =
        session.type === 'transcription' ? '?intent=transcription' : '?model=gpt-realtime';
      return {
        url: `${server.url}${intent}`,
        protocols: ['realtime', `openai-insecure-api-key.${json.value as string}`],
        first: 'session.created',
      };
    },
  },
  {
    path: '/realtime/sessions',
    body: mostly(
      fc.record(
        {
          model: field(fc.constantFrom('gpt-4o-realtime-preview', 'gpt-4o-mini-realtime-preview')),
          modalities: field(fc.constantFrom(['text'], ['audio', 'text'])),
          voice: field(fc.constantFrom('alloy', 'verse')),
          turn_detection: turnDetection,
          input_audio_transcription: transcription,
          instructions: field(fc.string({ maxLength: 20 })),
          client_secret: betaClientSecret,
        },
        { requiredKeys: [] },
      ),
    ),
    minted: (json) => beta.objects.SessionCreateResponse.safeParse(json).success,
    open: (json) => ({
      url: `${server.url}?model=${(json.model as string | undefined) ?? 'gpt-4o-realtime-preview'}`,
      protocols: betaProtocols(json),
      first: 'session.created',
    }),
  },
  {
    path: '/realtime/transcription_sessions',
    body: mostly(
      fc.record(
        {
          input_audio_transcription: transcription,
          turn_detection: turnDetection,
          include: field(fc.constant(['item.input_audio_transcription.logprobs'])),
          client_secret: betaClientSecret,
        },
        { requiredKeys: [] },
      ),
    ),
    minted: (json) => beta.objects.TranscriptionSession.safeParse(json).success,
    open: (json) => ({
      url: `${server.url}?intent=transcription`,
      protocols: betaProtocols(json),
      first: 'transcription_session.created',
    }),
  },
];

/** The API's error body: { error: { message, type, param, code } }, nothing else. */
function isApiError(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const { error, ...rest } = json as { error?: Record<string, unknown> };
  if (Object.keys(rest).length > 0 || typeof error !== 'object' || error === null) return false;
  return (
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string') &&
    (error.code === null || typeof error.code === 'string')
  );
}

describe('REST routes with random bodies', () => {
  for (const route of routes) {
    it(`POST /v1${route.path}: a minted secret or a 400 in the API's shape, and the server keeps serving`, async () => {
      const seen = { minted: 0, refused: 0 };
      const opened: Record<string, unknown>[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: route.body.map((b) => JSON.stringify(b)), weight: 9 },
            // Bodies that are not JSON at all.
            { arbitrary: fc.constantFrom('', '{', 'nope', '{"session":'), weight: 1 },
          ),
          async (text) => {
            const response = await fetch(`${server.baseURL}${route.path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', Authorization: 'Bearer sk-any' },
              body: text,
            });
            const json: unknown = await response.json();
            expect([200, 400], text).toContain(response.status);
            if (response.status === 200) {
              expect(route.minted(json), `${text} → ${JSON.stringify(json)}`).toBe(true);
              seen.minted++;
              if (opened.length < 5) opened.push(json as Record<string, unknown>);
            } else {
              expect(isApiError(json), `${text} → ${JSON.stringify(json)}`).toBe(true);
              seen.refused++;
            }
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      // Both answers were reached, and a few of the minted secrets open a session of their kind.
      expect(seen.minted).toBeGreaterThan(RUNS / 10);
      expect(seen.refused).toBeGreaterThan(RUNS / 10);
      for (const json of opened) {
        const { url, protocols, first } = route.open(json);
        const client = await connect(url, { protocols });
        expect((await client.waitFor(first)).type).toBe(first);
        client.ws.close();
      }
    });
  }
});
