// The spliced audio-delta frame must be byte-identical to JSON.stringify of the event.
import { describe, expect, it } from 'vitest';
import { AudioDeltaSplicer, spliceAudioDelta, TextDeltaWriter } from '../src/session-host.js';
import { FrameBytes } from '../src/transport/frame-bytes.js';
import { drive } from './host-support.js';

/** The payload of one unmasked text frame, checking its header (RFC 6455 §5.2). */
function payloadOf(frame: Buffer): string {
  expect(frame[0]).toBe(0x81); // FIN, text
  const code = (frame[1] as number) & 0x7f;
  expect((frame[1] as number) & 0x80).toBe(0); // a server's frames are not masked
  const [offset, length] =
    code < 126
      ? [2, code]
      : code === 126
        ? [4, frame.readUInt16BE(2)]
        : [10, frame.readUInt32BE(2) * 2 ** 32 + frame.readUInt32BE(6)];
  expect(frame.length).toBe(offset + length);
  return frame.subarray(offset).toString('utf8');
}

/** The events of one session's turns, one per user text (each reply a content part of its own). */
function eventsOfTurns(dialect: 'ga' | 'beta', texts: readonly string[]) {
  const d = drive(dialect);
  for (const text of texts) {
    d.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    d.send({ type: 'response.create' });
  }
  return d.events;
}

/** The audio deltas of two turns of one session (two content parts). */
function audioDeltasOfTwoTurns(dialect: 'ga' | 'beta') {
  return eventsOfTurns(dialect, ['hi', 'and again']).filter((e) => e.type.endsWith('audio.delta'));
}

