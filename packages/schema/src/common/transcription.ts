import { z } from 'zod';
import type { Kit } from '../kit.js';

/** One entry of `logprobs` in input audio transcription events (both dialects). */
export function logprobSchema(k: Kit) {
  return k
    .object({
      token: z
        .string()
        .meta({ description: 'The token that was used to generate the log probability.' }),
      logprob: z.number().meta({ description: 'The log probability of the token.' }),
      bytes: z
        .array(z.number().int().min(0).max(255))
        .meta({ description: 'The bytes that were used to generate the log probability.' }),
    })
    .meta({ description: 'A log probability of one transcription token.' });
}

/** `usage` of `conversation.item.input_audio_transcription.completed` billed by tokens. */
function transcriptionTokenUsageSchema(k: Kit) {
  const count = (description: string) => z.number().int().nonnegative().meta({ description });
  return k
    .object({
      type: z.literal('tokens').meta({ description: 'Always `tokens` for this variant.' }),
      input_tokens: count('Number of input tokens billed for this request.'),
      output_tokens: count('Number of output tokens generated.'),
      total_tokens: count('Total number of tokens used (input + output).'),
      input_token_details: k
        .object({
          text_tokens: count('Number of text tokens billed for this request.').optional(),
          audio_tokens: count('Number of audio tokens billed for this request.').optional(),
        })
        .meta({ description: 'Details about the input tokens billed for this request.' })
        .optional(),
    })
    .meta({ description: 'Usage statistics for models billed by token usage.' });
}

/** `usage` of `conversation.item.input_audio_transcription.completed` billed by duration. */
function transcriptionDurationUsageSchema(k: Kit) {
  return k
    .object({
      type: z.literal('duration').meta({ description: 'Always `duration` for this variant.' }),
      seconds: z
        .number()
        .nonnegative()
        .meta({ description: 'Duration of the input audio in seconds.' }),
    })
    .meta({ description: 'Usage statistics for models billed by audio input duration.' });
}

/** `usage` of a completed input audio transcription: by tokens or by duration (tag `type`). */
export function transcriptionUsageSchema(
  k: Kit,
  tokens = transcriptionTokenUsageSchema(k),
  duration = transcriptionDurationUsageSchema(k),
) {
  return z
    .discriminatedUnion('type', [tokens, duration])
    .meta({ description: 'Usage statistics for the transcription, billed by tokens or duration.' });
}

/** `error` of `conversation.item.input_audio_transcription.failed` (both dialects; all optional). */
export function transcriptionErrorSchema(k: Kit) {
  return k
    .object({
      type: z.string().meta({ description: 'The type of error.' }).optional(),
      code: z.string().meta({ description: 'Error code, if any.' }).optional(),
      message: z.string().meta({ description: 'A human-readable error message.' }).optional(),
      param: z
        .string()
        .nullable()
        .meta({ description: 'Parameter related to the error, if any.' })
        .optional(),
    })
    .meta({ description: 'Details of the transcription error.' });
}
