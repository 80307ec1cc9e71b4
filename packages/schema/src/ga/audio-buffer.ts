import { z } from 'zod';
import type { Kit } from '../kit.js';

/** `input_audio_buffer.*` events of the GA dialect (seed; extended per the inventory). */
export function audioBufferSchemas(k: Kit) {
  const clientEvents = {
    'input_audio_buffer.append': k.object({
      event_id: z.string().optional(),
      type: z.literal('input_audio_buffer.append'),
      /** Base64-encoded audio bytes in the session's `input_audio_format`. Up to 15 MiB per event. */
      audio: k.audio,
    }),
  };
  const serverEvents = {
    'response.output_audio.delta': k.object({
      event_id: z.string(),
      type: z.literal('response.output_audio.delta'),
      response_id: z.string(),
      item_id: z.string(),
      output_index: z.number().int().nonnegative(),
      content_index: z.number().int().nonnegative(),
      delta: k.audio,
    }),
  };
  return { clientEvents, serverEvents };
}