/** A delta with the engine's keys, in the engine's order. */
const deltaEvent = (type: string, delta: string) => ({
  type,
  event_id: 'event_1',
  response_id: 'resp_1',
  item_id: 'item_1',
  output_index: 0,
  content_index: 0,
  delta,
});

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
        expect(payloadOf(frames.parts([head, body, tail], 3, false))).toBe(JSON.stringify(event));
      }
    }
  });

  it('AudioDeltaSplicer equals JSON.stringify over turns of two sessions interleaved', () => {
    const splicer = new AudioDeltaSplicer();
    const [ga = [], beta = []] = (['ga', 'beta'] as const).map(audioDeltasOfTwoTurns);
    expect(ga.length).toBeGreaterThan(6);
    // Alternating sessions and parts: every switch changes the fields the envelope is kept for.
    for (let i = 0; i < Math.max(ga.length, beta.length); i++) {
      for (const event of [ga[i], beta[i], ga[i]]) {
        if (event === undefined) continue;
        const [head, body, tail] = splicer.splice(event as never);
        expect(head + body + tail).toBe(JSON.stringify(event));
      }
    }
  });

  it('AudioDeltaSplicer.load of engine deltas (unchecked) gives the same frames, ASCII ones copied as such', () => {
    const checked = new AudioDeltaSplicer();
    const own = new AudioDeltaSplicer();
    const frames = new FrameBytes();
    for (const dialect of ['ga', 'beta'] as const) {
      const deltas = audioDeltasOfTwoTurns(dialect);
      expect(deltas.length).toBeGreaterThan(6);
      for (const event of deltas) {
        checked.load(event as never);
        own.load(event as never, true);
        expect(own.ascii).toBe(true);
        expect([own.head, own.body, own.tail]).toEqual([checked.head, checked.body, checked.tail]);
        const json = JSON.stringify(event);
        expect(payloadOf(frames.parts([own.head, own.body, own.tail], 3, own.ascii))).toBe(json);
      }
    }
  });

  it('AudioDeltaSplicer says when a head is not ASCII, and FrameBytes then encodes it as UTF-8', () => {
    const splicer = new AudioDeltaSplicer();
    const frames = new FrameBytes();
    const base = deltaEvent('response.output_audio.delta', 'QUJD');
    for (const [event, ascii] of [
      [base, true],
      [{ ...base, event_id: 'event_2' }, true],
      [{ ...base, event_id: 'event_3', item_id: 'item_é✓' }, false],
      [{ ...base, event_id: 'event_4', item_id: 'item_é✓' }, false],
      [{ ...base, event_id: 'event_5', item_id: 'item_\u007f' }, false],
      [{ ...base, event_id: 'event_6' }, true],
    ] as const) {
      splicer.load(event as never);
      expect(splicer.ascii).toBe(ascii);
      const frame = frames.parts([splicer.head, splicer.body, splicer.tail], 3, splicer.ascii);
      expect(payloadOf(frame)).toBe(JSON.stringify(event));
    }
  });

  it('AudioDeltaSplicer falls back for other shapes and for ids JSON would escape', () => {
    const splicer = new AudioDeltaSplicer();
    const base = deltaEvent('response.output_audio.delta', 'QUJD');
    const cases = [
      base,
      { ...base, event_id: 'event_2' },
      { ...base, event_id: 'ev"3' },
      { ...base, event_id: 'event_4', output_index: 1 },
      { ...base, event_id: 'event_5', extra: true },
      { type: base.type, event_id: 'event_6', delta: 'QUJD', response_id: 'resp_1' },
      { ...base, event_id: 'event_7' },
    ];
    for (const event of cases) {
      const [head, body, tail] = splicer.splice(event as never);
      // The delta moves last; everything else as JSON.stringify writes it.
      const envelope = JSON.stringify({ ...event, delta: undefined });
      expect(head + body + tail).toBe(`${envelope.slice(0, -1)},"delta":"QUJD"}`);
    }
  });

  it('TextDeltaWriter equals JSON.stringify on the text and transcript deltas of interleaved sessions', () => {
    const writer = new TextDeltaWriter();
    const streams = (['ga', 'beta'] as const).flatMap((dialect) =>
      (['audio', 'text'] as const).map((modality) => {
        const d = drive(dialect);
        for (const text of ['hi', 'and "again", with\na new line — and 😀']) {
          d.send({
            type: 'conversation.item.create',
            item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
          });
          d.send({
            type: 'response.create',
            response:
              dialect === 'ga'
                ? { output_modalities: [modality] }
                : { modalities: modality === 'audio' ? ['audio', 'text'] : ['text'] },
          });
        }
        return d.events.filter((e) => /(text|transcript)\.delta$/.test(e.type));
      }),
    );
    for (const stream of streams) expect(stream.length).toBeGreaterThan(6);
    let count = 0;
    for (let i = 0; i < Math.max(...streams.map((s) => s.length)); i++) {
      for (const stream of [...streams, streams[0] ?? []]) {
        const event = stream[i];
        if (event === undefined) continue;
        expect(writer.text(event as never)).toBe(JSON.stringify(event));
        count++;
      }
    }
    expect(count).toBeGreaterThan(30);
  });

  it('TextDeltaWriter escapes the delta as JSON does, and falls back for other shapes', () => {
    const writer = new TextDeltaWriter();
    const base = deltaEvent('response.output_audio_transcript.delta', 'Hello');
    const cases = [
      base,
      { ...base, event_id: 'event_2', delta: 'say "hi"\n\t\\ \u0001 é 😀 \ud800 </script>' },
      { ...base, event_id: 'ev"3' },
      { ...base, event_id: 'event_4', item_id: 'item_2' },
      { ...base, event_id: 'event_5', extra: true },
      { type: base.type, event_id: 'event_6', delta: 'x', response_id: 'resp_1' },
      { ...base, event_id: 'event_7', delta: '' },
    ];
    for (const event of cases) expect(writer.text(event as never)).toBe(JSON.stringify(event));
  });

  it('load gives the frame in parts, unjoined: FrameBytes.parts writes JSON.stringify of each delta', () => {
    const splicer = new AudioDeltaSplicer();
    const writer = new TextDeltaWriter();
    const frames = new FrameBytes();
    const events = (['ga', 'beta'] as const).flatMap((dialect) =>
      eventsOfTurns(dialect, ['hi', 'and "again" — 😀, a word or two more']).filter((e) =>
        /delta$/.test(e.type),
      ),
    );
    const base = deltaEvent('response.output_audio_transcript.delta', 'Hello');
    const odd = [
      { ...base, event_id: 'event_2', delta: 'say "hi"\n\t\\ \u0001 é 😀 </script>' },
      { ...base, event_id: 'ev"3' },
      { ...base, event_id: 'event_5', extra: true },
      { ...base, event_id: 'event_7', delta: '' },
      // Another shape, `delta` still last (spliceAudioDelta would move it there).
      { type: 'response.output_audio.delta', event_id: 'event_8', extra: 1, delta: 'QUJD' },
      // Ids and indexes JSON writes otherwise than as they are, each followed by a plain delta of
      // the same type: the writer must not reuse a head part the odd one overwrote.
      { ...base, event_id: 'event_9', response_id: 'resp "x"' },
      { ...base, event_id: 'event_10' },
      { ...base, event_id: 'event_11', item_id: 'item_é' },
      { ...base, event_id: 'event_12', output_index: 1.5 },
      { ...base, event_id: 'event_13', content_index: -1 },
      { ...base, event_id: 'event_14', output_index: 3, content_index: 1 },
      { ...base, event_id: 'event_15' },
      { ...deltaEvent('response.output_audio.delta', 'QUJD'), response_id: 'resp\\1' },
      { ...deltaEvent('response.output_audio.delta', 'QUJD'), output_index: 2 },
      deltaEvent('response.output_audio.delta', 'QUJD'),
    ];
    let audio = 0;
    let nonAscii = 0;
    for (const event of [...events, ...odd]) {
      const isAudio = event.type.endsWith('output_audio.delta');
      const target = isAudio ? splicer : writer;
      const count = target.load(event as never);
      const parts = target.parts.slice(0, count);
      const json = JSON.stringify(event);
      expect(parts.join('')).toBe(json);
      // `ascii` is a promise the transport relies on: it is only given when it holds.
      if (target.ascii) expect(parts.every((part) => /^[\x20-\x7e]*$/.test(part))).toBe(true);
      else nonAscii++;
      expect(payloadOf(frames.parts(parts, count, target.ascii))).toBe(json);
      if (isAudio) audio++;
    }
    expect(audio).toBeGreaterThan(10);
    expect(nonAscii).toBeGreaterThan(2);
  });

  it('FrameBytes.parts writes long, short, empty and multi-byte parts at the length edges', () => {
    const frames = new FrameBytes();
    for (const size of [0, 1, 31, 32, 33, 125, 126, 127, 65535, 65536, 200_000]) {
      const parts = ['{"a":"', 'b'.repeat(size), '', 'c'.repeat(size % 40), '"}'];
      const text = parts.join('');
      const frame = frames.parts(parts, parts.length, true);
      expect(payloadOf(frame)).toBe(text);
      const wide = ['{"é":"', '😀'.repeat(size % 50), 'x'.repeat(size), '"}'];
      expect(payloadOf(frames.parts(wide, wide.length, false))).toBe(wide.join(''));
    }
    // Only the first `count` parts.
    expect(payloadOf(frames.parts(['{}', 'ignored'], 1, true))).toBe('{}');
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
      i % 2 === 0
        ? frames.parts([`{"n":${i},"é":"`, 'QUJD'.repeat(500 + i), '"}'], 3, false)
        : frames.text(JSON.stringify({ n: i, é: 'QUJD'.repeat(500 + i) })),
    );
    built.forEach((b, i) => {
      expect(JSON.parse(payloadOf(b))).toEqual({ n: i, é: 'QUJD'.repeat(500 + i) });
    });
  });

  it('rewind gives the bytes of written frames back: the next frames are cut from the same place', () => {
    const frames = new FrameBytes();
    frames.text('"before"');
    const mark = frames.mark();
    const first = frames.parts(['{"a":"', 'QUJD'.repeat(100), '"}'], 3, true);
    const second = frames.text('{"b":1}');
    frames.rewind(mark);
    const again = frames.text('{"c":2}');
    expect(again.buffer).toBe(first.buffer);
    expect(again.byteOffset).toBe(first.byteOffset);
    expect(payloadOf(again)).toBe('{"c":2}');
    // Without a rewind, later frames never overlap earlier ones.
    const after = frames.text('{"d":3}');
    expect(after.byteOffset).toBeGreaterThanOrEqual(again.byteOffset + again.length);
    expect(second.byteOffset).toBeGreaterThan(first.byteOffset);
  });

  it('rewind ignores a mark from an earlier slab, whose frames a socket may still hold', () => {
    const frames = new FrameBytes();
    const mark = frames.mark();
    const held = frames.text(JSON.stringify({ held: 'x'.repeat(1000) }));
    // Enough frames to fill the 1 MiB slab: the next ones come from a fresh slab.
    let last = held;
    for (let i = 0; i < 100 && last.buffer === held.buffer; i++) {
      last = frames.parts(['{"n":"', 'QUJD'.repeat(8000), '"}'], 3, true);
    }
    expect(last.buffer).not.toBe(held.buffer);
    frames.rewind(mark);
    const next = frames.text('{"next":true}');
    expect(next.buffer).toBe(last.buffer);
    expect(next.byteOffset).toBeGreaterThanOrEqual(last.byteOffset + last.length);
    expect(JSON.parse(payloadOf(held))).toEqual({ held: 'x'.repeat(1000) });
  });

  it('writes 7-bit, 16-bit and 64-bit payload lengths at their edges', () => {
    const frames = new FrameBytes();
    for (const size of [0, 1, 125, 126, 127, 65535, 65536, 200_000]) {
      const text = 'x'.repeat(size);
      const frame = frames.text(text);
      expect(frame[1]).toBe(size < 126 ? size : size < 65536 ? 126 : 127);
      expect(payloadOf(frame)).toBe(text);
    }
    // Multi-byte characters: the length is in bytes, not characters.
    expect(payloadOf(frames.text('"héllo → 世界"'))).toBe('"héllo → 世界"');
    expect(frames.text('é'.repeat(63))[1]).toBe(126);
  });
});
