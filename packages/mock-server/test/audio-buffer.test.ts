// Rules: events.append-no-ack, audio.commit.min-100ms, audio.commit.result, audio.clear, audio.append.base64.
import { describe, expect, it } from 'vitest';
import { drive, manual, pcm16, types } from './host-support.js';

describe('input audio buffer', () => {
  it('appends without an answer and commits into a user item (GA: committed, added, done)', () => {
    const d = drive('ga');
    manual(d); // the tone would otherwise start server VAD
    expect(d.send({ type: 'input_audio_buffer.append', audio: pcm16(100) })).toEqual([]);
    const events = d.send({ type: 'input_audio_buffer.commit' });
    expect(types(events)).toEqual([
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
    ]);
    const itemId = events[0]?.item_id;
    expect(events[1]).toMatchObject({
      item: { id: itemId, role: 'user', content: [{ type: 'input_audio', transcript: null }] },
    });
    expect(JSON.stringify(events[1])).not.toContain('"audio":');
    expect(d.invalid()).toEqual([]);
  });

  it('beta: committed then conversation.item.created', () => {
    const d = drive('beta');
    d.send({ type: 'input_audio_buffer.append', audio: pcm16(120) });
    expect(types(d.send({ type: 'input_audio_buffer.commit' }))).toEqual([
      'input_audio_buffer.committed',
      'conversation.item.created',
    ]);
    expect(d.invalid()).toEqual([]);
  });

  it('refuses a commit under 100 ms with the buffered duration in the message', () => {
    const d = drive('ga');
    d.send({ type: 'input_audio_buffer.append', audio: pcm16(50) });
    const [error] = d.send({ type: 'input_audio_buffer.commit', event_id: 'evt_c' });
    expect(error?.error).toEqual({
      type: 'invalid_request_error',
      code: 'input_audio_buffer_commit_empty',
      message:
        'Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 50.00ms of audio.',
      param: null,
      event_id: 'evt_c',
    });
  });

  it('clears the buffer: clear then commit is refused as empty', () => {
    const d = drive('ga');
    d.send({ type: 'input_audio_buffer.append', audio: pcm16(300) });
    expect(types(d.send({ type: 'input_audio_buffer.clear' }))).toEqual([
      'input_audio_buffer.cleared',
    ]);
    expect(d.send({ type: 'input_audio_buffer.commit' })[0]?.error).toMatchObject({
      code: 'input_audio_buffer_commit_empty',
      message: expect.stringContaining('0.00ms'),
    });
  });

  it('measures G.711 at 8 bytes per ms', () => {
    const d = drive('ga');
    d.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } } } },
    });
    d.send({
      type: 'input_audio_buffer.append',
      audio: Buffer.alloc(799, 0xff).toString('base64'),
    });
    expect(d.send({ type: 'input_audio_buffer.commit' })[0]?.error).toMatchObject({
      message: expect.stringContaining('99.88ms'),
    });
  });

  it('refuses undecodable audio with the real wording and keeps the session', () => {
    const d = drive('ga');
    manual(d);
    const [error] = d.send({ type: 'input_audio_buffer.append', audio: 'abc', event_id: 'evt_a' });
    expect(error?.error).toMatchObject({
      code: 'invalid_value',
      message:
        "Invalid 'audio'. Expected base64-encoded audio bytes (mono PCM16 at 24kHz) but got an invalid value.",
      event_id: 'evt_a',
    });
    expect(d.send({ type: 'input_audio_buffer.append', audio: pcm16(100) })).toEqual([]);
  });
});
