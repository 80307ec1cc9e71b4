// GA sessions (INV §6.3 G1–G4, rules §4.2–4.3): session.update with a realtime or a transcription
// session, session.created / session.updated, and the documented constraints of audio formats,
// voices, turn detection, tools, tool choice, truncation and output settings.
import { describe, expect, it } from 'vitest';
import { client, issues, paths, server } from './ga-helpers.js';

const update = (session: Record<string, unknown>) => ({ type: 'session.update', session });
const realtime = (fields: Record<string, unknown>) => update({ type: 'realtime', ...fields });

/** A session.created payload as the GA server sends it (events.json, captured). */
const created = {
  type: 'session.created',
  event_id: 'event_C9G5RJeJ2gF77mV7f2B1j',
  session: {
    type: 'realtime',
    object: 'realtime.session',
    id: 'sess_C9G5QPteg4UIbotdKLoYQ',
    model: 'gpt-realtime-2025-08-28',
    output_modalities: ['audio'],
    instructions: 'Your knowledge cutoff is 2023-10.',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    prompt: null,
    expires_at: 1756324625,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 200,
          idle_timeout_ms: null,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
    },
    include: null,
  },
};

describe('session.update (realtime)', () => {
  it('accepts a full realtime configuration', () => {
    const r = client(
      realtime({
        model: 'gpt-realtime',
        output_modalities: ['text'],
        instructions: 'Be brief.',
        audio: {
          input: {
            format: { type: 'audio/pcmu' },
            transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'tech' },
            noise_reduction: { type: 'near_field' },
            turn_detection: { type: 'semantic_vad', eagerness: 'high', interrupt_response: false },
          },
          output: {
            format: { type: 'audio/pcm', rate: 24000 },
            voice: { id: 'voice_1234' },
            speed: 1.5,
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
        tracing: { workflow_name: 'support', metadata: { tier: 'gold' } },
        tools: [
          {
            type: 'function',
            name: 'get_weather',
            description: 'Weather for a city.',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
          {
            type: 'mcp',
            server_label: 'docs',
            server_url: 'https://example.com/mcp',
            require_approval: 'never',
          },
        ],
        tool_choice: { type: 'function', name: 'get_weather' },
        parallel_tool_calls: true,
        reasoning: { effort: 'low' },
        max_output_tokens: 4096,
        truncation: {
          type: 'retention_ratio',
          retention_ratio: 0.8,
          token_limits: { post_instructions: 5000 },
        },
        prompt: { id: 'pmpt_1', version: null, variables: { city: 'Paris' } },
      }),
    );
    expect(r.error?.message).toBeUndefined();
  });

  it('turns features off with null and clears with empty values', () => {
    const r = client(
      realtime({
        instructions: '',
        tools: [],
        tracing: null,
        prompt: null,
        audio: { input: { turn_detection: null, transcription: null, noise_reduction: null } },
      }),
    );
    expect(r.success).toBe(true);
  });

  it('accepts open model and voice names', () => {
    expect(
      client(realtime({ model: 'gpt-realtime-3000', audio: { output: { voice: 'nova-x' } } }))
        .success,
    ).toBe(true);
  });

  it.each([
    [
      'rate 16000',
      { audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } },
      ['session', 'audio', 'input', 'format', 'rate'],
      'invalid_value',
    ],
    [
      'rate on audio/pcmu',
      { audio: { output: { format: { type: 'audio/pcmu', rate: 8000 } } } },
      ['session', 'audio', 'output', 'format'],
      'unrecognized_keys',
    ],
    [
      'unknown format',
      { audio: { input: { format: { type: 'audio/opus' } } } },
      ['session', 'audio', 'input', 'format', 'type'],
      'invalid_union',
    ],
    [
      'both modalities',
      { output_modalities: ['text', 'audio'] },
      ['session', 'output_modalities'],
      'too_big',
    ],
    ['no modality', { output_modalities: [] }, ['session', 'output_modalities'], 'too_small'],
    [
      'unknown modality',
      { output_modalities: ['video'] },
      ['session', 'output_modalities', 0],
      'invalid_value',
    ],
    [
      'max_output_tokens 4097',
      { max_output_tokens: 4097 },
      ['session', 'max_output_tokens'],
      'too_big',
    ],
    [
      'max_output_tokens 0',
      { max_output_tokens: 0 },
      ['session', 'max_output_tokens'],
      'too_small',
    ],
    [
      'max_output_tokens 1.5',
      { max_output_tokens: 1.5 },
      ['session', 'max_output_tokens'],
      'invalid_union',
    ],
    [
      'max_output_tokens "infinite"',
      { max_output_tokens: 'infinite' },
      ['session', 'max_output_tokens'],
      'invalid_union',
    ],
    [
      'speed 2',
      { audio: { output: { speed: 2 } } },
      ['session', 'audio', 'output', 'speed'],
      'too_big',
    ],
    [
      'speed 0.2',
      { audio: { output: { speed: 0.2 } } },
      ['session', 'audio', 'output', 'speed'],
      'too_small',
    ],
    [
      'threshold 1.5',
      { audio: { input: { turn_detection: { type: 'server_vad', threshold: 1.5 } } } },
      ['session', 'audio', 'input', 'turn_detection', 'threshold'],
      'too_big',
    ],
    [
      'idle_timeout_ms 1000',
      { audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 1000 } } } },
      ['session', 'audio', 'input', 'turn_detection', 'idle_timeout_ms'],
      'too_small',
    ],
    [
      'idle_timeout_ms 30001',
      { audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 30001 } } } },
      ['session', 'audio', 'input', 'turn_detection', 'idle_timeout_ms'],
      'too_big',
    ],
    [
      'negative silence',
      { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: -1 } } } },
      ['session', 'audio', 'input', 'turn_detection', 'silence_duration_ms'],
      'too_small',
    ],
    [
      'idle_timeout_ms on semantic_vad',
      { audio: { input: { turn_detection: { type: 'semantic_vad', idle_timeout_ms: 6000 } } } },
      ['session', 'audio', 'input', 'turn_detection'],
      'unrecognized_keys',
    ],
    [
      'eagerness "fast"',
      { audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'fast' } } } },
      ['session', 'audio', 'input', 'turn_detection', 'eagerness'],
      'invalid_value',
    ],
    [
      'unknown turn detection',
      { audio: { input: { turn_detection: { type: 'push_to_talk' } } } },
      ['session', 'audio', 'input', 'turn_detection', 'type'],
      'invalid_union',
    ],
    [
      'noise reduction "loud"',
      { audio: { input: { noise_reduction: { type: 'loud' } } } },
      ['session', 'audio', 'input', 'noise_reduction', 'type'],
      'invalid_value',
    ],
    [
      'transcription delay "slow"',
      { audio: { input: { transcription: { delay: 'slow' } } } },
      ['session', 'audio', 'input', 'transcription', 'delay'],
      'invalid_value',
    ],
    [
      'empty transcription languages',
      { audio: { input: { transcription: { languages: [] } } } },
      ['session', 'audio', 'input', 'transcription', 'languages'],
      'too_small',
    ],
    [
      'custom voice without id',
      { audio: { output: { voice: {} } } },
      ['session', 'audio', 'output', 'voice'],
      'invalid_union',
    ],
    [
      'include of another field',
      { include: ['item.audio'] },
      ['session', 'include', 0],
      'invalid_value',
    ],
    [
      'unknown tool type',
      { tools: [{ type: 'web_search' }] },
      ['session', 'tools', 0, 'type'],
      'invalid_union',
    ],
    [
      'mcp tool without a server',
      { tools: [{ type: 'mcp', server_label: 'x' }] },
      ['session', 'tools', 0, 'server_url'],
      'custom',
    ],
    [
      'mcp tunnel id pattern',
      { tools: [{ type: 'mcp', server_label: 'x', tunnel_id: 'tunnel_ABC' }] },
      ['session', 'tools', 0, 'tunnel_id'],
      'invalid_format',
    ],
    [
      'mcp unknown connector',
      { tools: [{ type: 'mcp', server_label: 'x', connector_id: 'connector_slack' }] },
      ['session', 'tools', 0, 'connector_id'],
      'invalid_value',
    ],
    ['tool_choice "any"', { tool_choice: 'any' }, ['session', 'tool_choice'], 'invalid_union'],
    [
      'tool_choice mcp without label',
      { tool_choice: { type: 'mcp' } },
      ['session', 'tool_choice'],
      'invalid_union',
    ],
    [
      'retention_ratio 1.5',
      { truncation: { type: 'retention_ratio', retention_ratio: 1.5 } },
      ['session', 'truncation', 'retention_ratio'],
      'too_big',
    ],
    [
      'truncation "sometimes"',
      { truncation: 'sometimes' },
      ['session', 'truncation'],
      'invalid_union',
    ],
    [
      'reasoning effort "max"',
      { reasoning: { effort: 'max' } },
      ['session', 'reasoning', 'effort'],
      'invalid_value',
    ],
    [
      'prompt without id',
      { prompt: { version: '1' } },
      ['session', 'prompt', 'id'],
      'invalid_type',
    ],
    ['temperature (beta only)', { temperature: 0.8 }, ['session'], 'unrecognized_keys'],
  ])('rejects %s at its path', (_label, fields, path, code) => {
    const r = client(realtime(fields));
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('names the unknown key in strict mode', () => {
    const r = client(realtime({ audio: { input: { formats: { type: 'audio/pcm' } } } }));
    expect(issues(r)[0]).toMatchObject({
      path: ['session', 'audio', 'input'],
      code: 'unrecognized_keys',
    });
    expect(r.error?.message).toContain('"formats"');
  });

  it('rejects an unknown session type at $.session.type', () => {
    const r = client(update({ type: 'translation' }));
    expect(issues(r)).toEqual([
      expect.objectContaining({ path: ['session', 'type'], code: 'invalid_union' }),
    ]);
  });
});

