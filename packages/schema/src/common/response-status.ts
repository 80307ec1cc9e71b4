import { z } from 'zod';
import type { Kit } from '../kit.js';

/** `status` of the Response object (both dialects). */
export function responseStatusSchema() {
  return z.enum(['in_progress', 'completed', 'cancelled', 'failed', 'incomplete']).meta({
    description:
      'The status of the response: `in_progress`, then `completed`, `cancelled`, `failed` or `incomplete`.',
  });
}

/**
 * `status_details` of the Response object (both dialects), one variant per final status (tag
 * `type`): `cancelled` has `reason` `turn_detected` | `client_cancelled`; `incomplete` has `reason`
 * `max_output_tokens` | `content_filter`; `failed` has `error`.
 */
export function responseStatusDetailsSchema(k: Kit) {
  const completed = k
    .object({ type: z.literal('completed') })
    .meta({ description: 'The response completed.' });
  const cancelled = k
    .object({
      type: z.literal('cancelled'),
      reason: z
        .enum(['turn_detected', 'client_cancelled'])
        .meta({
          description:
            '`turn_detected` (server VAD detected a new start of speech) or `client_cancelled` (the client sent `response.cancel`).',
        })
        .optional(),
    })
    .meta({ description: 'The response was cancelled.' });
  const incomplete = k
    .object({
      type: z.literal('incomplete'),
      reason: z
        .enum(['max_output_tokens', 'content_filter'])
        .meta({
          description:
            '`max_output_tokens` or `content_filter` (the server-side safety filter cut the response off).',
        })
        .optional(),
    })
    .meta({ description: 'The response stopped early.' });
  const failed = k
    .object({
      type: z.literal('failed'),
      error: k
        .object({
          type: z.string().meta({ description: 'The type of error.' }).optional(),
          code: z.string().meta({ description: 'Error code, if any.' }).optional(),
          message: z.string().meta({ description: 'A human-readable error message.' }).optional(),
        })
        .meta({ description: 'The error that caused the response to fail.' })
        .optional(),
    })
    .meta({ description: 'The response failed.' });
  return z
    .discriminatedUnion('type', [completed, cancelled, incomplete, failed])
    .meta({ description: 'Additional details about the status, tagged by `type`.' });
}
