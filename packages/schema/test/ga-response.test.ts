// GA responses (INV §6.1 response.create / response.cancel, §6.2 response.created / response.done,
// §6.3 G5–G6; rules §4.2, §4.6): the create parameters with their documented limits, and the
// Response object as the GA server sends it.
import { describe, expect, it } from 'vitest';
import { client, issues, paths, server } from './ga-helpers.js';

const create = (response: Record<string, unknown>) => ({ type: 'response.create', response });

/** response.done of a real GA server (events.json, captured). */
const done = {
  type: 'response.done',
  event_id: 'event_CCXHxcMy86rrKhBLDdqCh',
  response: {
    object: 'realtime.response',
    id: 'resp_CCXHw0UJld10EzIUXQCNh',
    status: 'completed',
    status_details: null,
    output: [
      {
        id: 'item_CCXHwGjjDUfOXbiySlK7i',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_audio', transcript: 'Loud and clear!' }],
      },
    ],
    conversation_id: 'conv_CCXHsurMKcaVxIZvaCI5m',
    output_modalities: ['audio'],
    max_output_tokens: 'inf',
    audio: { output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } },
    usage: {
      total_tokens: 253,
      input_tokens: 132,
      output_tokens: 121,
      input_token_details: {
        text_tokens: 119,
        audio_tokens: 13,
        image_tokens: 0,
        cached_tokens: 64,
        cached_tokens_details: { text_tokens: 64, audio_tokens: 0, image_tokens: 0 },
      },
      output_token_details: { text_tokens: 30, audio_tokens: 91 },
    },
    metadata: null,
  },
};

