import { z } from 'zod';
import { errorObjectSchema } from '../common/error.js';
import type { Kit } from '../kit.js';
import { audioBufferSchemas } from './audio-buffer.js';

/** Builds every GA schema for one kit variant. */
export function build(k: Kit) {
  const ErrorObject = errorObjectSchema(k);
  const audioBuffer = audioBufferSchemas(k);
  return {
    objects: { ErrorObject },
    clientEvents: { ...audioBuffer.clientEvents },
    serverEvents: {
      error: k.object({ event_id: z.string(), type: z.literal('error'), error: ErrorObject }),
      ...audioBuffer.serverEvents,
    },
  };
}

export type GaParts = ReturnType<typeof build>;
