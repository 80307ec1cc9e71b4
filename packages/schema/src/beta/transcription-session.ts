import { z } from 'zod';
import type { Kit } from '../kit.js';
import { clientEvent, doc, serverEvent } from './fields.js';
import type { sessionPartSchemas } from './session.js';

type Parts = ReturnType<typeof sessionPartSchemas>;

/**
 * Transcription sessions of the beta dialect (`?intent=transcription`):
 * `transcription_session.update` → `transcription_session.updated`, and the first event
 * `transcription_session.created` (documented only in the 2026 spec, outside the SDK unions).
 */
export function transcriptionSessionSchemas(k: Kit, p: Parts) {
  const include = doc(
    z.array(z.string()),
    'Items to include in the transcription; known: `item.input_audio_transcription.logprobs`.',
  );

  /**
   * `client_secret` of a transcription session request. The SDK names the expiry `expires_at`
   * while the sessions API and the 2025-06 changelog name it `expires_after` (same shape): both
   * are accepted.
   */
  const TranscriptionClientSecretConfig = k
    .object({
      expires_after: p.ExpiresAfter.optional(),
      expires_at: p.ExpiresAfter.partial().optional(),
    })
    .meta({ description: 'Configuration options for the generated client secret.' });

  /** `transcription_session.update.session` (body of `POST /v1/realtime/transcription_sessions`). */
  const TranscriptionSessionConfig = k
    .object({
      modalities: p.Modalities.optional(),
      input_audio_format: p.AudioFormat.optional(),
      input_audio_transcription: p.InputAudioTranscription.nullable().optional(),
      turn_detection: p.TurnDetection.nullable().optional(),
      input_audio_noise_reduction: p.NoiseReduction.nullable().optional(),
      include: include.optional(),
      client_secret: TranscriptionClientSecretConfig.optional(),
    })
    .meta({ description: 'Realtime transcription session configuration.' });

  /**
   * The transcription session object. The spec requires `client_secret`, but it "is not present
   * when a session is updated via the WebSocket API" (and REST examples send `null`): optional.
   */
  const TranscriptionSession = k
    .object({
      id: doc(z.string(), 'Unique identifier of the session.').optional(),
      object: doc(
        z.literal('realtime.transcription_session'),
        'Always `realtime.transcription_session`.',
      ).optional(),
      expires_at: doc(z.number().int(), 'When the session expires (Unix seconds).').optional(),
      client_secret: p.ClientSecret.nullable().optional(),
      modalities: p.Modalities.optional(),
      input_audio_format: doc(
        z.string(),
        'The format of input audio: `pcm16`, `g711_ulaw` or `g711_alaw`.',
      ).optional(),
      input_audio_transcription: p.InputAudioTranscription.nullable().optional(),
      turn_detection: p.TurnDetection.nullable().optional(),
      input_audio_noise_reduction: p.NoiseReduction.nullable().optional(),
      include: include.nullable().optional(),
    })
    .meta({ description: 'Realtime transcription session object.' });

  const clientEvents = {
    'transcription_session.update': clientEvent(
      k,
      'transcription_session.update',
      'Updates a transcription session.',
      { session: TranscriptionSessionConfig },
    ),
  };
  const serverEvents = {
    'transcription_session.created': serverEvent(
      k,
      'transcription_session.created',
      'The first server event of a transcription connection (documented only in the 2026 spec).',
      { session: TranscriptionSession },
    ),
    'transcription_session.updated': serverEvent(
      k,
      'transcription_session.updated',
      'Returned when a transcription session is updated with `transcription_session.update`.',
      { session: TranscriptionSession },
    ),
  };
  const objects = {
    TranscriptionSessionConfig,
    TranscriptionSession,
    TranscriptionClientSecretConfig,
  };
  return { objects, clientEvents, serverEvents };
}
