// GA conversation items and events (INV §6.1, §6.2 conversation.*, §6.3 G7; rules §4.5): items
// are tagged by `type`, messages by `role`, with the content types each role allows.
import { describe, expect, it } from 'vitest';
import { client, issues, paths, pcm, server } from './ga-helpers.js';

const create = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'conversation.item.create',
  ...extra,
  item,
});
const message = (role: string, content: unknown[]) => ({ type: 'message', role, content });

describe('conversation.item.create', () => {
  it.each([
    ['a system message', message('system', [{ type: 'input_text', text: 'Be brief.' }])],
    [
      'a user message with text, audio and an image',
      message('user', [
        { type: 'input_text', text: 'What is this?' },
        { type: 'input_audio', audio: pcm(240), transcript: 'what is this' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      ]),
    ],
    ['an assistant message', message('assistant', [{ type: 'output_text', text: 'Hello.' }])],
    [
      'a function call',
      {
        type: 'function_call',
        call_id: 'call_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
    ],
    [
      'a function call output',
      { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
    ],
    [
      'an MCP approval response',
      {
        type: 'mcp_approval_response',
        id: 'mcpr_1',
        approval_request_id: 'mcpa_1',
        approve: false,
        reason: 'no',
      },
    ],
    [
      'an MCP call',
      {
        type: 'mcp_call',
        id: 'mcp_1',
        server_label: 'docs',
        name: 'search',
        arguments: '{}',
        output: null,
        error: { type: 'http_error', code: 502, message: 'Bad gateway' },
      },
    ],
    [
      'an MCP tool list',
      {
        type: 'mcp_list_tools',
        server_label: 'docs',
        tools: [{ name: 'search', input_schema: { type: 'object' }, description: null }],
      },
    ],
    [
      'an MCP approval request',
      {
        type: 'mcp_approval_request',
        id: 'mcpa_1',
        server_label: 'docs',
        name: 'search',
        arguments: '{}',
      },
    ],
  ])('accepts %s', (_label, item) => {
    const r = client(create(item, { event_id: 'evt_1', previous_item_id: 'root' }));
    expect(r.error?.message).toBeUndefined();
  });

  it.each([
    [
      'audio in a system message',
      message('system', [{ type: 'input_audio', audio: pcm(2) }]),
      ['item', 'content', 0, 'type'],
      'invalid_union',
    ],
    [
      'output text in a user message',
      message('user', [{ type: 'output_text', text: 'x' }]),
      ['item', 'content', 0, 'type'],
      'invalid_union',
    ],
    [
      'input text in an assistant message',
      message('assistant', [{ type: 'input_text', text: 'x' }]),
      ['item', 'content', 0, 'type'],
      'invalid_union',
    ],
    [
      'beta "text" in an assistant message',
      message('assistant', [{ type: 'text', text: 'x' }]),
      ['item', 'content', 0, 'type'],
      'invalid_union',
    ],
    ['an unknown role', message('developer', []), ['item', 'role'], 'invalid_union'],
    ['an unknown item type', { type: 'web_search_call' }, ['item', 'type'], 'invalid_union'],
    [
      'an item reference (response.create input only)',
      { type: 'item_reference', id: 'item_1' },
      ['item', 'type'],
      'invalid_union',
    ],
    [
      'a text part without text',
      message('user', [{ type: 'input_text' }]),
      ['item', 'content', 0, 'text'],
      'invalid_type',
    ],
    [
      'odd-sized pcm16 audio',
      message('user', [{ type: 'input_audio', audio: Buffer.alloc(3).toString('base64') }]),
      ['item', 'content', 0, 'audio'],
      'custom',
    ],
    [
      'an image detail "max"',
      message('user', [{ type: 'input_image', detail: 'max' }]),
      ['item', 'content', 0, 'detail'],
      'invalid_value',
    ],
    [
      'a status "done"',
      { ...message('user', []), status: 'done' },
      ['item', 'status'],
      'invalid_value',
    ],
    [
      'a function call without name',
      { type: 'function_call', arguments: '{}' },
      ['item', 'name'],
      'invalid_type',
    ],
    [
      'a function call output without call_id',
      { type: 'function_call_output', output: '' },
      ['item', 'call_id'],
      'invalid_type',
    ],
    [
      'an MCP error with an unknown type',
      {
        type: 'mcp_call',
        id: 'm',
        server_label: 's',
        name: 'n',
        arguments: '{}',
        error: { type: 'timeout', message: 'x' },
      },
      ['item', 'error', 'type'],
      'invalid_union',
    ],
  ])('rejects %s at its path', (_label, item, path, code) => {
    const r = client(create(item));
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('rejects unknown keys in items and content parts', () => {
    const r = client(create(message('user', [{ type: 'input_text', text: 'hi', lang: 'en' }])));
    expect(paths(r)).toEqual([['item', 'content', 0]]);
  });
});

describe('conversation.item.retrieve / truncate / delete', () => {
  it('accept valid events', () => {
    expect(client({ type: 'conversation.item.retrieve', item_id: 'item_003' }).success).toBe(true);
    expect(
      client({ type: 'conversation.item.delete', event_id: 'e', item_id: 'item_003' }).success,
    ).toBe(true);
    const truncate = {
      type: 'conversation.item.truncate',
      item_id: 'item_002',
      content_index: 0,
      audio_end_ms: 1500,
    };
    expect(client(truncate).success).toBe(true);
  });

  it('require a non-negative integer audio_end_ms and content_index', () => {
    const base = {
      type: 'conversation.item.truncate',
      item_id: 'i',
      content_index: 0,
      audio_end_ms: 0,
    };
    expect(issues(client({ ...base, audio_end_ms: -1 }))[0]).toMatchObject({
      path: ['audio_end_ms'],
      code: 'too_small',
    });
    expect(issues(client({ ...base, audio_end_ms: 1.5 }))[0]).toMatchObject({
      path: ['audio_end_ms'],
      code: 'invalid_type',
    });
    expect(issues(client({ ...base, content_index: -1 }))[0]).toMatchObject({
      path: ['content_index'],
      code: 'too_small',
    });
    expect(paths(client({ type: 'conversation.item.delete' }))).toEqual([['item_id']]);
  });
});

describe('conversation.* server events', () => {
  const assistant = {
    id: 'item_CCXLfxmM5sXVJVz4mCa2S',
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_audio', transcript: 'Loud and clear!' }],
  };

  it('accept conversation.created and the item events of a real GA server', () => {
    const events = [
      {
        event_id: 'event_9101',
        type: 'conversation.created',
        conversation: { id: 'conv_001', object: 'realtime.conversation' },
      },
      {
        type: 'conversation.item.added',
        event_id: 'e1',
        previous_item_id: null,
        item: {
          id: 'item_1',
          type: 'message',
          status: 'completed',
          role: 'user',
          content: [{ type: 'input_text', text: 'hi' }],
        },
      },
      {
        type: 'conversation.item.added',
        event_id: 'e2',
        previous_item_id: 'item_1',
        item: { ...assistant, status: 'in_progress', content: [] },
      },
      {
        type: 'conversation.item.done',
        event_id: 'e3',
        previous_item_id: 'item_1',
        item: assistant,
      },
      {
        type: 'conversation.item.created',
        event_id: 'e4',
        previous_item_id: 'msg_002',
        item: {
          id: 'msg_003',
          object: 'realtime.item',
          type: 'message',
          status: 'completed',
          role: 'user',
          content: [],
        },
      },
      {
        type: 'conversation.item.retrieved',
        event_id: 'e5',
        item: {
          ...assistant,
          content: [{ type: 'output_audio', transcript: 'ok', audio: pcm(480) }],
        },
      },
      {
        type: 'conversation.item.truncated',
        event_id: 'e6',
        item_id: 'msg_004',
        content_index: 0,
        audio_end_ms: 1500,
      },
      { type: 'conversation.item.deleted', event_id: 'e7', item_id: 'msg_005' },
    ];
    for (const event of events) {
      const r = server(event);
      expect([event.type, r.error?.message]).toEqual([event.type, undefined]);
      expect(server(event, { strict: true }).success).toBe(true);
    }
  });

  it('report a missing required field at its path', () => {
    expect(issues(server({ type: 'conversation.item.added', event_id: 'e' }))).toEqual([
      expect.objectContaining({ path: ['item'], code: 'invalid_type' }),
    ]);
    expect(
      paths(
        server({
          type: 'conversation.item.truncated',
          event_id: 'e',
          item_id: 'i',
          content_index: 0,
        }),
      ),
    ).toEqual([['audio_end_ms']]);
  });

  it('take beta-style assistant parts when lenient, and null audio/transcript always', () => {
    // A captured GA conversation.item.retrieved (events.json) carries a beta-style audio part.
    const retrieved = {
      type: 'conversation.item.retrieved',
      event_id: 'event_CCXGSizgEppa2d4XbKA7K',
      item: {
        ...assistant,
        object: 'realtime.item',
        content: [
          { type: 'audio', transcript: 'Yes, I can hear you.', audio: pcm(8), format: 'pcm16' },
        ],
      },
    };
    expect(server(retrieved).success).toBe(true);
    expect(issues(server(retrieved, { strict: true }))[0]).toMatchObject({
      path: ['item', 'content', 0, 'type'],
      code: 'invalid_union',
    });
    const nulls = {
      type: 'conversation.item.done',
      event_id: 'e',
      item: { ...message('user', [{ type: 'input_audio', transcript: null }]), id: 'i' },
    };
    expect(server(nulls).success).toBe(true);
    expect(server(nulls, { strict: true }).success).toBe(true);
  });

  it('keep unknown keys of items when lenient', () => {
    const r = server({
      type: 'conversation.item.done',
      event_id: 'e',
      item: { ...assistant, extra: 1 },
    });
    expect(r.data).toMatchObject({ item: { extra: 1 } });
  });
});
