// Beta responses (INV §5.1 `response.create` / `response.cancel`, §5.2 `response.*` and
// `rate_limits.updated`, §5.3 B5/B6) and INV §4.2/§4.6: metadata holds at most 16 pairs (keys
// ≤ 64, values ≤ 512 characters), token limits are 1..4096 or "inf", status details are typed by
// status, and the server sends null status_details / usage while a response is in progress.
import { describe, expect, it } from 'vitest';
import { parseClientEvent, parseServerEvent } from '../src/index.js';

const pcm = (samples: number) => Buffer.alloc(samples * 2, 3).toString('base64');
const create = (response?: Record<string, unknown>) =>
  parseClientEvent(
    response === undefined ? { type: 'response.create' } : { type: 'response.create', response },
    { dialect: 'beta' },
  );
const server = (event: Record<string, unknown>, strict = false) =>
  parseServerEvent({ event_id: 'event_1', ...event }, { dialect: 'beta', strict });

function problems(r: {
  success: boolean;
  error?: { issues: readonly { path: readonly unknown[]; code: string }[] };
}) {
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map(({ path, code }) => ({ path, code }));
}

const metadata = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('response.create (client)', () => {
  it('accepts no parameters, and the documented parameters', () => {
    expect(create().success).toBe(true);
    const r = create({
      modalities: ['text', 'audio'],
      instructions: 'Please assist the user.',
      voice: 'sage',
      output_audio_format: 'pcm16',
      tools: [{ type: 'function', name: 'calculate_sum', parameters: { type: 'object' } }],
      tool_choice: 'required',
      temperature: 0.8,
      max_response_output_tokens: 1024,
    });
    expect(r.success).toBe(true);
  });

  it('accepts an out-of-band response with metadata and its own input', () => {
    const r = create({
      conversation: 'none',
      metadata: { topic: 'classification', ...metadata(15) },
      modalities: ['text'],
      input: [
        { type: 'item_reference', id: 'msg_123' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Classify the call above.' },
            { type: 'item_reference', id: 'msg_100' },
          ],
        },
        { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
      ],
    });
    expect(r.success).toBe(true);
    expect(create({ metadata: null, input: [] }).success).toBe(true);
  });

  it.each([
    ['17 metadata keys', { metadata: metadata(17) }, ['response', 'metadata'], 'too_big'],
    [
      'a 65-character metadata key',
      { metadata: { ['k'.repeat(65)]: 'v' } },
      ['response', 'metadata', 'k'.repeat(65)],
      'invalid_key',
    ],
    [
      'a 513-character metadata value',
      { metadata: { note: 'v'.repeat(513) } },
      ['response', 'metadata', 'note'],
      'too_big',
    ],
    [
      'a non-string metadata value',
      { metadata: { n: 1 } },
      ['response', 'metadata', 'n'],
      'invalid_type',
    ],
    ['temperature 1.5', { temperature: 1.5 }, ['response', 'temperature'], 'too_big'],
    [
      '4097 output tokens',
      { max_response_output_tokens: 4097 },
      ['response', 'max_response_output_tokens'],
      'too_big',
    ],
    [
      '0 output tokens',
      { max_response_output_tokens: 0 },
      ['response', 'max_response_output_tokens'],
      'too_small',
    ],
    [
      '"infinite" output tokens',
      { max_response_output_tokens: 'infinite' },
      ['response', 'max_response_output_tokens'],
      'invalid_union',
    ],
    [
      'the Response-object name max_output_tokens (spec example typo)',
      { max_output_tokens: 1024 },
      ['response'],
      'unrecognized_keys',
    ],
    [
      'an unknown output format',
      { output_audio_format: 'opus' },
      ['response', 'output_audio_format'],
      'invalid_value',
    ],
    [
      'an unknown input item type',
      { input: [{ type: 'reference', id: 'x' }] },
      ['response', 'input', 0, 'type'],
      'invalid_union',
    ],
    [
      'an item reference without id',
      { input: [{ type: 'item_reference' }] },
      ['response', 'input', 0, 'id'],
      'invalid_type',
    ],
    ['GA `output_modalities`', { output_modalities: ['audio'] }, ['response'], 'unrecognized_keys'],
  ])('rejects %s at the field path', (_label, response, path, code) => {
    expect(problems(create(response))).toContainEqual({ path, code });
  });

  it('accepts exactly 16 metadata keys of 64 characters with 512-character values', () => {
    const full = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`${i}`.padStart(64, 'k'), 'v'.repeat(512)]),
    );
    expect(create({ metadata: full }).success).toBe(true);
  });

  it('says how many metadata keys were found', () => {
    expect(create({ metadata: metadata(17) }).error?.message).toContain(
      '$.response.metadata: Too big',
    );
    expect(create({ metadata: metadata(17) }).error?.message).toContain('found 17 entries');
  });
});

