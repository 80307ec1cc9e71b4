// Rules: vad.defaults, vad.speech-started, vad.speech-stopped.includes-silence, vad.item-id-stable,
// vad.create-response, vad.interrupt-response, vad.manual-mode, audio.offsets-session-relative.
// Server VAD runs over the real appended samples of the committed speech files (fixtures/audio/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drive, type Event, types } from './host-support.js';

const audio = (name: string) =>
  readFileSync(new URL(`../../../fixtures/audio/${name}`, import.meta.url));

/** Appends a file in 100 ms chunks (4800 bytes of pcm16), returning every event it caused. */
function stream(d: ReturnType<typeof drive>, bytes: Buffer, chunk = 4800): Event[] {
  const out: Event[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    out.push(
      ...d.send({
        type: 'input_audio_buffer.append',
        audio: bytes.subarray(i, i + chunk).toString('base64'),
      }),
    );
  }
  return out;
}

describe('server VAD', () => {
  it('detects the spoken question with the default server_vad: exact offsets, one item id, auto response', () => {
    const d = drive('ga');
    const events = stream(d, audio('weather-paris.pcm'));
    const kinds = types(events);
    expect(kinds.slice(0, 6)).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
    ]);
    expect(kinds.at(-1)).toBe('response.done');
    // Onset 500 ms − 300 ms padding; last voiced frame ends at 2700 ms + 200 ms silence.
    expect(events[0]).toMatchObject({ audio_start_ms: 200 });
    expect(events[1]).toMatchObject({ audio_end_ms: 2900 });
    const itemId = events[0]?.item_id;
    expect(events[1]?.item_id).toBe(itemId);
    expect(events[2]).toMatchObject({ item_id: itemId });
    expect(events[3]).toMatchObject({ item: { id: itemId, role: 'user' } });
    expect(d.invalid()).toEqual([]);
  });

  it('follows silence_duration_ms and G.711 input, in the beta dialect too', () => {
    const d = drive('beta');
    d.send({
      type: 'session.update',
      session: {
        input_audio_format: 'g711_ulaw',
        turn_detection: { type: 'server_vad', silence_duration_ms: 500 },
      },
    });
    const events = stream(d, audio('weather-paris.ulaw'), 800);
    expect(events.find((e) => e.type === 'input_audio_buffer.speech_started')).toMatchObject({
      audio_start_ms: 200,
    });
    expect(events.find((e) => e.type === 'input_audio_buffer.speech_stopped')).toMatchObject({
      audio_end_ms: 3200,
    });
    expect(types(events)).toContain('conversation.item.created');
    expect(d.invalid()).toEqual([]);
  });

  it('only reports VAD events when create_response and interrupt_response are false', () => {
    const d = drive('ga');
    d.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: {
          input: {
            turn_detection: {
              type: 'server_vad',
              create_response: false,
              interrupt_response: false,
            },
          },
        },
      },
    });
    const kinds = types(stream(d, audio('weather-paris.pcm')));
    expect(kinds).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
    ]);
  });

  it('stays silent on noise below the threshold and in manual mode', () => {
    const d = drive('ga');
    expect(stream(d, audio('noise-low.pcm'))).toEqual([]);
    d.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    expect(stream(d, audio('weather-paris.pcm'))).toEqual([]);
  });

  it('counts offsets from the first byte of the session, across turns', () => {
    const d = drive('ga');
    stream(d, audio('noise-low.pcm')); // 2 s of noise first
    const events = stream(d, audio('barge-in.pcm'));
    // Onset at 2000 + 200 ms into the session, minus 300 ms of padding.
    expect(events[0]).toMatchObject({
      type: 'input_audio_buffer.speech_started',
      audio_start_ms: 1900,
    });
  });

  it('cancels the response in progress when the user barges in (turn_detected)', () => {
    const d = drive('ga');
    d.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'tell me a long story' }],
      },
    });
    const engine = d.host.engine;
    engine.receive({ type: 'response.create' }, engine.now); // still streaming: nothing ticked
    const bytes = audio('barge-in.pcm');
    const events: Event[] = [];
    for (let i = 0; i < bytes.length; i += 4800) {
      events.push(
        ...(engine.receive({
          type: 'input_audio_buffer.append',
          audio: bytes.subarray(i, i + 4800).toString('base64'),
        }) as unknown as Event[]),
      );
    }
    // The automatic response starts on the next tick of the same instant (after the commit left).
    events.push(...(engine.tick(engine.now) as unknown as Event[]));
    const kinds = types(events);
    expect(kinds[0]).toBe('input_audio_buffer.speech_started');
    const done = events.find((e) => e.type === 'response.done') as unknown as {
      response: { status: string; status_details: unknown };
    };
    expect(kinds.indexOf('response.done')).toBeLessThan(
      kinds.indexOf('input_audio_buffer.speech_stopped'),
    );
    expect(done.response).toMatchObject({
      status: 'cancelled',
      status_details: { type: 'cancelled', reason: 'turn_detected' },
    });
    // The barge-in turn then gets its own answer.
    expect(kinds.slice(kinds.indexOf('input_audio_buffer.speech_stopped'))).toContain(
      'response.created',
    );
  });
});
