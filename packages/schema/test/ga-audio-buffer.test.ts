// GA audio buffer events (INV §6.1, §6.2 input_audio_buffer.* / output_audio_buffer.*; rules §4.4).
import { describe, expect, it } from 'vitest';
import { client, issues, paths, pcm, server } from './ga-helpers.js';

describe('input_audio_buffer / output_audio_buffer client events', () => {
  it('accept append, commit, clear and output_audio_buffer.clear', () => {
    for (const event of [
      { event_id: 'event_456', type: 'input_audio_buffer.append', audio: pcm(2400) },
      { event_id: 'event_789', type: 'input_audio_buffer.commit' },
      { event_id: 'event_012', type: 'input_audio_buffer.clear' },
      { event_id: 'optional_client_event_id', type: 'output_audio_buffer.clear' },
    ]) {
      expect([event.type, client(event).error?.message]).toEqual([event.type, undefined]);
    }
  });

  it('check append audio as base64 by decoding', () => {
    expect(paths(client({ type: 'input_audio_buffer.append' }))).toEqual([['audio']]);
    const r = client({ type: 'input_audio_buffer.append', audio: 'Base64EncodedAudioData' });
    expect(issues(r)[0]).toMatchObject({ path: ['audio'], code: 'custom' });
    expect(r.error?.message).toContain('not a multiple of 4');
  });

  it('reject a stray field on commit', () => {
    expect(issues(client({ type: 'input_audio_buffer.commit', audio: pcm(2) }))[0]).toMatchObject({
      path: [],
      code: 'unrecognized_keys',
    });
  });
});

describe('input_audio_buffer / output_audio_buffer server events', () => {
  it.each([
    [
      'input_audio_buffer.committed',
      { event_id: 'event_1121', previous_item_id: 'msg_001', item_id: 'msg_002' },
    ],
    [
      'input_audio_buffer.committed',
      { event_id: 'event_1122', previous_item_id: null, item_id: 'msg_001' },
    ],
    ['input_audio_buffer.cleared', { event_id: 'event_1314' }],
    [
      'input_audio_buffer.speech_started',
      { event_id: 'event_1516', audio_start_ms: 1000, item_id: 'msg_003' },
    ],
    [
      'input_audio_buffer.speech_stopped',
      { event_id: 'event_1718', audio_end_ms: 2000, item_id: 'msg_003' },
    ],
    [
      'input_audio_buffer.timeout_triggered',
      {
        event_id: 'event_CEKKrf1KTGvemCPyiJTJ2',
        audio_start_ms: 13216,
        audio_end_ms: 19232,
        item_id: 'item_CEKKrWH0GiwN0ET97NUZc',
      },
    ],
    ['input_audio_buffer.dtmf_event_received', { event: '9', received_at: 1763605109 }],
    [
      'input_audio_buffer.dtmf_event_received',
      { event_id: 'event_1', event: '#', received_at: 1763605109 },
    ],
    ['output_audio_buffer.started', { event_id: 'event_abc123', response_id: 'resp_abc123' }],
    ['output_audio_buffer.stopped', { event_id: 'event_abc123', response_id: 'resp_abc123' }],
    ['output_audio_buffer.cleared', { event_id: 'event_abc123', response_id: 'resp_abc123' }],
  ])('accept %s', (type, fields) => {
    expect(server({ type, ...fields }, { strict: true }).error?.message).toBeUndefined();
  });

  it.each([
    [
      'input_audio_buffer.committed',
      { event_id: 'e', previous_item_id: null },
      ['item_id'],
      'invalid_type',
    ],
    [
      'input_audio_buffer.speech_started',
      { event_id: 'e', audio_start_ms: -5, item_id: 'i' },
      ['audio_start_ms'],
      'too_small',
    ],
    [
      'input_audio_buffer.speech_stopped',
      { event_id: 'e', audio_end_ms: 1.5, item_id: 'i' },
      ['audio_end_ms'],
      'invalid_type',
    ],
    [
      'input_audio_buffer.timeout_triggered',
      { event_id: 'e', audio_start_ms: 0, item_id: 'i' },
      ['audio_end_ms'],
      'invalid_type',
    ],
    [
      'input_audio_buffer.dtmf_event_received',
      { event: 'E', received_at: 1 },
      ['event'],
      'invalid_value',
    ],
    ['input_audio_buffer.dtmf_event_received', { event: '1' }, ['received_at'], 'invalid_type'],
    ['output_audio_buffer.started', { event_id: 'e' }, ['response_id'], 'invalid_type'],
  ])('reject %s at %j', (type, fields, path, code) => {
    const r = server({ type, ...fields });
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual(expect.objectContaining({ path, code }));
  });
});