describe('response.cancel (client)', () => {
  it('takes an optional response_id', () => {
    const cancel = (e: Record<string, unknown>) =>
      parseClientEvent({ type: 'response.cancel', ...e }, { dialect: 'beta' });
    expect(cancel({}).success).toBe(true);
    expect(cancel({ event_id: 'event_567', response_id: 'resp_1' }).success).toBe(true);
    expect(problems(cancel({ response_id: 1 }))).toEqual([
      { path: ['response_id'], code: 'invalid_type' },
    ]);
  });
});

const inProgress = {
  object: 'realtime.response',
  id: 'resp_BeeVpShxR7nwLGeSSghoo',
  status: 'in_progress',
  status_details: null,
  output: [],
  conversation_id: 'conv_BeeVot61fdlArCnJADOQt',
  modalities: ['text', 'audio'],
  voice: 'ash',
  output_audio_format: 'pcm16',
  temperature: 0.8,
  max_output_tokens: 'inf',
  usage: null,
  metadata: null,
};

const usage = {
  total_tokens: 275,
  input_tokens: 127,
  output_tokens: 148,
  input_token_details: {
    cached_tokens: 64,
    text_tokens: 119,
    audio_tokens: 8,
    cached_tokens_details: { text_tokens: 0, audio_tokens: 64 },
  },
  output_token_details: { text_tokens: 36, audio_tokens: 112 },
};

describe('response.created / response.done (server)', () => {
  it('accept the in-progress response with null status_details, usage and metadata', () => {
    expect(server({ type: 'response.created', response: inProgress }, true).success).toBe(true);
  });

  it('accept a finished response per final status', () => {
    const output = [
      {
        id: 'item_1',
        object: 'realtime.item',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'audio', transcript: 'Sure, how can I help?' }],
      },
    ];
    for (const [status, status_details] of [
      ['completed', null],
      ['cancelled', { type: 'cancelled', reason: 'turn_detected' }],
      ['cancelled', { type: 'cancelled', reason: 'client_cancelled' }],
      ['incomplete', { type: 'incomplete', reason: 'max_output_tokens' }],
      ['failed', { type: 'failed', error: { type: 'server_error', code: 'internal' } }],
    ] as const) {
      const response = { ...inProgress, status, status_details, output, usage };
      expect(server({ type: 'response.done', response }, true).success, status).toBe(true);
    }
    expect(
      server({ type: 'response.done', response: { ...inProgress, conversation_id: null } }, true)
        .success,
    ).toBe(true);
  });

  it.each([
    ['an unknown status', { status: 'done' }, ['response', 'status'], 'invalid_value'],
    [
      'an unknown status_details type',
      { status_details: { type: 'timeout' } },
      ['response', 'status_details', 'type'],
      'invalid_union',
    ],
    [
      'a reason of another status',
      { status_details: { type: 'cancelled', reason: 'content_filter' } },
      ['response', 'status_details', 'reason'],
      'invalid_value',
    ],
    [
      'a negative token count',
      { usage: { ...usage, output_tokens: -1 } },
      ['response', 'usage', 'output_tokens'],
      'too_small',
    ],
    [
      'an unknown output item type',
      { output: [{ type: 'reasoning' }] },
      ['response', 'output', 0, 'type'],
      'invalid_union',
    ],
    [
      'a token limit of 5000',
      { max_output_tokens: 5000 },
      ['response', 'max_output_tokens'],
      'too_big',
    ],
    ['17 metadata keys', { metadata: metadata(17) }, ['response', 'metadata'], 'too_big'],
  ])('reject %s at the field path', (_label, change, path, code) => {
    expect(
      problems(server({ type: 'response.done', response: { ...inProgress, ...change } })),
    ).toContainEqual({ path, code });
  });

  it('keep unknown response fields when lenient', () => {
    const r = server({ type: 'response.done', response: { ...inProgress, audio: { output: {} } } });
    expect(r.data).toMatchObject({ response: { audio: { output: {} } } });
    expect(problems(server({ type: 'response.done' }))).toEqual([
      { path: ['response'], code: 'invalid_type' },
    ]);
  });
});

