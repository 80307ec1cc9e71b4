// Rules: handshake.transcription-no-model, handshake.query-exactly-one (intent=transcription),
// session.transcription-config, session.type-fixed (both ways), transcription.off-by-default,
// transcription.deltas-by-model; inventory §5.1–5.3 (B3/B4) and §6.3 (G2/G4, G8).
// Transcription sessions: `?intent=transcription` (or a secret minted for one) opens a session
// that transcribes committed input audio and answers nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beta, ga } from '@soundcheck/schema';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryPair,
  createMockServer,
  type MockServer,
  type MockSession,
  shippedScenarioDir,
} from '../src/index.js';
import { realtimeHandler } from '../src/transport/msw.js';
import { drive, type Event, pcm16, types } from './host-support.js';
import { connect } from './support.js';

const speech = readFileSync(join(shippedScenarioDir(), '..', 'audio', 'weather-paris.pcm'));
/** `ms` of digital silence, pcm16 24 kHz, as base64. */
const silence = (ms: number) => Buffer.alloc(48 * ms).toString('base64');

const transcribing = (dialect: 'ga' | 'beta', config: Record<string, unknown> = {}) =>
  dialect === 'ga'
    ? {
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: { input: { transcription: { model: 'gpt-4o-transcribe' }, ...config } },
        },
      }
    : {
        type: 'transcription_session.update',
        session: { input_audio_transcription: { model: 'gpt-4o-transcribe' }, ...config },
      };

