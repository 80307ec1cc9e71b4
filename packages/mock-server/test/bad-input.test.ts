// Rules: events.json-text, events.type-required, events.unknown-type, events.error-shape,
// events.errors-recoverable, session.no-foreign-fields, output.buffer-webrtc-only.
// Every bad frame gets one `error` (type, code, message, param, event_id) and the session stays open.
import { describe, expect, it } from 'vitest';
import { drive } from './host-support.js';

describe('bad client input', () => {
  it.each([
    [
      'not JSON',
      '{"type":',
      {
        code: 'invalid_json',
        message: 'Invalid event: failed to parse JSON value.',
        param: null,
        event_id: null,
      },
    ],
    ['a JSON array', '[1,2]', { code: 'invalid_event', param: null, event_id: null }],
    [
      'no type',
      '{"event_id":"evt_1"}',
      {
        code: 'invalid_event',
        message: "The 'type' field is missing.",
        param: null,
        event_id: 'evt_1',
      },
    ],
    [
      'an unknown type (no JSON keep-alive exists)',
      '{"type":"ping","event_id":"evt_2"}',
      {
        code: 'invalid_value',
        message: expect.stringMatching(
          /^Invalid value: 'ping'\. Supported values are: 'session\.update', .*, and '.*'\.$/,
        ),
        param: 'type',
        event_id: 'evt_2',
      },
    ],
    [
      'an unknown parameter',
      '{"type":"response.create","response":{"modalities":["text"]}}',
      {
        code: 'unknown_parameter',
        message: "Unknown parameter: 'response.modalities'.",
        param: 'response.modalities',
      },
    ],
    [
      'a missing required field',
      '{"type":"conversation.item.truncate","item_id":"item_1","audio_end_ms":10}',
      {
        code: 'missing_required_parameter',
        message: "Missing required parameter: 'content_index'.",
        param: 'content_index',
      },
    ],
    [
      'a wrong type',
      '{"type":"conversation.item.delete","item_id":7}',
      {
        code: 'invalid_type',
        message: "Invalid type for 'item_id': expected string, but got number instead.",
        param: 'item_id',
      },
    ],
    [
      'a negative index',
      '{"type":"conversation.item.truncate","item_id":"i","content_index":0,"audio_end_ms":-5}',
      { code: 'integer_below_min_value', param: 'audio_end_ms' },
    ],
    [
      'a WebRTC-only event on a WebSocket',
      '{"type":"output_audio_buffer.clear"}',
      { code: 'invalid_value', param: 'type' },
    ],
  ])('answers %s with an error and keeps the session', (_label, frame, expected) => {
    const d = drive('ga');
    const [error, ...rest] = d.send(frame);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ type: 'error', event_id: expect.stringMatching(/^event_/) });
    expect(error?.error).toMatchObject({ type: 'invalid_request_error', ...expected });
    expect(Object.keys(error?.error as object).sort()).toEqual([
      'code',
      'event_id',
      'message',
      'param',
      'type',
    ]);
    expect(d.closed).toBeUndefined();
    expect(d.send({ type: 'input_audio_buffer.clear' })[0]?.type).toBe(
      'input_audio_buffer.cleared',
    );
    expect(d.invalid()).toEqual([]);
  });

  it('answers a binary frame with an error', () => {
    const d = drive('ga');
    d.host.receive(new Uint8Array([1, 2, 3]));
    expect(d.events.at(-1)?.error).toMatchObject({
      code: 'invalid_event',
      message: 'Expected a text WebSocket message; binary frames are not supported.',
    });
    expect(d.closed).toBeUndefined();
  });

  it('names the other dialect’s fields as unknown on beta too', () => {
    const d = drive('beta');
    const [error] = d.send({ type: 'session.update', session: { type: 'realtime' } });
    expect(error?.error).toMatchObject({
      code: 'unknown_parameter',
      message: "Unknown parameter: 'session.type'.",
    });
  });
});