describe('session.update (transcription)', () => {
  it('accepts a transcription session', () => {
    const r = client(
      update({
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: 'gpt-4o-transcribe-diarize', languages: ['en', 'fr'] },
            noise_reduction: { type: 'far_field' },
            turn_detection: { type: 'server_vad', threshold: 0.4, silence_duration_ms: 500 },
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      }),
    );
    expect(r.error?.message).toBeUndefined();
  });

  it('rejects realtime-only fields on a transcription session', () => {
    const r = client(update({ type: 'transcription', output_modalities: ['text'] }));
    expect(paths(r)).toEqual([['session']]);
    const voice = client(update({ type: 'transcription', audio: { output: { voice: 'alloy' } } }));
    expect(paths(voice)).toEqual([['session', 'audio']]);
  });
});

describe('session.created / session.updated', () => {
  it('accept the payload of a real GA server', () => {
    expect(server(created).error?.message).toBeUndefined();
    expect(server({ ...created, type: 'session.updated' }).success).toBe(true);
  });

  it('accept a transcription session object', () => {
    const r = server({
      type: 'session.updated',
      event_id: 'event_1',
      session: {
        type: 'transcription',
        id: 'sess_1',
        object: 'realtime.transcription_session',
        expires_at: 1756324625,
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } },
        include: null,
      },
    });
    expect(r.error?.message).toBeUndefined();
  });

  it('require the session id and object', () => {
    const { id: _id, ...withoutId } = created.session;
    const r = server({ ...created, session: withoutId });
    expect(issues(r)).toEqual([
      expect.objectContaining({ path: ['session', 'id'], code: 'invalid_type' }),
    ]);
  });

  it('accept include: null, as the wire sends it, in strict mode too', () => {
    // The spec types `include` as an array; a captured session.created carries `null`.
    expect(server(created, { strict: true }).success).toBe(true);
    const r = server(
      { ...created, session: { ...created.session, include: 'all' } },
      { strict: true },
    );
    expect(issues(r)).toEqual([
      expect.objectContaining({ path: ['session', 'include'], code: 'invalid_type' }),
    ]);
  });

  it('keep unknown server fields when lenient', () => {
    const future = { ...created, session: { ...created.session, future_field: { on: true } } };
    const r = server(future);
    expect(r.data).toMatchObject({ session: { future_field: { on: true } } });
  });
});
