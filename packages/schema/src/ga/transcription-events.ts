import { z } from 'zod';
import {
  logprobSchema,
  transcriptionErrorSchema,
  transcriptionUsageSchema,
} from '../common/transcription.js';
import type { Kit } from '../kit.js';
import { serverEventId } from './event-id.js';

/**
 * `conversation.item.input_audio_transcription.*` events of the GA dialect. Transcription runs
 * asynchronously on a separate ASR model, so these may come before or after response events.
 */
export function transcriptionEventSchemas(k: Kit) {
  const LogProb = logprobSchema(k);
  const TranscriptionUsage = transcriptionUsageSchema(k);
  const TranscriptionError = transcriptionErrorSchema(k);
  const logprobs = z
    .array(LogProb)
    .nullable()
    .meta({
      description:
        'Log probabilities of the transcription, with `include: ["item.input_audio_transcription.logprobs"]`.',
    })
    .optional();
  const itemId = z
    .string()
    .meta({ description: 'The ID of the item containing the audio that is being transcribed.' });
  const contentIndex = z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'The index of the content part containing the audio.' });

  const serverEvents = {
    /** The transcript of committed user audio. */
    'conversation.item.input_audio_transcription.completed': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.input_audio_transcription.completed'),
      item_id: itemId,
      content_index: contentIndex,
      transcript: z.string().meta({ description: 'The transcribed text.' }),
      languages: z
        .array(k.object({ code: z.string().meta({ description: 'A language code.' }) }))
        .meta({
          description:
            'Languages detected in the audio (`gpt-transcribe`); empty when none was reliably detected.',
        })
        .optional(),
      logprobs,
      usage: TranscriptionUsage,
    }),
    /** Incremental transcription text. */
    'conversation.item.input_audio_transcription.delta': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.input_audio_transcription.delta'),
      item_id: itemId,
      content_index: contentIndex.optional(),
      delta: z.string().meta({ description: 'The text delta.' }).optional(),
      logprobs,
      obfuscation: z
        .string()
        .nullable()
        .meta({ description: 'Padding that obfuscates the delta length (sent by the server).' })
        .optional(),
    }),
    /** A diarized segment of the input audio (`gpt-4o-transcribe-diarize`). */
    'conversation.item.input_audio_transcription.segment': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.input_audio_transcription.segment'),
      item_id: itemId,
      content_index: contentIndex,
      text: z.string().meta({ description: 'The text for this segment.' }),
      id: z.string().meta({ description: 'The segment identifier.' }),
      speaker: z.string().meta({ description: 'The detected speaker label for this segment.' }),
      start: z
        .number()
        .nonnegative()
        .meta({ description: 'Start time of the segment in seconds.' }),
      end: z.number().nonnegative().meta({ description: 'End time of the segment in seconds.' }),
    }),
    /** Transcription of a user message failed (separate from `error` to name the item). */
    'conversation.item.input_audio_transcription.failed': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.input_audio_transcription.failed'),
      item_id: z.string().meta({ description: 'The ID of the user message item.' }),
      content_index: contentIndex,
      error: TranscriptionError,
    }),
  };

  return { objects: { LogProb, TranscriptionUsage, TranscriptionError }, serverEvents };
}
