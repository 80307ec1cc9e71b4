import { z } from 'zod';
import type { Kit } from '../kit.js';

/**
 * The `error` object of the `error` server event (both dialects).
 * `type` is `invalid_request_error` or `server_error` in the spec; other values pass in lenient mode
 * only through the open string (the real API has sent other types).
 */
export function errorObjectSchema(k: Kit) {
  return k.object({
    /** The type of error (e.g. `invalid_request_error`, `server_error`). */
    type: z.string().meta({
      description: 'The type of error (e.g. `invalid_request_error`, `server_error`).',
    }),
    /** Error code, if any (e.g. `invalid_event`, `input_audio_buffer_commit_empty`). */
    code: z.string().nullable().meta({ description: 'Error code, if any.' }).optional(),
    /** A human-readable error message. */
    message: z.string().meta({ description: 'A human-readable error message.' }),
    /** Parameter related to the error, if any. */
    param: z
      .string()
      .nullable()
      .meta({ description: 'Parameter related to the error, if any.' })
      .optional(),
    /** The `event_id` of the client event that caused the error, if applicable. */
    event_id: z
      .string()
      .nullable()
      .meta({ description: 'The `event_id` of the client event that caused the error, if any.' })
      .optional(),
  });
}
