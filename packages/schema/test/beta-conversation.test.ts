// Beta conversation items and events (INV §5.1 `conversation.item.*` client events, §5.2
// `conversation.*` server events, §5.3 B7) and the item rules of INV §4.5: items are tagged by
// `type`, content parts by `type`, and each message role takes only its content types.
import { describe, expect, it } from 'vitest';
import { parseClientEvent, parseServerEvent } from '../src/index.js';

const pcm = (samples: number) => Buffer.alloc(samples * 2, 1).toString('base64');
const create = (item: unknown, extra: Record<string, unknown> = {}) =>
  parseClientEvent({ type: 'conversation.item.create', item, ...extra }, { dialect: 'beta' });
const server = (event: Record<string, unknown>, strict = false) =>
  parseServerEvent({ event_id: 'event_1', ...event }, { dialect: 'beta', strict });

function problems(r: {
  success: boolean;
  error?: { issues: readonly { path: readonly unknown[]; code: string }[] };
}) {
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map(({ path, code }) => ({ path, code }));
}

describe('conversation.item.create (client)', () => {
  it.each([
    [
      'a user text message',
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello!' }] },
    ],
    [
      'a user audio message',
      {
        id: 'msg_001',
        type: 'message',
        role: 'user',
        content: [{ type: 'input_audio', audio: pcm(2400), transcript: 'hi' }],
      },
    ],
    [
      'a system message',
      { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
    ],
    [
      'an assistant text message (history)',
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'text', text: 'Sure.' }],
      },
    ],
    [
      'a function call',
      {
        type: 'function_call',
        call_id: 'call_1',
        name: 'get_weather',
        arguments: '{"city":"Oslo"}',
      },
    ],
    [
      'a function call output',
      { type: 'function_call_output', call_id: 'call_1', output: '{"c":4}' },
    ],
  ])('accepts %s', (_label, item) => {
    expect(create(item).success).toBe(true);
  });

  it('accepts previous_item_id as an id, "root", or null (as in the spec example)', () => {
    const item = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] };
    for (const previous_item_id of ['msg_002', 'root', null]) {
      expect(create(item, { previous_item_id }).success).toBe(true);
    }
  });

  it.each([
    ['an unknown item type', { type: 'mcp_call', id: 'x' }, ['item', 'type'], 'invalid_union'],
    ['an item without a type', { role: 'user', content: [] }, ['item', 'type'], 'invalid_union'],
    [
      'an unknown content type',
      { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'x' }] },
      ['item', 'content', 0, 'type'],
      'invalid_union',
    ],
    [
      'an unknown role',
      { type: 'message', role: 'developer', content: [] },
      ['item', 'role'],
      'invalid_value',
    ],
    [
      'a message without a role',
      { type: 'message', content: [] },
      ['item', 'role'],
      'invalid_value',
    ],
    [
      'audio in a system message',
      { type: 'message', role: 'system', content: [{ type: 'input_audio', audio: pcm(10) }] },
      ['item', 'content', 0, 'type'],
      'custom',
    ],
    [
      'input_text in an assistant message',
      { type: 'message', role: 'assistant', content: [{ type: 'input_text', text: 'x' }] },
      ['item', 'content', 0, 'type'],
      'custom',
    ],
    [
      'assistant text in a user message',
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'ok' },
          { type: 'text', text: 'x' },
        ],
      },
      ['item', 'content', 1, 'type'],
      'custom',
    ],
    [
      'input_text without text',
      { type: 'message', role: 'user', content: [{ type: 'input_text' }] },
      ['item', 'content', 0, 'text'],
      'invalid_type',
    ],
    [
      'odd-length pcm16 audio',
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_audio', audio: Buffer.alloc(3).toString('base64') }],
      },
      ['item', 'content', 0, 'audio'],
      'custom',
    ],
    [
      'a function call output without output',
      { type: 'function_call_output', call_id: 'call_1' },
      ['item', 'output'],
      'invalid_type',
    ],
    [
      'a field of another item type',
      { type: 'function_call_output', call_id: 'c', output: 'o', role: 'user' },
      ['item'],
      'unrecognized_keys',
    ],
    [
      'an unknown status',
      { type: 'function_call_output', call_id: 'c', output: 'o', status: 'done' },
      ['item', 'status'],
      'invalid_value',
    ],
  ])('rejects %s at the field path', (_label, item, path, code) => {
    expect(problems(create(item))).toContainEqual({ path, code });
  });

  it('says which content a role takes', () => {
    const r = create({
      type: 'message',
      role: 'system',
      content: [{ type: 'input_audio', audio: pcm(10) }],
    });
    expect(r.error?.message).toContain(
      '$.item.content[0].type: a system message cannot hold "input_audio" content; expected "input_text"',
    );
  });

  it('requires the item', () => {
    expect(
      problems(parseClientEvent({ type: 'conversation.item.create' }, { dialect: 'beta' })),
    ).toEqual([{ path: ['item'], code: 'invalid_type' }]);
  });
});

