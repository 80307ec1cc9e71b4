// Beta transcription sessions (INV §5.1 `transcription_session.update`, §5.2
// `transcription_session.updated` / `.created`, §5.3 B3/B4): configuration checks are the same
// as the realtime session's; the server object has no required client secret on the WebSocket.
import { describe, expect, it } from 'vitest';
import { parseClientEvent, parseServerEvent } from '../src/index.js';

const transcriptionSession = {
  id: 'sess_BBwZc7cFV3XizEyKGDCGL',
  object: 'realtime.transcription_session',
  input_audio_format: 'pcm16',
  input_audio_transcription: { model: 'gpt-4o-transcribe', prompt: '', language: '' },
  turn_detection: {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 500,
  },
  input_audio_noise_reduction: { type: 'near_field' },
  include: [],
};

function problems(r: {
  success: boolean;
  error?: { issues: readonly { path: readonly unknown[]; code: string }[] };
}) {
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map(({ path, code }) => ({ path, code }));
}

describe('transcription_session.update (client)', () => {
  const update = (session: Record<string, unknown>) =>
    parseClientEvent({ type: 'transcription_session.update', session }, { dialect: 'beta' });

  it('accepts the documented configuration', () => {
    const r = update({
      input_audio_format: 'g711_alaw',
      input_audio_transcription: {
        model: 'gpt-4o-mini-transcribe',
        prompt: 'names',
        language: 'de',
      },
      turn_detection: { type: 'semantic_vad', eagerness: 'low' },
      input_audio_noise_reduction: { type: 'far_field' },
      include: ['item.input_audio_transcription.logprobs'],
      modalities: ['text'],
    });
    expect(r.success).toBe(true);
  });

  it('accepts the client secret expiry under both SDK (`expires_at`) and API (`expires_after`) names', () => {
    expect(
      update({ client_secret: { expires_at: { anchor: 'created_at', seconds: 60 } } }).success,
    ).toBe(true);
    expect(
      update({ client_secret: { expires_after: { anchor: 'created_at', seconds: 60 } } }).success,
    ).toBe(true);
  });

  it.each([
    [
      'an unknown format',
      { input_audio_format: 'wav' },
      ['session', 'input_audio_format'],
      'invalid_value',
    ],
    [
      'an unknown turn detection type',
      { turn_detection: { type: 'none' } },
      ['session', 'turn_detection', 'type'],
      'invalid_union',
    ],
    [
      'a threshold below 0',
      { turn_detection: { threshold: -0.1 } },
      ['session', 'turn_detection', 'threshold'],
      'too_small',
    ],
    ['a non-string include', { include: [1] }, ['session', 'include', 0], 'invalid_type'],
    [
      'a too long expiry',
      { client_secret: { expires_at: { seconds: 7201 } } },
      ['session', 'client_secret', 'expires_at', 'seconds'],
      'too_big',
    ],
    ['a realtime-only field', { voice: 'alloy' }, ['session'], 'unrecognized_keys'],
  ])('rejects %s at the field path', (_label, session, path, code) => {
    expect(problems(update(session))).toContainEqual({ path, code });
  });

  it('requires the session', () => {
    expect(
      problems(parseClientEvent({ type: 'transcription_session.update' }, { dialect: 'beta' })),
    ).toEqual([{ path: ['session'], code: 'invalid_type' }]);
  });
});

describe('transcription_session.created / .updated (server)', () => {
  it.each(['transcription_session.created', 'transcription_session.updated'])(
    '%s accepts the session without a client secret (not sent on the WebSocket)',
    (type) => {
      const r = parseServerEvent(
        { type, event_id: 'event_5566', session: transcriptionSession },
        { dialect: 'beta', strict: true },
      );
      expect(r.success).toBe(true);
    },
  );

  it('accepts the REST shape: expires_at, null client secret, null language, open include values', () => {
    const r = parseServerEvent(
      {
        type: 'transcription_session.updated',
        event_id: 'event_1',
        session: {
          ...transcriptionSession,
          expires_at: 1742188264,
          client_secret: null,
          modalities: ['audio', 'text'],
          input_audio_transcription: { model: 'gpt-4o-transcribe', language: null, prompt: '' },
          include: ['item.input_audio_transcription.avg_logprob'],
        },
      },
      { dialect: 'beta', strict: true },
    );
    expect(r.success).toBe(true);
  });

  it('keeps unknown fields when lenient', () => {
    const r = parseServerEvent(
      {
        type: 'transcription_session.created',
        event_id: 'event_1',
        session: { ...transcriptionSession, delay: 'low' },
      },
      { dialect: 'beta' },
    );
    expect(r.data).toMatchObject({ session: { delay: 'low' } });
  });

  it('checks the known fields', () => {
    const r = parseServerEvent(
      {
        type: 'transcription_session.created',
        event_id: 'event_1',
        session: { ...transcriptionSession, object: 'realtime.session' },
      },
      { dialect: 'beta' },
    );
    expect(problems(r)).toEqual([{ path: ['session', 'object'], code: 'invalid_value' }]);
    expect(
      problems(
        parseServerEvent(
          { type: 'transcription_session.created', event_id: 'e' },
          { dialect: 'beta' },
        ),
      ),
    ).toEqual([{ path: ['session'], code: 'invalid_type' }]);
  });
});
