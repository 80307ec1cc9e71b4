// Rules: item.create.ack, item.previous-id.placement, item.previous-id.unknown, item.id-unique,
// item.content-per-role, item.no-assistant-audio, item.delete, item.retrieve, item.audio-omitted,
// tools.call-id.required, truncate.*.
import { describe, expect, it } from 'vitest';
import { drive, pcm16, types } from './host-support.js';

const user = (text: string, id?: string) => ({
  type: 'conversation.item.create',
  item: {
    ...(id === undefined ? {} : { id }),
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text }],
  },
});

describe('conversation items', () => {
  it('acks a GA create with added then done; previous_item_id is null for the first item', () => {
    const d = drive('ga');
    const events = d.send(user('hi', 'item_a'));
    expect(types(events)).toEqual(['conversation.item.added', 'conversation.item.done']);
    expect(events[0]).toMatchObject({
      previous_item_id: null,
      item: { id: 'item_a', object: 'realtime.item', status: 'completed' },
    });
    expect(d.send(user('there', 'item_b'))[0]).toMatchObject({ previous_item_id: 'item_a' });
    expect(d.invalid()).toEqual([]);
  });

  it('acks a beta create with conversation.item.created only', () => {
    const d = drive('beta');
    expect(types(d.send(user('hi')))).toEqual(['conversation.item.created']);
    expect(d.invalid()).toEqual([]);
  });

  it('places items by previous_item_id: root first, after an id, unknown id refused', () => {
    const d = drive('ga');
    d.send(user('one', 'item_1'));
    d.send(user('two', 'item_2'));
    expect(d.send({ ...user('zero', 'item_0'), previous_item_id: 'root' })[0]).toMatchObject({
      previous_item_id: null,
    });
    expect(
      d.send({ ...user('one and a half', 'item_15'), previous_item_id: 'item_1' })[0],
    ).toMatchObject({ previous_item_id: 'item_1' });
    expect(d.host.engine.items.map((i) => i.id)).toEqual(['item_0', 'item_1', 'item_15', 'item_2']);
    const [error] = d.send({
      ...user('lost', 'item_x'),
      previous_item_id: 'item_nope',
      event_id: 'e1',
    });
    expect(error?.error).toEqual({
      type: 'invalid_request_error',
      code: 'item_create_invalid_previous_item_id',
      message: "Error adding item: the previous item with id 'item_nope' does not exist.",
      param: 'previous_item_id',
      event_id: 'e1',
    });
    expect(d.host.engine.items).toHaveLength(4);
  });

  it('refuses a duplicate id, assistant audio without text, and content the role does not allow', () => {
    const d = drive('ga');
    d.send(user('one', 'item_1'));
    expect(d.send(user('again', 'item_1'))[0]?.error).toMatchObject({ param: 'item.id' });
    const [audio] = d.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_audio', transcript: 'hi' }],
      },
    });
    expect(audio?.error).toMatchObject({
      code: 'missing_required_parameter',
      message: "Missing required parameter: 'item.content[0].text'.",
    });
    expect(d.host.engine.items).toHaveLength(1);
  });

  it('checks function_call_output call ids', () => {
    const d = drive('ga');
    const [error] = d.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_x', output: '{}' },
    });
    expect(error?.error).toMatchObject({
      code: 'invalid_tool_call_id',
      message: "Tool call ID 'call_x' not found in conversation.",
    });
    d.send({
      type: 'conversation.item.create',
      item: { type: 'function_call', call_id: 'call_x', name: 'f', arguments: '{}' },
    });
    expect(
      types(
        d.send({
          type: 'conversation.item.create',
          item: { type: 'function_call_output', call_id: 'call_x', output: '{}' },
        }),
      ),
    ).toEqual(['conversation.item.added', 'conversation.item.done']);
  });

  it('deletes and retrieves; unknown ids get the real error codes', () => {
    const d = drive('ga');
    d.send({ type: 'input_audio_buffer.append', audio: pcm16(200) });
    const [committed] = d.send({ type: 'input_audio_buffer.commit' });
    const itemId = committed?.item_id as string;
    const [retrieved] = d.send({ type: 'conversation.item.retrieve', item_id: itemId });
    expect(retrieved).toMatchObject({
      type: 'conversation.item.retrieved',
      item: { id: itemId, content: [{ type: 'input_audio', audio: pcm16(200) }] },
    });
    expect(
      d.send({ type: 'conversation.item.retrieve', item_id: 'item_no' })[0]?.error,
    ).toMatchObject({ code: 'item_retrieve_invalid_item_id' });
    expect(d.send({ type: 'conversation.item.delete', item_id: itemId })[0]).toMatchObject({
      type: 'conversation.item.deleted',
      item_id: itemId,
    });
    expect(d.send({ type: 'conversation.item.delete', item_id: itemId })[0]?.error).toMatchObject({
      code: 'item_delete_invalid_item_id',
      message: `Error deleting item: the item with id '${itemId}' does not exist.`,
    });
    expect(d.invalid()).toEqual([]);
  });

  it('deletes an item while the response streams it: the response ends it, the conversation does not announce it again', () => {
    const d = drive('ga');
    d.send(user('hello there'));
    const engine = d.host.engine;
    const opened = engine.receive({ type: 'response.create' }, engine.now);
    const added = opened.find((e) => e.type === 'conversation.item.added');
    const itemId = (added as unknown as { item: { id: string } }).item.id;
    expect(engine.nextDue()).toBeGreaterThan(engine.now); // still streaming
    expect(
      engine.receive({ type: 'conversation.item.delete', item_id: itemId }, engine.now),
    ).toMatchObject([{ type: 'conversation.item.deleted', item_id: itemId }]);
    const rest = [];
    for (let at = engine.nextDue(); at !== undefined; at = engine.nextDue())
      rest.push(...engine.tick(at));
    // The response's own events still name the item; the conversation's do not.
    expect(rest.some((e) => e.type === 'response.output_audio.delta')).toBe(true);
    expect(rest.find((e) => e.type === 'response.output_item.done')).toMatchObject({
      item: { id: itemId, status: 'completed' },
    });
    expect(types(rest).filter((t) => t.startsWith('conversation.'))).toEqual([]);
    expect(rest.at(-1)?.type).toBe('response.done');
    expect(
      engine.receive({ type: 'conversation.item.retrieve', item_id: itemId }, engine.now)[0],
    ).toMatchObject({ type: 'error', error: { code: 'item_retrieve_invalid_item_id' } });
  });
});