const place = { response_id: 'resp_001', item_id: 'msg_007', output_index: 0, content_index: 0 };

describe('response streaming events (server)', () => {
  it.each([
    [
      'response.output_item.added',
      {
        response_id: 'resp_001',
        output_index: 0,
        item: {
          id: 'msg_007',
          object: 'realtime.item',
          type: 'message',
          status: 'in_progress',
          role: 'assistant',
          content: [],
        },
      },
    ],
    [
      'response.output_item.done',
      {
        response_id: 'resp_001',
        output_index: 1,
        item: {
          type: 'function_call',
          status: 'completed',
          name: 'f',
          call_id: 'call_1',
          arguments: '{}',
        },
      },
    ],
    ['response.content_part.added', { ...place, part: { type: 'text', text: '' } }],
    ['response.content_part.done', { ...place, part: { type: 'audio', transcript: 'Hello.' } }],
    ['response.text.delta', { ...place, delta: 'Sure, I can h' }],
    ['response.text.done', { ...place, text: 'Sure, I can help with that.' }],
    ['response.audio_transcript.delta', { ...place, delta: 'Hello, how can I a' }],
    [
      'response.audio_transcript.done',
      { ...place, transcript: 'Hello, how can I assist you today?' },
    ],
    ['response.audio.delta', { ...place, delta: pcm(1200) }],
    ['response.audio.done', place],
    [
      'response.function_call_arguments.delta',
      {
        response_id: 'resp_002',
        item_id: 'fc_001',
        output_index: 0,
        call_id: 'call_001',
        delta: '{"location": "San',
      },
    ],
    [
      'response.function_call_arguments.done',
      {
        response_id: 'resp_002',
        item_id: 'fc_001',
        output_index: 0,
        call_id: 'call_001',
        arguments: '{"location": "San Francisco"}',
      },
    ],
    [
      'rate_limits.updated',
      {
        rate_limits: [
          { name: 'requests', limit: 1000, remaining: 999, reset_seconds: 60 },
          { name: 'tokens', limit: 50000, remaining: 49950, reset_seconds: 0.5 },
        ],
      },
    ],
  ])('%s accepts a realistic event', (type, fields) => {
    expect(server({ type, ...fields }, true).success).toBe(true);
  });

  it.each([
    [
      'response.text.delta without delta',
      { type: 'response.text.delta', ...place },
      ['delta'],
      'invalid_type',
    ],
    [
      'response.text.done without text',
      { type: 'response.text.done', ...place },
      ['text'],
      'invalid_type',
    ],
    [
      'response.audio.done without item_id',
      { type: 'response.audio.done', ...place, item_id: undefined },
      ['item_id'],
      'invalid_type',
    ],
    [
      'a negative output_index',
      { type: 'response.audio_transcript.delta', ...place, output_index: -1, delta: 'x' },
      ['output_index'],
      'too_small',
    ],
    [
      'a fractional content_index',
      { type: 'response.text.delta', ...place, content_index: 0.5, delta: 'x' },
      ['content_index'],
      'invalid_type',
    ],
    [
      'odd-length pcm16 audio',
      { type: 'response.audio.delta', ...place, delta: Buffer.alloc(3).toString('base64') },
      ['delta'],
      'custom',
    ],
    [
      'a GA content part type',
      { type: 'response.content_part.added', ...place, part: { type: 'output_audio' } },
      ['part', 'type'],
      'invalid_union',
    ],
    [
      'function call arguments without call_id',
      {
        type: 'response.function_call_arguments.done',
        response_id: 'r',
        item_id: 'i',
        output_index: 0,
        arguments: '{}',
      },
      ['call_id'],
      'invalid_type',
    ],
    [
      'an unknown rate limit name',
      { type: 'rate_limits.updated', rate_limits: [{ name: 'images' }] },
      ['rate_limits', 0, 'name'],
      'invalid_value',
    ],
    [
      'a negative remaining count',
      { type: 'rate_limits.updated', rate_limits: [{ remaining: -1 }] },
      ['rate_limits', 0, 'remaining'],
      'too_small',
    ],
  ])('rejects %s at the field path', (_label, event, path, code) => {
    expect(problems(server(event))).toContainEqual({ path, code });
  });

  it('keeps fields a newer server adds (e.g. GA `name` on arguments done) when lenient', () => {
    const r = server({
      type: 'response.function_call_arguments.done',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      call_id: 'c',
      arguments: '{}',
      name: 'get_weather',
    });
    expect(r.data).toMatchObject({ name: 'get_weather' });
  });
});
