// Beta session configuration (INV §5.1 `session.update`, §5.2 `session.created`/`.updated`,
// §5.3 B1/B2/B8) and the documented ranges of INV §4.2/§4.3: temperature [0.6, 1.2], token limit
// 1..4096 or "inf", speed 0.25..1.5, VAD threshold 0..1, closed enums, strict client objects.
import { describe, expect, it } from 'vitest';
import { beta, parseClientEvent, parseServerEvent } from '../src/index.js';

const update = (session: Record<string, unknown>) =>
  parseClientEvent({ type: 'session.update', event_id: 'evt_1', session }, { dialect: 'beta' });

/** The issues of a failed parse, as `{ path, code }` pairs. */
function problems(r: {
  success: boolean;
  error?: { issues: readonly { path: readonly unknown[]; code: string }[] };
}) {
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map(({ path, code }) => ({ path, code }));
}

/** A default session as the beta server sends it in `session.created` (mid-2025 shape). */
const defaultSession = {
  id: 'sess_Cq3kV9wRt2mXbLp7Yz1Qa',
  object: 'realtime.session',
  expires_at: 1751010719,
  input_audio_noise_reduction: null,
  turn_detection: {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 200,
    create_response: true,
    interrupt_response: true,
  },
  input_audio_format: 'pcm16',
  input_audio_transcription: null,
  client_secret: null,
  include: null,
  model: 'gpt-4o-realtime-preview-2025-06-03',
  modalities: ['audio', 'text'],
  instructions: 'You are a concise assistant for a bicycle repair shop.',
  voice: 'alloy',
  output_audio_format: 'pcm16',
  tool_choice: 'auto',
  temperature: 0.8,
  max_response_output_tokens: 'inf',
  speed: 1.0,
  tracing: null,
  tools: [],
};

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the current weather for a city.',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' } },
    required: ['location'],
  },
};

