// The spliced audio-delta frame must be byte-identical to JSON.stringify of the event.
import { describe, expect, it } from 'vitest';
import { spliceAudioDelta } from '../src/session-host.js';
import { FrameBytes } from '../src/transport/frame-bytes.js';
import { drive } from './host-support.js';

describe('spliceAudioDelta + FrameBytes', () => {
  it('equal JSON.stringify on every audio delta of a turn, in both dialects', () => {
    const frames = new FrameBytes();
    for (const dialect of ['ga', 'beta'] as const) {
      const d = drive(dialect);
      d.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      });
      d.send({ type: 'response.create' });
      const deltas = d.events.filter((e) => e.type.endsWith('audio.delta'));
      expect(deltas.length).toBeGreaterThan(3);
      for (const event of deltas) {
        const [head, body, tail] = spliceAudioDelta(event as never);
        expect(head + body + tail).toBe(JSON.stringify(event));
        expect(frames.build(head, body, tail).toString('utf8')).toBe(JSON.stringify(event));
      }
    }
  });

  it('leaves the event as it was, and moves a delta that is not the last key to the end', () => {
    const last = { type: 'response.output_audio.delta', event_id: 'event_1', delta: 'QUJD' };
    expect(spliceAudioDelta(last as never)).toEqual([
      '{"type":"response.output_audio.delta","event_id":"event_1","delta":"',
      'QUJD',
      '"}',
    ]);
    expect(last.delta).toBe('QUJD');
    const first = { type: 'response.output_audio.delta', delta: 'QUJD', event_id: 'event_2' };
    const [head, body, tail] = spliceAudioDelta(first as never);
    expect(head + body + tail).toBe(
      '{"type":"response.output_audio.delta","event_id":"event_2","delta":"QUJD"}',
    );
    expect(first).toEqual({
      type: 'response.output_audio.delta',
      delta: 'QUJD',
      event_id: 'event_2',
    });
  });

  it('keeps earlier frames intact while later ones are cut from the slab', () => {
    const frames = new FrameBytes();
    const built = Array.from({ length: 400 }, (_, i) =>
      frames.build(`{"n":${i},"é":"`, 'QUJD'.repeat(500 + i), '"}'),
    );
    built.forEach((b, i) => {
      expect(JSON.parse(b.toString('utf8'))).toEqual({ n: i, é: 'QUJD'.repeat(500 + i) });
    });
  });
});
