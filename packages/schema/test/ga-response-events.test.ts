// GA response streaming events (INV §6.2, rules §4.6): output items, content parts, text, audio
// and transcript deltas, function call arguments, rate limits.
import { describe, expect, it } from 'vitest';
import { issues, paths, pcm, server } from './ga-helpers.js';

const ids = { event_id: 'event_1', response_id: 'resp_001', item_id: 'msg_007', output_index: 0 };
const part = { ...ids, content_index: 0 };

describe('response streaming events', () => {
  it.each([
    [
      'response.output_item.added',
      {
        event_id: 'e',
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
        event_id: 'e',
        response_id: 'resp_001',
        output_index: 1,
        item: {
          id: 'fc_1',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_1',
          name: 'f',
          arguments: '{}',
        },
      },
    ],
    ['response.content_part.added', { ...part, part: { type: 'text', text: '' } }],
    ['response.content_part.done', { ...part, part: { type: 'audio', transcript: 'Hello.' } }],
    ['response.content_part.added', { ...part, part: { type: 'output_audio', transcript: '' } }],
    ['response.output_text.delta', { ...part, delta: 'Sure, I can h' }],
    ['response.output_text.done', { ...part, text: 'Sure, I can help with that.' }],
    ['response.output_audio_transcript.delta', { ...part, delta: 'Hello, how can I a' }],
    [
      'response.output_audio_transcript.done',
      { ...part, transcript: 'Hello, how can I assist you today?' },
    ],
    ['response.output_audio.delta', { ...part, delta: pcm(2400) }],
    ['response.output_audio.done', part],
    [
      'response.function_call_arguments.delta',
      { ...ids, item_id: 'fc_001', call_id: 'call_001', delta: '{"location": "San' },
    ],
    [
      'response.function_call_arguments.done',
      {
        ...ids,
        item_id: 'fc_001',
        call_id: 'call_001',
        name: 'get_weather',
        arguments: '{"location": "San Francisco"}',
      },
    ],
    [
      'rate_limits.updated',
      {
        event_id: 'e',
        rate_limits: [
          { name: 'requests', limit: 1000, remaining: 999, reset_seconds: 60 },
          { name: 'tokens', limit: 50000, remaining: 49950, reset_seconds: 0.5 },
        ],
      },
    ],
  ])('accepts %s', (type, fields) => {
    const r = server({ type, ...fields }, { strict: true });
    expect(r.error?.message).toBeUndefined();
  });

  it.each([
    ['response.output_text.delta', part, ['delta'], 'invalid_type'],
    ['response.output_audio.delta', { ...part, delta: 'AAA' }, ['delta'], 'custom'],
    [
      'response.output_audio.delta',
      { ...part, delta: Buffer.alloc(3).toString('base64') },
      ['delta'],
      'custom',
    ],
    ['response.output_audio.done', { ...part, content_index: -1 }, ['content_index'], 'too_small'],
    [
      'response.output_audio_transcript.done',
      { ...part, output_index: 0.5, transcript: '' },
      ['output_index'],
      'invalid_type',
    ],
    [
      'response.content_part.added',
      { ...part, part: { type: 'image' } },
      ['part', 'type'],
      'invalid_union',
    ],
    ['response.content_part.done', { ...part }, ['part'], 'invalid_type'],
    [
      'response.function_call_arguments.done',
      { ...ids, call_id: 'c', arguments: '{}' },
      ['name'],
      'invalid_type',
    ],
    ['response.function_call_arguments.delta', { ...ids, delta: '{' }, ['call_id'], 'invalid_type'],
    [
      'response.output_item.added',
      { event_id: 'e', output_index: 0, item: { type: 'message', role: 'assistant', content: [] } },
      ['response_id'],
      'invalid_type',
    ],
    [
      'rate_limits.updated',
      { event_id: 'e', rate_limits: [{ name: 'audio_seconds' }] },
      ['rate_limits', 0, 'name'],
      'invalid_value',
    ],
    [
      'rate_limits.updated',
      { event_id: 'e', rate_limits: [{ remaining: -1 }] },
      ['rate_limits', 0, 'remaining'],
      'too_small',
    ],
  ])('rejects %s at %j', (type, fields, path, code) => {
    const r = server({ type, ...fields });
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('checks output audio per the session format (G.711 allows an odd byte count)', () => {
    const odd = {
      type: 'response.output_audio.delta',
      ...part,
      delta: Buffer.alloc(3).toString('base64'),
    };
    expect(server(odd, { audioFormat: 'audio/pcmu' }).success).toBe(true);
    expect(paths(server(odd, { audioFormat: 'audio/pcm' }))).toEqual([['delta']]);
  });

  it('keeps unknown keys when lenient and rejects them when strict', () => {
    const event = { type: 'response.output_text.delta', ...part, delta: 'x', obfuscation: 'abc' };
    expect(server(event).data).toMatchObject({ obfuscation: 'abc' });
    expect(issues(server(event, { strict: true }))[0]).toMatchObject({
      path: [],
      code: 'unrecognized_keys',
    });
  });
});
