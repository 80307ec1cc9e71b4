// GA input audio transcription events and MCP events (INV §6.2: conversation.item.
// input_audio_transcription.*, response.mcp_call_arguments.*, response.mcp_call.*, mcp_list_tools.*).
import { describe, expect, it } from 'vitest';
import { issues, server } from './ga-helpers.js';

const item = { event_id: 'event_1', item_id: 'item_CCXGQ4e1ht4cOraEYcuR2', content_index: 0 };
const logprobs = [{ token: 'Hey', logprob: -0.01, bytes: [72, 101, 121] }];

describe('input audio transcription events', () => {
  it.each([
    [
      'completed (tokens)',
      'completed',
      {
        transcript: 'Hey, can you hear me?',
        usage: {
          type: 'tokens',
          total_tokens: 22,
          input_tokens: 13,
          input_token_details: { text_tokens: 0, audio_tokens: 13 },
          output_tokens: 9,
        },
      },
    ],
    [
      'completed (duration, logprobs, languages)',
      'completed',
      {
        transcript: 'Bonjour',
        logprobs,
        languages: [{ code: 'fr' }],
        usage: { type: 'duration', seconds: 1.2 },
      },
    ],
    ['delta', 'delta', { delta: 'Hey', logprobs: null }],
    ['segment', 'segment', { text: 'hello', id: 'seg_0001', speaker: 'spk_1', start: 0, end: 0.4 }],
    [
      'failed',
      'failed',
      {
        error: {
          type: 'transcription_error',
          code: 'audio_unintelligible',
          message: 'The audio could not be transcribed.',
          param: null,
        },
      },
    ],
  ])('accept %s', (_label, kind, fields) => {
    const type = `conversation.item.input_audio_transcription.${kind}`;
    expect(server({ type, ...item, ...fields }, { strict: true }).error?.message).toBeUndefined();
  });

  it('accept the obfuscation field the server adds to deltas', () => {
    const event = {
      type: 'conversation.item.input_audio_transcription.delta',
      ...item,
      delta: 'Hey',
      obfuscation: 'aLxx0jTEciOGe',
    };
    expect(server(event, { strict: true }).success).toBe(true);
  });

  it.each([
    ['completed', { transcript: 'x' }, ['usage'], 'invalid_type'],
    [
      'completed',
      { transcript: 'x', usage: { type: 'seconds', seconds: 1 } },
      ['usage', 'type'],
      'invalid_union',
    ],
    [
      'completed',
      { transcript: 'x', usage: { type: 'duration', seconds: -1 } },
      ['usage', 'seconds'],
      'too_small',
    ],
    [
      'completed',
      {
        transcript: 'x',
        usage: { type: 'duration', seconds: 1 },
        logprobs: [{ token: 'a', logprob: 0, bytes: [256] }],
      },
      ['logprobs', 0, 'bytes', 0],
      'too_big',
    ],
    ['segment', { text: 'x', id: 's', speaker: 'a', start: 0 }, ['end'], 'invalid_type'],
    ['failed', {}, ['error'], 'invalid_type'],
  ])('reject %s at %j', (kind, fields, path, code) => {
    const type = `conversation.item.input_audio_transcription.${kind}`;
    const r = server({ type, ...item, ...fields });
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });
});

describe('MCP events', () => {
  const call = { event_id: 'event_6301', output_index: 0, item_id: 'mcp_call_001' };
  it.each([
    [
      'response.mcp_call_arguments.delta',
      { ...call, response_id: 'resp_001', delta: '{"partial":true}', obfuscation: null },
    ],
    [
      'response.mcp_call_arguments.done',
      { ...call, response_id: 'resp_001', arguments: '{"q":"docs"}' },
    ],
    ['response.mcp_call.in_progress', call],
    ['response.mcp_call.completed', call],
    ['response.mcp_call.failed', call],
    ['mcp_list_tools.in_progress', { event_id: 'event_6101', item_id: 'mcp_list_tools_001' }],
    ['mcp_list_tools.completed', { event_id: 'event_6102', item_id: 'mcp_list_tools_001' }],
    ['mcp_list_tools.failed', { event_id: 'event_6103', item_id: 'mcp_list_tools_001' }],
  ])('accept %s', (type, fields) => {
    expect(server({ type, ...fields }, { strict: true }).error?.message).toBeUndefined();
  });

  it.each([
    ['response.mcp_call_arguments.delta', { ...call, delta: '{' }, ['response_id'], 'invalid_type'],
    [
      'response.mcp_call_arguments.done',
      { ...call, response_id: 'r' },
      ['arguments'],
      'invalid_type',
    ],
    ['response.mcp_call.failed', { event_id: 'e', item_id: 'i' }, ['output_index'], 'invalid_type'],
    ['mcp_list_tools.completed', { event_id: 'e' }, ['item_id'], 'invalid_type'],
  ])('reject %s at %j', (type, fields, path, code) => {
    const r = server({ type, ...fields });
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('carry MCP items through response.output_item.done', () => {
    const event = {
      type: 'response.output_item.done',
      event_id: 'e',
      response_id: 'resp_1',
      output_index: 0,
      item: {
        type: 'mcp_call',
        id: 'mcp_1',
        server_label: 'docs',
        name: 'search',
        arguments: '{}',
        approval_request_id: null,
        output: 'ok',
        error: null,
      },
    };
    expect(server(event, { strict: true }).success).toBe(true);
    const bad = {
      ...event,
      item: { ...event.item, error: { type: 'protocol_error', message: 'x' } },
    };
    expect(issues(server(bad))).toContainEqual(
      expect.objectContaining({ path: ['item', 'error', 'code'], code: 'invalid_type' }),
    );
  });
});