describe('truncate', () => {
  function withAudioReply() {
    const d = drive('ga');
    d.send(user('tell me a story'));
    d.send({ type: 'response.create' });
    const done = d.events.find((e) => e.type === 'response.done') as unknown as {
      response: { output: { id: string; content: { transcript: string }[] }[] };
    };
    const item = done.response.output[0];
    return { d, itemId: item?.id as string, transcript: item?.content[0]?.transcript as string };
  }

  it('cuts the audio and the transcript, and answers conversation.item.truncated', () => {
    const { d, itemId, transcript } = withAudioReply();
    const [truncated] = d.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 650,
    });
    expect(truncated).toMatchObject({
      type: 'conversation.item.truncated',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 650,
    });
    const [retrieved] = d.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const part = (
      retrieved?.item as { content: { transcript: string; audio: string }[] } | undefined
    )?.content[0];
    expect(part?.transcript).toBe(transcript.slice(0, 10));
    expect(Buffer.from(part?.audio ?? '', 'base64').length).toBeGreaterThanOrEqual(650 * 48);
    expect(d.invalid()).toEqual([]);
  });

  it('refuses audio_end_ms beyond the audio sent, naming both durations', () => {
    const { d, itemId } = withAudioReply();
    const [error] = d.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 999_999,
    });
    expect(error?.error).toMatchObject({
      message: expect.stringMatching(/^Audio content of \d+ms is already shorter than 999999ms$/),
    });
  });

  it('refuses user items and unknown items', () => {
    const d = drive('ga');
    d.send(user('hi', 'item_u'));
    expect(
      d.send({
        type: 'conversation.item.truncate',
        item_id: 'item_u',
        content_index: 0,
        audio_end_ms: 0,
      })[0]?.error,
    ).toMatchObject({
      message: 'Only model output audio messages can be truncated',
    });
    expect(
      d.send({
        type: 'conversation.item.truncate',
        item_id: 'item_zz',
        content_index: 0,
        audio_end_ms: 0,
      })[0]?.error,
    ).toMatchObject({
      code: 'item_truncate_invalid_item_id',
      message: 'Item with item_id not found: item_zz',
    });
  });
});
