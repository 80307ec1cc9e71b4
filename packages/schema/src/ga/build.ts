import { z } from 'zod';
import { errorObjectSchema } from '../common/error.js';
import type { Kit } from '../kit.js';
import { audioSchemas } from './audio.js';
import { audioBufferSchemas } from './audio-buffer.js';
import { clientSecretSchemas } from './client-secret.js';
import { contentSchemas } from './content.js';
import { conversationEventSchemas } from './conversation-events.js';
import { serverEventId } from './event-id.js';
import { itemSchemas } from './items.js';
import { mcpEventSchemas } from './mcp-events.js';
import { paramSchemas } from './params.js';
import { responseSchemas } from './response.js';
import { responseEventSchemas } from './response-events.js';
import { sessionSchemas } from './session.js';
import { toolSchemas } from './tools.js';
import { transcriptionEventSchemas } from './transcription-events.js';
import { transcriptionSessionSchemas } from './transcription-session.js';

/**
 * Builds every GA schema for one kit variant: the 11 client and 46 server events of the GA unions
 * (spec and SDK), keyed by wire `type`, and every shared object by name.
 */
export function build(k: Kit) {
  const ErrorObject = errorObjectSchema(k);
  const audio = audioSchemas(k);
  const params = paramSchemas(k);
  const tools = toolSchemas(k);
  const content = contentSchemas(k);
  const items = itemSchemas(k, content.objects);
  const transcriptionSession = transcriptionSessionSchemas(k, audio.objects, params.objects);
  const session = sessionSchemas(
    k,
    audio.objects,
    params.objects,
    tools.objects,
    transcriptionSession.objects,
  );
  const response = responseSchemas(k, audio.objects, params.objects, tools.objects, items.objects);
  const clientSecret = clientSecretSchemas(
    k,
    session.objects.SessionConfig,
    session.objects.Session,
  );
  const audioBuffer = audioBufferSchemas(k);
  const conversation = conversationEventSchemas(k, items.objects);
  const transcription = transcriptionEventSchemas(k);
  const responseEvents = responseEventSchemas(k, items.objects, content.objects);
  const mcp = mcpEventSchemas(k);

  return {
    objects: {
      ErrorObject,
      ...audio.objects,
      ...params.objects,
      ...tools.objects,
      ...content.objects,
      ...items.objects,
      ...transcriptionSession.objects,
      ...session.objects,
      ...response.objects,
      ...clientSecret.objects,
      ...transcription.objects,
      ...responseEvents.objects,
    },
    clientEvents: {
      ...session.clientEvents,
      ...audioBuffer.clientEvents,
      ...conversation.clientEvents,
      ...response.clientEvents,
    },
    serverEvents: {
      /** An error (most are recoverable: the session stays open). */
      error: k.object({
        event_id: serverEventId(),
        type: z.literal('error'),
        error: ErrorObject,
      }),
      ...session.serverEvents,
      ...conversation.serverEvents,
      ...transcription.serverEvents,
      ...audioBuffer.serverEvents,
      ...response.serverEvents,
      ...responseEvents.serverEvents,
      ...mcp.serverEvents,
    },
  };
}

export type GaParts = ReturnType<typeof build>;