const metadata = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('response.create', () => {
  it('accepts no parameters, and an out-of-band response with references', () => {
    expect(client({ type: 'response.create' }).success).toBe(true);
    const r = client(
      create({
        instructions: 'Provide a concise answer.',
        tools: [],
        conversation: 'none',
        output_modalities: ['text'],
        metadata: { response_purpose: 'summarization' },
        input: [
          { type: 'item_reference', id: 'item_12345' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Summarize.' }] },
        ],
      }),
    );
    expect(r.error?.message).toBeUndefined();
  });

  it('accepts audio, tool and prompt overrides', () => {
    const r = client(
      create({
        conversation: 'auto',
        audio: { output: { format: { type: 'audio/pcma' }, voice: 'cedar' } },
        tools: [
          {
            type: 'mcp',
            server_label: 'gmail',
            connector_id: 'connector_gmail',
            authorization: 'tok',
          },
        ],
        tool_choice: { type: 'mcp', server_label: 'gmail', name: null },
        max_output_tokens: 'inf',
        prompt: {
          id: 'pmpt_1',
          variables: {
            photo: { type: 'input_image', detail: 'auto', image_url: 'https://example.com/a.png' },
          },
        },
        metadata: metadata(16),
        input: [],
      }),
    );
    expect(r.error?.message).toBeUndefined();
  });

  it.each([
    [
      'max_output_tokens 4097',
      { max_output_tokens: 4097 },
      ['response', 'max_output_tokens'],
      'too_big',
    ],
    [
      'max_output_tokens 0',
      { max_output_tokens: 0 },
      ['response', 'max_output_tokens'],
      'too_small',
    ],
    ['metadata with 17 keys', { metadata: metadata(17) }, ['response', 'metadata'], 'too_big'],
    [
      'a metadata key of 65 characters',
      { metadata: { ['k'.repeat(65)]: 'v' } },
      ['response', 'metadata', 'k'.repeat(65)],
      'invalid_key',
    ],
    [
      'a metadata value of 513 characters',
      { metadata: { k: 'v'.repeat(513) } },
      ['response', 'metadata', 'k'],
      'too_big',
    ],
    [
      'a metadata value that is not a string',
      { metadata: { k: 1 } },
      ['response', 'metadata', 'k'],
      'invalid_type',
    ],
    [
      'both output modalities',
      { output_modalities: ['audio', 'text'] },
      ['response', 'output_modalities'],
      'too_big',
    ],
    [
      'an output format rate of 16000',
      { audio: { output: { format: { type: 'audio/pcm', rate: 16000 } } } },
      ['response', 'audio', 'output', 'format', 'rate'],
      'invalid_value',
    ],
    [
      'an input item with an unknown type',
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
    ['a beta field (modalities)', { modalities: ['text'] }, ['response'], 'unrecognized_keys'],
    ['a beta field (temperature)', { temperature: 0.8 }, ['response'], 'unrecognized_keys'],
  ])('rejects %s at its path', (_label, fields, path, code) => {
    const r = client(create(fields));
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('says how many metadata keys it found', () => {
    expect(client(create({ metadata: metadata(17) })).error?.message).toContain(
      '$.response.metadata: Too big: expected metadata to have <=16 keys, found 17 entries',
    );
  });
});

describe('response.cancel', () => {
  it('accepts with and without response_id', () => {
    expect(client({ type: 'response.cancel' }).success).toBe(true);
    expect(client({ type: 'response.cancel', response_id: 'resp_12345' }).success).toBe(true);
    expect(paths(client({ type: 'response.cancel', response_id: 7 }))).toEqual([['response_id']]);
  });
});

describe('response.created / response.done', () => {
  it('accept the payloads of a real GA server', () => {
    expect(server(done).error?.message).toBeUndefined();
    const created = {
      type: 'response.created',
      event_id: 'event_C9G8pqbTEddBSIxbBN6Os',
      response: {
        object: 'realtime.response',
        id: 'resp_C9G8p7IH2WxLbkgPNouYL',
        status: 'in_progress',
        status_details: null,
        output: [],
        conversation_id: 'conv_C9G8mmBkLhQJwCon3hoJN',
        output_modalities: ['audio'],
        max_output_tokens: 'inf',
        audio: { output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin' } },
        usage: null,
        metadata: null,
      },
    };
    expect(server(created).error?.message).toBeUndefined();
    // The spec types status_details and usage as objects; the wire sends null (every variant).
    expect(server(created, { strict: true }).success).toBe(true);
  });

  it('accept every final status with its details', () => {
    const details = [
      { type: 'cancelled', reason: 'turn_detected' },
      { type: 'cancelled', reason: 'client_cancelled' },
      { type: 'incomplete', reason: 'max_output_tokens' },
      { type: 'incomplete', reason: 'content_filter' },
      { type: 'failed', error: { type: 'server_error', code: 'internal' } },
    ];
    for (const d of details) {
      const event = { ...done, response: { ...done.response, status: d.type, status_details: d } };
      expect([d, server(event, { strict: true }).success]).toEqual([d, true]);
    }
  });

  it('accept an out-of-band response with conversation_id null', () => {
    const response = {
      ...done.response,
      status_details: { type: 'completed' },
      conversation_id: null,
    };
    const event = { ...done, response: { ...response, metadata: { topic: 'x' } } };
    expect(server(event, { strict: true }).success).toBe(true);
  });

  it.each([
    ['an unknown status', { status: 'stopped' }, ['response', 'status'], 'invalid_value'],
    [
      'a reason of another status',
      { status: 'cancelled', status_details: { type: 'cancelled', reason: 'content_filter' } },
      ['response', 'status_details', 'reason'],
      'invalid_value',
    ],
    [
      'negative usage',
      { usage: { total_tokens: -1 } },
      ['response', 'usage', 'total_tokens'],
      'too_small',
    ],
    [
      'an output item without type',
      { output: [{ id: 'x' }] },
      ['response', 'output', 0, 'type'],
      'invalid_union',
    ],
  ])('reject %s at its path', (_label, fields, path, code) => {
    const r = server({ ...done, response: { ...done.response, ...fields } });
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('report a missing response at $.response', () => {
    expect(issues(server({ type: 'response.done', event_id: 'e' }))).toEqual([
      expect.objectContaining({ path: ['response'], code: 'invalid_type' }),
    ]);
  });

  it('keep unknown keys of the response when lenient', () => {
    const r = server({ ...done, response: { ...done.response, reasoning_summary: 'x' } });
    expect(r.data).toMatchObject({ response: { reasoning_summary: 'x' } });
  });
});