describe('a transcription session (engine and codecs)', () => {
  it('GA: session.created carries the transcription session object, with its defaults', () => {
    const d = drive('ga', 1, { type: 'transcription' });
    expect(types(d.events)).toEqual(['session.created']);
    const session = d.events[0]?.session as Record<string, unknown>;
    expect(session).toEqual({
      type: 'transcription',
      object: 'realtime.transcription_session',
      id: expect.stringMatching(/^sess_/),
      expires_at: expect.any(Number),
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: null,
          noise_reduction: null,
          // No create_response / interrupt_response: "not available for transcription sessions".
          turn_detection: {
            type: 'server_vad',
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 500,
          },
        },
      },
      include: null,
    });
    expect(ga.objects.TranscriptionSession.safeParse(session).success).toBe(true);
    expect(d.invalid()).toEqual([]);
  });

  it('beta: transcription_session.created in the flat shape, and no conversation.created', () => {
    const d = drive('beta', 1, { type: 'transcription' });
    expect(types(d.events)).toEqual(['transcription_session.created']);
    expect(d.events[0]?.session).toEqual({
      id: expect.stringMatching(/^sess_/),
      object: 'realtime.transcription_session',
      expires_at: expect.any(Number),
      input_audio_format: 'pcm16',
      input_audio_transcription: null,
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 500,
      },
      input_audio_noise_reduction: null,
      include: null,
    });
    expect(d.invalid()).toEqual([]);
  });

  it('GA: session.update with type "transcription" merges and answers the full object', () => {
    const d = drive('ga', 1, { type: 'transcription' });
    d.send(transcribing('ga', { noise_reduction: { type: 'near_field' } }));
    const [updated] = d.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcmu' },
            turn_detection: { type: 'server_vad', silence_duration_ms: 800, create_response: true },
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
    expect(updated?.type).toBe('session.updated');
    expect(updated?.session).toMatchObject({
      type: 'transcription',
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: { model: 'gpt-4o-transcribe' },
          noise_reduction: { type: 'near_field' },
          turn_detection: { type: 'server_vad', threshold: 0.5, silence_duration_ms: 800 },
        },
      },
      include: ['item.input_audio_transcription.logprobs'],
    });
    // Responses are not available: a create_response sent anyway is not kept.
    expect(updated?.session).not.toHaveProperty('audio.input.turn_detection.create_response');
    expect(d.invalid()).toEqual([]);
  });

  it('beta: transcription_session.update → transcription_session.updated', () => {
    const d = drive('beta', 1, { type: 'transcription' });
    const [updated] = d.send({
      ...transcribing('beta', {
        input_audio_format: 'g711_ulaw',
        turn_detection: null,
        include: ['item.input_audio_transcription.logprobs'],
      }),
      event_id: 'evt_ts_1',
    });
    expect(updated).toMatchObject({
      type: 'transcription_session.updated',
      session: {
        object: 'realtime.transcription_session',
        input_audio_format: 'g711_ulaw',
        input_audio_transcription: { model: 'gpt-4o-transcribe' },
        turn_detection: null,
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
    expect(d.invalid()).toEqual([]);
  });

  for (const dialect of ['ga', 'beta'] as const) {
    it(`${dialect}: server VAD commits each turn and transcribes it, and no response follows`, () => {
      const d = drive(dialect, 1, { type: 'transcription' });
      // Asking for responses anyway changes nothing: they are not available here.
      d.send(
        transcribing(dialect, {
          turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true },
        }),
      );
      d.send({ type: 'input_audio_buffer.append', audio: speech.toString('base64') });
      d.send({ type: 'input_audio_buffer.append', audio: silence(1000) });
      const seen = types(d.events).slice(2);
      const created = dialect === 'ga' ? 'conversation.item.added' : 'conversation.item.created';
      expect(seen.slice(0, 4)).toEqual([
        'input_audio_buffer.speech_started',
        'input_audio_buffer.speech_stopped',
        'input_audio_buffer.committed',
        created,
      ]);
      const committed = d.events.find((e) => e.type === 'input_audio_buffer.committed') as Event;
      const deltas = d.events.filter(
        (e) => e.type === 'conversation.item.input_audio_transcription.delta',
      );
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.every((e) => e.item_id === committed.item_id)).toBe(true);
      const completed = d.events.find(
        (e) => e.type === 'conversation.item.input_audio_transcription.completed',
      );
      expect(completed).toMatchObject({
        item_id: committed.item_id,
        transcript: deltas.map((e) => e.delta).join(''),
        usage: { type: 'tokens' },
      });
      expect(seen.some((type) => type.startsWith('response.'))).toBe(false);
      expect(d.invalid()).toEqual([]);
    });
  }

  it('transcribes nothing until the session names a transcription model; whisper-1 sends no deltas', () => {
    const off = drive('ga', 1, { type: 'transcription' });
    off.send({ type: 'input_audio_buffer.append', audio: pcm16(500) });
    off.send({ type: 'input_audio_buffer.commit' });
    expect(types(off.events)).toContain('input_audio_buffer.committed');
    expect(types(off.events).some((type) => type.includes('transcription'))).toBe(false);

    const whisper = drive('ga', 1, { type: 'transcription' });
    whisper.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: { input: { transcription: { model: 'whisper-1' }, turn_detection: null } },
      },
    });
    whisper.send({ type: 'input_audio_buffer.append', audio: pcm16(500) });
    whisper.send({ type: 'input_audio_buffer.commit' });
    const seen = types(whisper.events);
    expect(seen).not.toContain('conversation.item.input_audio_transcription.delta');
    expect(
      whisper.events.find((e) => e.type === 'conversation.item.input_audio_transcription.completed')
        ?.usage,
    ).toEqual({ type: 'duration', seconds: 0.5 });
    expect(whisper.invalid()).toEqual([]);
  });

  it('transcription.logprobs-opt-in: logprobs only with include, in either kind of session', () => {
    const run = (kind: 'realtime' | 'transcription', include: string[] | undefined) => {
      const d = drive('ga', 1, { type: kind });
      d.send({
        type: 'session.update',
        session: {
          type: kind,
          audio: {
            input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: null },
          },
          ...(include === undefined ? {} : { include }),
        },
      });
      d.send({ type: 'input_audio_buffer.append', audio: pcm16(500) });
      d.send({ type: 'input_audio_buffer.commit' });
      expect(d.invalid()).toEqual([]);
      return d.events.filter((e) =>
        e.type.startsWith('conversation.item.input_audio_transcription'),
      );
    };
    for (const kind of ['realtime', 'transcription'] as const) {
      const events = run(kind, ['item.input_audio_transcription.logprobs']);
      const deltas = events.filter((e) => e.type.endsWith('.delta'));
      expect(deltas.length).toBeGreaterThan(1);
      for (const delta of deltas) {
        const [entry, ...more] = delta.logprobs as { token: string; bytes: number[] }[];
        expect(more).toEqual([]);
        expect(entry?.token).toBe(delta.delta);
        expect(Buffer.from(entry?.bytes ?? []).toString('utf8')).toBe(delta.delta);
      }
      const completed = events.find((e) => e.type.endsWith('.completed')) as Event;
      const tokens = (completed.logprobs as { token: string; logprob: number }[]).map(
        (entry) => entry.token,
      );
      expect(tokens.join('')).toBe(completed.transcript);
      expect(
        (completed.logprobs as { logprob: number }[]).every((e) => e.logprob < 0 && e.logprob > -1),
      ).toBe(true);
      for (const include of [undefined, []]) {
        const plain = run(kind, include);
        expect(plain.length).toBeGreaterThan(1);
        for (const event of plain) expect(event).not.toHaveProperty('logprobs');
      }
    }
  });

  it('transcription.segment-diarize: a speaker segment with gpt-4o-transcribe-diarize only', () => {
    const run = (model: string) => {
      const d = drive('ga', 1, { type: 'transcription' });
      d.send({
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: { input: { transcription: { model }, turn_detection: null } },
        },
      });
      d.send({ type: 'input_audio_buffer.append', audio: pcm16(750) });
      d.send({ type: 'input_audio_buffer.commit' });
      expect(d.invalid()).toEqual([]);
      return d.events.filter((e) =>
        e.type.startsWith('conversation.item.input_audio_transcription'),
      );
    };
    const diarized = run('gpt-4o-transcribe-diarize');
    const kinds = diarized.map((e) => e.type.split('.').at(-1));
    expect(kinds.length).toBeGreaterThan(2);
    expect(kinds.slice(-2)).toEqual(['segment', 'completed']);
    expect(kinds.slice(0, -2).every((kind) => kind === 'delta')).toBe(true);
    const completed = diarized.at(-1) as Event;
    expect(diarized.at(-2)).toMatchObject({
      item_id: completed.item_id,
      content_index: 0,
      text: completed.transcript,
      speaker: 'A',
      start: 0,
      end: 0.75,
    });
    expect(run('gpt-4o-transcribe').some((e) => e.type.endsWith('.segment'))).toBe(false);
    // Beta has no segment event: the transcript arrives without it.
    const betaSession = drive('beta', 1, { type: 'transcription' });
    betaSession.send(
      transcribing('beta', { input_audio_transcription: { model: 'gpt-4o-transcribe-diarize' } }),
    );
    betaSession.send({ type: 'input_audio_buffer.append', audio: pcm16(750) });
    betaSession.send({ type: 'input_audio_buffer.commit' });
    const betaTypes = types(betaSession.events);
    expect(betaTypes).toContain('conversation.item.input_audio_transcription.completed');
    expect(betaTypes.some((type) => type.endsWith('.segment'))).toBe(false);
    expect(betaSession.invalid()).toEqual([]);
  });

  it.each(['gpt-realtime-whisper', 'gpt-live-transcribe'])(
    'session.whisper-no-turn-detection: %s takes no turn detection (asked for: refused; left out: off)',
    (model) => {
      const d = drive('ga', 1, { type: 'transcription' });
      const update = (input: Record<string, unknown>) =>
        d.send({
          type: 'session.update',
          event_id: 'evt_w',
          session: {
            type: 'transcription',
            audio: { input: { transcription: { model }, ...input } },
          },
        });
      expect(update({ turn_detection: { type: 'server_vad' } })).toMatchObject([
        {
          type: 'error',
          error: {
            code: 'invalid_value',
            message: 'Turn detection is not supported for this transcription model.',
            param: 'session.audio.input.turn_detection',
            event_id: 'evt_w',
          },
        },
      ]);
      // Refused and nothing changed: the default server VAD and no model are still there.
      const [unchanged] = d.send({ type: 'session.update', session: { type: 'transcription' } });
      expect(unchanged?.session).toMatchObject({
        audio: { input: { transcription: null, turn_detection: { type: 'server_vad' } } },
      });
      for (const input of [{}, { turn_detection: null }]) {
        const [updated] = update(input);
        expect(updated).toMatchObject({
          type: 'session.updated',
          session: { audio: { input: { transcription: { model }, turn_detection: null } } },
        });
      }
      // With the model in place, asking for VAD again is refused too.
      expect(update({ turn_detection: { type: 'semantic_vad' } })[0]?.type).toBe('error');
      expect(d.invalid()).toEqual([]);
    },
  );

  it('refuses what only a realtime session does, names the event, and stays usable', () => {
    const d = drive('ga', 1, { type: 'transcription' });
    const refused = [
      { type: 'response.create', event_id: 'evt_1' },
      { type: 'response.cancel', event_id: 'evt_2' },
      {
        type: 'conversation.item.create',
        event_id: 'evt_3',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      },
      {
        type: 'conversation.item.truncate',
        event_id: 'evt_4',
        item_id: 'item_x',
        content_index: 0,
        audio_end_ms: 0,
      },
    ];
    for (const event of refused) {
      const [answer] = d.send(event);
      expect(answer).toMatchObject({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'invalid_value',
          message: `Invalid value: '${event.type}'. This event is not supported in transcription sessions.`,
          param: 'type',
          event_id: event.event_id,
        },
      });
    }
    d.send({ type: 'input_audio_buffer.append', audio: pcm16(300) });
    expect(types(d.send({ type: 'input_audio_buffer.commit' }))[0]).toBe(
      'input_audio_buffer.committed',
    );
    expect(d.invalid()).toEqual([]);
  });

  it('session.type-fixed: neither kind of session becomes the other, and nothing changes', () => {
    const error = (message: string) => ({
      type: 'error',
      error: { code: 'invalid_parameter', message, param: 'session.type' },
    });
    const toRealtime =
      'Passing a realtime session update event to a transcription session is not allowed.';
    const toTranscription =
      'Passing a transcription session update event to a realtime session is not allowed.';
    // A transcription session given a realtime update (GA type "realtime"; beta session.update).
    const gaT = drive('ga', 1, { type: 'transcription' });
    expect(
      gaT.send({ type: 'session.update', session: { type: 'realtime', instructions: 'x' } }),
    ).toMatchObject([error(toRealtime)]);
    const betaT = drive('beta', 1, { type: 'transcription' });
    expect(betaT.send({ type: 'session.update', session: { instructions: 'x' } })).toMatchObject([
      error(toRealtime),
    ]);
    // A beta realtime session given transcription_session.update (GA's way is in session.test.ts).
    const betaR = drive('beta', 1);
    expect(betaR.send(transcribing('beta'))).toMatchObject([error(toTranscription)]);
    // Nothing changed: the next update shows the earlier config.
    const [after] = gaT.send({ type: 'session.update', session: { type: 'transcription' } });
    expect(after?.session).toMatchObject({ audio: { input: { transcription: null } } });
    expect(after?.session).not.toHaveProperty('instructions');
  });
});