describe('conversation.item.retrieve / truncate / delete (client)', () => {
  const client = (event: Record<string, unknown>) => parseClientEvent(event, { dialect: 'beta' });

  it('accept valid events', () => {
    expect(client({ type: 'conversation.item.retrieve', item_id: 'msg_003' }).success).toBe(true);
    expect(
      client({ type: 'conversation.item.delete', event_id: 'e', item_id: 'msg_003' }).success,
    ).toBe(true);
    expect(
      client({
        type: 'conversation.item.truncate',
        item_id: 'msg_002',
        content_index: 0,
        audio_end_ms: 1500,
      }).success,
    ).toBe(true);
  });

  it.each([
    [{ type: 'conversation.item.retrieve' }, ['item_id'], 'invalid_type'],
    [{ type: 'conversation.item.delete', item_id: 3 }, ['item_id'], 'invalid_type'],
    [
      { type: 'conversation.item.truncate', item_id: 'i', content_index: 0, audio_end_ms: -1 },
      ['audio_end_ms'],
      'too_small',
    ],
    [
      { type: 'conversation.item.truncate', item_id: 'i', content_index: 0.5, audio_end_ms: 10 },
      ['content_index'],
      'invalid_type',
    ],
    [
      { type: 'conversation.item.truncate', item_id: 'i', content_index: 0 },
      ['audio_end_ms'],
      'invalid_type',
    ],
  ])('reject %j at the field path', (event, path, code) => {
    expect(problems(client(event))).toContainEqual({ path, code });
  });
});

describe('conversation server events', () => {
  it('accept the events the server sends after a commit', () => {
    expect(
      server(
        {
          type: 'conversation.created',
          conversation: { id: 'conv_1', object: 'realtime.conversation' },
        },
        true,
      ).success,
    ).toBe(true);
    const created = server(
      {
        type: 'conversation.item.created',
        previous_item_id: null,
        item: {
          id: 'item_AhALNEeL5H0w',
          object: 'realtime.item',
          type: 'message',
          status: 'completed',
          role: 'user',
          content: [{ type: 'input_audio', transcript: null }],
        },
      },
      true,
    );
    expect(created.success).toBe(true);
  });

  it('accept assistant items with audio content, and function call items', () => {
    const audioItem = {
      id: 'item_2',
      object: 'realtime.item',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'audio', transcript: 'Hello there.' }],
    };
    expect(
      server(
        { type: 'conversation.item.created', previous_item_id: 'item_1', item: audioItem },
        true,
      ).success,
    ).toBe(true);
    const call = {
      id: 'item_3',
      object: 'realtime.item',
      type: 'function_call',
      status: 'completed',
      name: 'get_weather',
      call_id: 'call_1',
      arguments: '{}',
    };
    expect(server({ type: 'conversation.item.created', item: call }, true).success).toBe(true);
  });

  it('retrieved carries the audio', () => {
    const r = server({
      type: 'conversation.item.retrieved',
      item: {
        id: 'msg_003',
        object: 'realtime.item',
        type: 'message',
        status: 'completed',
        role: 'user',
        content: [{ type: 'input_audio', transcript: 'hello how are you', audio: pcm(480) }],
      },
    });
    expect(r.success).toBe(true);
  });

  it('keep unknown keys in nested items when lenient', () => {
    const r = server({
      type: 'conversation.item.retrieved',
      previous_item_id: 'msg_002',
      item: {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'audio', transcript: 't', format: 'pcm16' }],
      },
    });
    expect(r.data).toMatchObject({
      previous_item_id: 'msg_002',
      item: { content: [{ format: 'pcm16' }] },
    });
  });

  it('reject an unknown item type at $.item.type', () => {
    const r = server({ type: 'conversation.item.created', item: { type: 'mcp_call' } });
    expect(problems(r)).toEqual([{ path: ['item', 'type'], code: 'invalid_union' }]);
  });

  it('accept truncated and deleted, and require their fields', () => {
    expect(
      server(
        {
          type: 'conversation.item.truncated',
          item_id: 'msg_004',
          content_index: 0,
          audio_end_ms: 1500,
        },
        true,
      ).success,
    ).toBe(true);
    expect(server({ type: 'conversation.item.deleted', item_id: 'msg_005' }, true).success).toBe(
      true,
    );
    expect(
      problems(server({ type: 'conversation.item.truncated', item_id: 'i', content_index: 0 })),
    ).toEqual([{ path: ['audio_end_ms'], code: 'invalid_type' }]);
    expect(problems(server({ type: 'conversation.item.deleted' }))).toEqual([
      { path: ['item_id'], code: 'invalid_type' },
    ]);
  });
});

