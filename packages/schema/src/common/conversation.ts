import { z } from 'zod';
import type { Kit } from '../kit.js';

/** `conversation` of the `conversation.created` server event (both dialects). */
export function conversationSchema(k: Kit) {
  return k
    .object({
      id: z.string().meta({ description: 'The unique ID of the conversation.' }).optional(),
      object: z
        .literal('realtime.conversation')
        .meta({ description: 'The object type, always `realtime.conversation`.' })
        .optional(),
    })
    .meta({ description: 'The conversation resource.' });
}