describe('transcription sessions over the transports', () => {
  let server: MockServer;
  const sessions: MockSession[] = [];
  beforeAll(async () => {
    server = await createMockServer({ onSession: (s) => sessions.push(s) });
  });
  afterAll(() => server.close());

  it('?intent=transcription opens one, in either dialect', async () => {
    const gaClient = await connect(`${server.url}?intent=transcription`);
    expect(await gaClient.waitFor('session.created')).toMatchObject({
      session: { type: 'transcription', object: 'realtime.transcription_session' },
    });
    gaClient.send(transcribing('ga', { turn_detection: null }));
    gaClient.send({ type: 'input_audio_buffer.append', audio: pcm16(400) });
    gaClient.send({ type: 'input_audio_buffer.commit' });
    expect(
      await gaClient.waitFor('conversation.item.input_audio_transcription.completed'),
    ).toMatchObject({ transcript: '(0.4 seconds of speech)' });
    expect(sessions.at(-1)).toMatchObject({ type: 'transcription', outcome: 'open' });
    gaClient.ws.close();

    const betaClient = await connect(`${server.url}?intent=transcription`, {
      headers: { 'OpenAI-Beta': 'realtime=v1' },
    });
    const created = await betaClient.waitFor('transcription_session.created');
    expect(beta.serverEvents['transcription_session.created'].safeParse(created).success).toBe(
      true,
    );
    betaClient.ws.close();

    const realtime = await connect(`${server.url}?model=gpt-realtime`);
    await realtime.waitFor('session.created');
    expect(sessions.at(-1)?.type).toBe('realtime');
    realtime.ws.close();
  });

  it('an initial config applies to the kind of session opened, whatever type it names', () => {
    // A scenario's session defaults may say `type: "realtime"`; a transcription connection that
    // plays it must still open (an error here would throw while accepting the connection).
    const d = drive('ga', 1, {
      type: 'transcription',
      session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } },
    });
    expect(d.events[0]?.session).toMatchObject({
      type: 'transcription',
      audio: { input: { transcription: { model: 'whisper-1' } } },
    });
  });

  it("a transcription scenario's session config (no type) applies to its sessions", async () => {
    const url = server.url.replace('/v1/realtime', '/cases/live-captions/v1/realtime');
    const client = await connect(`${url}?intent=transcription`);
    expect(await client.waitFor('session.created')).toMatchObject({
      session: {
        type: 'transcription',
        audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } },
      },
    });
    client.ws.close();
  });

  it.each([
    [
      'intent=transcription with a model',
      'intent=transcription&model=gpt-4o-transcribe',
      'invalid_parameter',
      'You must not provide a model parameter for transcription sessions.',
      'model',
    ],
    [
      'an intent other than realtime or transcription',
      'intent=captions',
      'invalid_value',
      "Invalid value: 'captions'. Supported values are: 'realtime' and 'transcription'.",
      'intent',
    ],
  ] as const)('refuses %s: the error, then close 4000', async (_, query, code, message, param) => {
    const client = await connect(`${server.url}?${query}`);
    const closed = await client.closed;
    expect(client.events).toEqual([
      {
        type: 'error',
        event_id: expect.any(String),
        error: { type: 'invalid_request_error', code, message, param, event_id: null },
      },
    ]);
    expect(closed).toEqual({ code: 4000, reason: `invalid_request_error.${code}` });
    expect(sessions.at(-1)?.outcome).toBe(code);
  });

  it("intent=realtime, the connect call's other value, opens a realtime session", async () => {
    const realtime = await connect(`${server.url}?intent=realtime&model=gpt-realtime`);
    expect(await realtime.waitFor('session.created')).toMatchObject({
      session: { type: 'realtime' },
    });
    realtime.ws.close();
  });

  it('GA: a client secret minted for a transcription session opens one with its config', async () => {
    const response = await fetch(`${server.baseURL}/realtime/client_secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        session: {
          type: 'transcription',
          audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe', language: 'de' } } },
        },
      }),
    });
    expect(response.status).toBe(200);
    const minted = (await response.json()) as { value: string; session: Record<string, unknown> };
    expect(minted.session).toMatchObject({
      type: 'transcription',
      object: 'realtime.transcription_session',
      audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe', language: 'de' } } },
    });
    expect(ga.objects.ClientSecretCreateResponse.safeParse(minted).success).toBe(true);
    const client = await connect(`${server.url}?intent=transcription`, {
      headers: { Authorization: `Bearer ${minted.value}` },
    });
    expect(await client.waitFor('session.created')).toMatchObject({
      session: {
        type: 'transcription',
        audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe', language: 'de' } } },
      },
    });
    client.ws.close();
  });

  it('beta: POST /v1/realtime/transcription_sessions mints a secret for one', async () => {
    const post = (body: unknown) =>
      fetch(`${server.baseURL}/realtime/transcription_sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const response = await post({
      input_audio_transcription: { model: 'whisper-1' },
      turn_detection: null,
      client_secret: { expires_after: { anchor: 'created_at', seconds: 30 } },
    });
    expect(response.status).toBe(200);
    const minted = (await response.json()) as Record<string, unknown> & {
      client_secret: { value: string; expires_at: number };
    };
    expect(minted).toMatchObject({
      object: 'realtime.transcription_session',
      input_audio_transcription: { model: 'whisper-1' },
      turn_detection: null,
      client_secret: { value: expect.stringMatching(/^ek_/) },
    });
    expect(beta.objects.TranscriptionSession.safeParse(minted).success).toBe(true);
    const client = await connect(`${server.url}?intent=transcription`, {
      protocols: [
        'realtime',
        `openai-insecure-api-key.${minted.client_secret.value}`,
        'openai-beta.realtime-v1',
      ],
    });
    expect(await client.waitFor('transcription_session.created')).toMatchObject({
      session: { input_audio_transcription: { model: 'whisper-1' }, turn_detection: null },
    });
    client.ws.close();

    // A realtime field in a transcription session config: 400, naming it.
    const bad = await post({ voice: 'alloy' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('voice');
  });
});

describe('transcription sessions in the msw handler and the memory pair', () => {
  it('msw: ?intent=transcription opens one; with a model, or another intent, it is refused with 4000', async () => {
    const msw = setupServer(realtimeHandler());
    msw.listen();
    try {
      const open = (url: string) =>
        new Promise<{ events: Record<string, unknown>[]; code: number }>((resolve) => {
          const events: Record<string, unknown>[] = [];
          const socket = new WebSocket(url);
          socket.onmessage = (message) => {
            events.push(JSON.parse(String(message.data)));
            if (events.length === 1 && events[0]?.type === 'session.created') socket.close();
          };
          socket.onclose = (event) => resolve({ events, code: event.code });
        });
      const ok = await open('wss://api.openai.com/v1/realtime?intent=transcription');
      expect(ok.events[0]).toMatchObject({
        type: 'session.created',
        session: { type: 'transcription' },
      });
      const refused = await open(
        'wss://api.openai.com/v1/realtime?intent=transcription&model=gpt-4o-transcribe',
      );
      expect(refused.events[0]).toMatchObject({ error: { code: 'invalid_parameter' } });
      expect(refused.code).toBe(4000);
      const unknown = await open('wss://api.openai.com/v1/realtime?intent=captions');
      expect(unknown.events[0]).toMatchObject({
        error: { code: 'invalid_value', param: 'intent' },
      });
      expect(unknown.code).toBe(4000);
    } finally {
      msw.close();
    }
  });

  it('memory pair: the intent option, and intent with a model is a TypeError', () => {
    const { client } = createMemoryPair({ intent: 'transcription', dialect: 'beta' });
    expect(client.events[0]?.type).toBe('transcription_session.created');
    expect(() => createMemoryPair({ intent: 'transcription', model: 'gpt-realtime' })).toThrow(
      /a transcription session has no model/,
    );
    expect(() => createMemoryPair({ intent: 'dictation' as unknown as 'transcription' })).toThrow(
      "createMemoryPair: expected intent to be 'realtime' or 'transcription'",
    );
  });
});