describe('session.update (client)', () => {
  it('accepts the documented configuration', () => {
    const r = update({
      modalities: ['text', 'audio'],
      instructions: 'You are a helpful assistant.',
      voice: 'sage',
      input_audio_format: 'pcm16',
      output_audio_format: 'g711_ulaw',
      input_audio_transcription: { model: 'whisper-1', language: 'en', prompt: 'bike, gears' },
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 500,
        create_response: true,
        interrupt_response: false,
      },
      input_audio_noise_reduction: { type: 'near_field' },
      tools: [weatherTool],
      tool_choice: 'auto',
      temperature: 0.8,
      max_response_output_tokens: 'inf',
      speed: 1.25,
      tracing: 'auto',
      client_secret: { expires_after: { anchor: 'created_at', seconds: 600 } },
    });
    expect(r.success).toBe(true);
  });

  it('accepts null to turn features off, and an empty update', () => {
    expect(
      update({
        turn_detection: null,
        input_audio_transcription: null,
        input_audio_noise_reduction: null,
        tracing: null,
      }).success,
    ).toBe(true);
    expect(update({}).success).toBe(true);
    expect(
      parseClientEvent(
        { type: 'session.update', session: { instructions: '' } },
        { dialect: 'beta' },
      ).success,
    ).toBe(true);
  });

  it('accepts semantic VAD, server VAD without a type (the default), and a forced function', () => {
    expect(update({ turn_detection: { type: 'semantic_vad', eagerness: 'high' } }).success).toBe(
      true,
    );
    expect(update({ turn_detection: { threshold: 0.7 } }).success).toBe(true);
    expect(update({ tool_choice: { type: 'function', name: 'get_weather' } }).success).toBe(true);
    expect(
      update({ tracing: { workflow_name: 'support', group_id: 'g1', metadata: { a: 1 } } }).success,
    ).toBe(true);
  });

  it('accepts open strings for voice, model and transcription model', () => {
    expect(update({ voice: 'verse', model: 'gpt-realtime' }).success).toBe(true);
    expect(
      update({ input_audio_transcription: { model: 'my-azure-transcribe-deployment' } }).success,
    ).toBe(true);
  });

  it('requires the session', () => {
    expect(problems(parseClientEvent({ type: 'session.update' }, { dialect: 'beta' }))).toEqual([
      { path: ['session'], code: 'invalid_type' },
    ]);
  });

  it.each([
    ['temperature above 1.2', { temperature: 1.5 }, ['session', 'temperature'], 'too_big'],
    ['temperature below 0.6', { temperature: 0.5 }, ['session', 'temperature'], 'too_small'],
    [
      '4097 output tokens',
      { max_response_output_tokens: 4097 },
      ['session', 'max_response_output_tokens'],
      'too_big',
    ],
    [
      '0 output tokens',
      { max_response_output_tokens: 0 },
      ['session', 'max_response_output_tokens'],
      'too_small',
    ],
    [
      '"infinite" output tokens',
      { max_response_output_tokens: 'infinite' },
      ['session', 'max_response_output_tokens'],
      'invalid_union',
    ],
    [
      'fractional output tokens',
      { max_response_output_tokens: 10.5 },
      ['session', 'max_response_output_tokens'],
      'invalid_union',
    ],
    ['speed above 1.5', { speed: 2 }, ['session', 'speed'], 'too_big'],
    ['speed below 0.25', { speed: 0.1 }, ['session', 'speed'], 'too_small'],
    [
      'an unknown audio format',
      { input_audio_format: 'mp3' },
      ['session', 'input_audio_format'],
      'invalid_value',
    ],
    [
      'a GA audio format object',
      { output_audio_format: { type: 'audio/pcm' } },
      ['session', 'output_audio_format'],
      'invalid_value',
    ],
    ['audio without text', { modalities: ['audio'] }, ['session', 'modalities'], 'custom'],
    ['a repeated modality', { modalities: ['text', 'text'] }, ['session', 'modalities'], 'custom'],
    [
      'an unknown modality',
      { modalities: ['text', 'video'] },
      ['session', 'modalities', 1],
      'invalid_value',
    ],
    [
      'threshold above 1',
      { turn_detection: { type: 'server_vad', threshold: 1.5 } },
      ['session', 'turn_detection', 'threshold'],
      'too_big',
    ],
    [
      'negative prefix padding',
      { turn_detection: { prefix_padding_ms: -1 } },
      ['session', 'turn_detection', 'prefix_padding_ms'],
      'too_small',
    ],
    [
      'fractional silence duration',
      { turn_detection: { silence_duration_ms: 0.5 } },
      ['session', 'turn_detection', 'silence_duration_ms'],
      'invalid_type',
    ],
    [
      'an unknown eagerness',
      { turn_detection: { type: 'semantic_vad', eagerness: 'eager' } },
      ['session', 'turn_detection', 'eagerness'],
      'invalid_value',
    ],
    [
      'an unknown turn detection type',
      { turn_detection: { type: 'push_to_talk' } },
      ['session', 'turn_detection', 'type'],
      'invalid_union',
    ],
    [
      'a server VAD field on semantic VAD',
      { turn_detection: { type: 'semantic_vad', threshold: 0.5 } },
      ['session', 'turn_detection'],
      'unrecognized_keys',
    ],
    [
      'an unknown noise reduction',
      { input_audio_noise_reduction: { type: 'mid_field' } },
      ['session', 'input_audio_noise_reduction', 'type'],
      'invalid_value',
    ],
    [
      'an MCP tool (GA only)',
      { tools: [{ type: 'mcp', server_label: 'x' }] },
      ['session', 'tools', 0, 'type'],
      'invalid_union',
    ],
    [
      'a tool without a name',
      { tools: [{ type: 'function', parameters: {} }] },
      ['session', 'tools', 0, 'name'],
      'invalid_type',
    ],
    [
      'the nested Chat Completions tool_choice',
      { tool_choice: { type: 'function', function: { name: 'f' } } },
      ['session', 'tool_choice'],
      'invalid_union',
    ],
    [
      'a too short client secret',
      { client_secret: { expires_after: { anchor: 'created_at', seconds: 5 } } },
      ['session', 'client_secret', 'expires_after', 'seconds'],
      'too_small',
    ],
    [
      'an unknown expiry anchor',
      { client_secret: { expires_after: { anchor: 'now' } } },
      ['session', 'client_secret', 'expires_after', 'anchor'],
      'invalid_value',
    ],
    ['GA `type` (unknown in beta)', { type: 'realtime' }, ['session'], 'unrecognized_keys'],
    ['GA `output_modalities`', { output_modalities: ['audio'] }, ['session'], 'unrecognized_keys'],
  ])('rejects %s at the field path', (_label, session, path, code) => {
    expect(problems(update(session))).toContainEqual({ path, code });
  });

  it('accepts the boundary values', () => {
    for (const session of [
      { temperature: 0.6 },
      { temperature: 1.2 },
      { max_response_output_tokens: 1 },
      { max_response_output_tokens: 4096 },
      { speed: 0.25 },
      { speed: 1.5 },
      { turn_detection: { threshold: 0 } },
      { turn_detection: { threshold: 1 } },
    ]) {
      expect(update(session).success, JSON.stringify(session)).toBe(true);
    }
  });

  it('says what the token limit accepts', () => {
    const r = update({ max_response_output_tokens: 'infinite' });
    expect(r.error?.message).toContain(
      '$.session.max_response_output_tokens: Invalid input: expected an integer from 1 to 4096 or "inf"',
    );
  });

  it('rejects an unknown key at the event root and a wrong event_id type', () => {
    const r = parseClientEvent(
      { type: 'session.update', event_id: 7, session: {}, extra: true },
      { dialect: 'beta' },
    );
    expect(problems(r)).toEqual(
      expect.arrayContaining([
        { path: [], code: 'unrecognized_keys' },
        { path: ['event_id'], code: 'invalid_type' },
      ]),
    );
  });
});

