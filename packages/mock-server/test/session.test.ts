// Rules: session.created-first, session.update.merge, session.updated-full, session.update.atomic,
// session.voice.locked-after-audio, session.type-fixed, session.model-immutable, session.no-foreign-fields.
import { describe, expect, it } from 'vitest';
import { drive, types } from './host-support.js';

describe('session', () => {
  it('sends session.created first, with the GA defaults', () => {
    const d = drive('ga');
    expect(types(d.events)).toEqual(['session.created']);
    const session = d.events[0]?.session as Record<string, unknown>;
    expect(session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          turn_detection: { type: 'server_vad', silence_duration_ms: 200 },
        },
        output: { voice: 'marin' },
      },
    });
    expect(d.invalid()).toEqual([]);
  });

  it('sends session.created then conversation.created in beta, flat shape', () => {
    const d = drive('beta');
    expect(types(d.events)).toEqual(['session.created', 'conversation.created']);
    expect(d.events[0]?.session).toMatchObject({
      modalities: ['text', 'audio'],
      voice: 'alloy',
      input_audio_format: 'pcm16',
      temperature: 0.8,
    });
    expect(d.invalid()).toEqual([]);
  });

  it('merges updates: only present fields change, the full config comes back', () => {
    const d = drive('ga');
    d.send({ type: 'session.update', session: { type: 'realtime', instructions: 'A' } });
    const [updated] = d.send({ type: 'session.update', session: { type: 'realtime', tools: [] } });
    expect(updated?.type).toBe('session.updated');
    expect(updated?.session).toMatchObject({
      instructions: 'A',
      tools: [],
      audio: { output: { voice: 'marin' } },
    });
    expect(updated).not.toHaveProperty('session.event_id');
    expect(d.invalid()).toEqual([]);
  });

  it('turns turn detection off with null and merges a partial server_vad onto the current one', () => {
    const d = drive('ga');
    const [off] = d.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    expect(off?.session).toMatchObject({ audio: { input: { turn_detection: null } } });
    const [on] = d.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.7 } } },
      },
    });
    expect(on?.session).toMatchObject({
      audio: {
        input: { turn_detection: { type: 'server_vad', threshold: 0.7, prefix_padding_ms: 300 } },
      },
    });
  });

  it('maps the beta flat update onto the session and answers in the flat shape', () => {
    const d = drive('beta');
    const [updated] = d.send({
      type: 'session.update',
      session: {
        modalities: ['text'],
        voice: 'ash',
        input_audio_format: 'g711_ulaw',
        temperature: 0.9,
        turn_detection: null,
      },
    });
    expect(updated?.type).toBe('session.updated');
    expect(updated?.session).toMatchObject({
      modalities: ['text'],
      voice: 'ash',
      input_audio_format: 'g711_ulaw',
      output_audio_format: 'pcm16',
      temperature: 0.9,
      turn_detection: null,
    });
    expect(d.invalid()).toEqual([]);
  });

  it('refuses a transcription update on a realtime session and changes nothing', () => {
    const d = drive('ga');
    const [error] = d.send({
      type: 'session.update',
      event_id: 'evt_1',
      session: { type: 'transcription' },
    });
    expect(error?.error).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_parameter',
      message: 'Passing a transcription session update event to a realtime session is not allowed.',
      param: 'session.type',
      event_id: 'evt_1',
    });
  });

  it('refuses a voice change after audio, atomically (instructions unchanged too)', () => {
    const d = drive('ga');
    d.send({ type: 'response.create' });
    const [error] = d.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'new', audio: { output: { voice: 'cedar' } } },
    });
    expect(error?.error).toMatchObject({
      code: 'cannot_update_voice',
      message: "Cannot update a conversation's voice if assistant audio is present.",
    });
    const [same] = d.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'marin' } } },
    });
    expect(same?.type).toBe('session.updated');
    expect(same?.session).not.toMatchObject({ instructions: 'new' });
  });

  it('refuses a GA session.update without session.type', () => {
    const d = drive('ga');
    const [error] = d.send({ type: 'session.update', session: { instructions: 'x' } });
    expect(error?.error).toMatchObject({
      code: 'missing_required_parameter',
      message: "Missing required parameter: 'session.type'.",
      param: 'session.type',
    });
  });

  it('refuses beta fields on a GA connection (unknown_parameter) and keeps the session', () => {
    const d = drive('ga');
    const [error] = d.send({
      type: 'session.update',
      session: { type: 'realtime', modalities: ['text'] },
    });
    expect(error?.error).toMatchObject({
      code: 'unknown_parameter',
      message: "Unknown parameter: 'session.modalities'.",
      param: 'session.modalities',
    });
    const [ok] = d.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'still here' },
    });
    expect(ok?.type).toBe('session.updated');
  });

  it('refuses out-of-range beta temperature with the real wording', () => {
    const d = drive('beta');
    const [error] = d.send({ type: 'session.update', session: { temperature: 1.5 } });
    expect(error?.error).toMatchObject({
      code: 'decimal_above_max_value',
      message:
        "Invalid 'session.temperature': decimal above maximum value. Expected a value <= 1.2, but got 1.5 instead.",
      param: 'session.temperature',
    });
  });
});
