import { z } from 'zod';
import type { Kit } from '../kit.js';
import type { audioSchemas } from './audio.js';
import type { paramSchemas } from './params.js';

/**
 * Transcription sessions of the GA dialect (`session.type: "transcription"`, connect with
 * `?intent=transcription`): the config sent in `session.update` and the session object of
 * `session.created` / `session.updated`. GA replaced beta's `transcription_session.*` events.
 */
export function transcriptionSessionSchemas(
  k: Kit,
  audio: ReturnType<typeof audioSchemas>['objects'],
  params: ReturnType<typeof paramSchemas>['objects'],
) {
  const type = z.literal('transcription').meta({
    description: 'The type of session. Always `transcription` for transcription sessions.',
  });
  const audioConfig = k
    .object({ input: audio.AudioInput.optional() })
    .meta({ description: 'Configuration for input audio.' })
    .optional();

  const TranscriptionSessionConfig = k
    .object({ type, audio: audioConfig, include: params.Include.optional() })
    .meta({ description: 'A transcription session configuration (`session.update`).' });

  const TranscriptionSession = k
    .object({
      type,
      id: z
        .string()
        .meta({ description: 'Unique identifier for the session, like `sess_1234567890abcdef`.' }),
      object: z
        .string()
        .meta({ description: 'The object type. Always `realtime.transcription_session`.' }),
      expires_at: z
        .number()
        .int()
        .nonnegative()
        .meta({ description: 'Expiration timestamp for the session, in seconds since epoch.' })
        .optional(),
      audio: audioConfig,
      // The spec types an array; GA servers send `null`.
      include: params.Include.nullable().optional(),
    })
    .meta({ description: 'A transcription session (`session.created` / `session.updated`).' });

  return { objects: { TranscriptionSessionConfig, TranscriptionSession } };
}