describe('session.created / session.updated (server)', () => {
  it('accept the default session the server sends', () => {
    const r = parseServerEvent(
      { type: 'session.created', event_id: 'event_BmxhH1', session: defaultSession },
      { dialect: 'beta', strict: true },
    );
    expect(r.success).toBe(true);
  });

  it('accept an updated session with turn detection off', () => {
    const r = parseServerEvent(
      {
        type: 'session.updated',
        event_id: 'event_5678',
        session: {
          ...defaultSession,
          modalities: ['text'],
          turn_detection: null,
          input_audio_transcription: { model: 'whisper-1', language: null, prompt: null },
          tools: [weatherTool],
          tool_choice: 'none',
          temperature: 0.7,
          max_response_output_tokens: 200,
        },
      },
      { dialect: 'beta', strict: true },
    );
    expect(r.success).toBe(true);
  });

  it('keep unknown server fields in lenient parsing and reject them in strict parsing', () => {
    const event = {
      type: 'session.created',
      event_id: 'event_1',
      session: { ...defaultSession, future_setting: { on: true } },
      future_top: 1,
    };
    const lenient = parseServerEvent(event, { dialect: 'beta' });
    expect(lenient.data).toMatchObject({
      future_top: 1,
      session: { future_setting: { on: true } },
    });
    expect(problems(parseServerEvent(event, { dialect: 'beta', strict: true }))).toEqual(
      expect.arrayContaining([
        { path: [], code: 'unrecognized_keys' },
        { path: ['session'], code: 'unrecognized_keys' },
      ]),
    );
  });

  it('still check known fields in lenient parsing', () => {
    const r = parseServerEvent(
      { type: 'session.updated', event_id: 'e', session: { ...defaultSession, temperature: 2 } },
      { dialect: 'beta' },
    );
    expect(problems(r)).toEqual([{ path: ['session', 'temperature'], code: 'too_big' }]);
  });

  it('require the session and the event id', () => {
    expect(problems(parseServerEvent({ type: 'session.created' }, { dialect: 'beta' }))).toEqual([
      { path: ['event_id'], code: 'invalid_type' },
      { path: ['session'], code: 'invalid_type' },
    ]);
  });
});

describe('SessionCreateResponse (POST /v1/realtime/sessions)', () => {
  it('requires the client secret', () => {
    const { client_secret: _, ...rest } = defaultSession;
    const ok = beta.objects.SessionCreateResponse.safeParse({
      ...rest,
      client_secret: { value: 'ek_abc123', expires_at: 1751010779 },
    });
    expect(ok.success).toBe(true);
    const missing = beta.objects.SessionCreateResponse.safeParse(rest);
    expect(missing.error?.issues[0]?.path).toEqual(['client_secret']);
  });
});