describe('input audio transcription events (server)', () => {
  const completed = {
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: 'item_001',
    content_index: 0,
    transcript: 'Hey, can you hear me?',
  };

  it('accept completed with token usage, duration usage, logprobs, or no usage (before 2025-07)', () => {
    const tokens = {
      type: 'tokens',
      total_tokens: 22,
      input_tokens: 13,
      input_token_details: { text_tokens: 0, audio_tokens: 13 },
      output_tokens: 9,
    };
    expect(server({ ...completed, usage: tokens }, true).success).toBe(true);
    expect(server({ ...completed, usage: { type: 'duration', seconds: 3.2 } }, true).success).toBe(
      true,
    );
    expect(server(completed, true).success).toBe(true);
    const logprobs = [{ token: 'Hey', logprob: -0.01, bytes: [72, 101, 121] }];
    expect(server({ ...completed, logprobs }, true).success).toBe(true);
    expect(server({ ...completed, logprobs: null }, true).success).toBe(true);
  });

  it.each([
    [
      'an unknown usage type',
      { usage: { type: 'bytes', bytes: 1 } },
      ['usage', 'type'],
      'invalid_union',
    ],
    [
      'negative seconds',
      { usage: { type: 'duration', seconds: -1 } },
      ['usage', 'seconds'],
      'too_small',
    ],
    [
      'a byte above 255',
      { logprobs: [{ token: 'a', logprob: 0, bytes: [256] }] },
      ['logprobs', 0, 'bytes', 0],
      'too_big',
    ],
    ['a missing transcript', { transcript: undefined }, ['transcript'], 'invalid_type'],
    ['a negative content index', { content_index: -1 }, ['content_index'], 'too_small'],
  ])('completed rejects %s at the field path', (_label, change, path, code) => {
    expect(problems(server({ ...completed, ...change }))).toContainEqual({ path, code });
  });

  it('accept delta (content_index and delta optional) and keep unknown keys', () => {
    const r = server({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_001',
      content_index: 0,
      delta: 'Hello',
      obfuscation: 'hbKWaqwA7ya',
    });
    expect(r.data).toMatchObject({ delta: 'Hello', obfuscation: 'hbKWaqwA7ya' });
    expect(
      server({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'i' }, true)
        .success,
    ).toBe(true);
  });

  it('accept failed with a null param, and require its error object', () => {
    const failed = {
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'msg_003',
      content_index: 0,
    };
    const error = {
      type: 'transcription_error',
      code: 'audio_unintelligible',
      message: 'The audio could not be transcribed.',
      param: null,
    };
    expect(server({ ...failed, error }, true).success).toBe(true);
    expect(problems(server(failed))).toEqual([{ path: ['error'], code: 'invalid_type' }]);
  });
});
