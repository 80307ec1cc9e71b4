import { errorObjectSchema } from '../common/error.js';
import type { Kit } from '../kit.js';
import { audioBufferSchemas } from './audio-buffer.js';
import { conversationSchemas } from './conversation-events.js';
import { maxOutputTokens, serverEvent, temperature } from './fields.js';
import { itemSchemas } from './items.js';
import { responseSchemas } from './response.js';
import { responseEventSchemas } from './response-events.js';
import { sessionPartSchemas, sessionSchemas } from './session.js';
import { toolSchemas } from './tools.js';
import { transcriptionSessionSchemas } from './transcription-session.js';

/**
 * Builds every beta schema for one kit variant: the named shared objects, the 12 client events
 * and the 34 + 1 server events (`transcription_session.created` is documented outside the SDK
 * unions), each keyed by its wire `type`.
 */
export function build(k: Kit) {
  const ErrorObject = errorObjectSchema(k).meta({ description: 'Details of the error.' });
  const parts = sessionPartSchemas(k);
  const tools = toolSchemas(k);
  const items = itemSchemas(k);
  const session = sessionSchemas(k, parts, tools);
  const transcription = transcriptionSessionSchemas(k, parts);
  const responses = responseSchemas(k, items, parts, tools);
  const conversation = conversationSchemas(k, items);
  const audioBuffer = audioBufferSchemas(k);
  const responseEvents = responseEventSchemas(k, items, responses);

  const error = serverEvent(
    k,
    'error',
    'An error occurred, caused by the client or the server. Most errors are recoverable and the session stays open.',
    { error: ErrorObject },
  );

  return {
    objects: {
      ...parts,
      ...tools,
      ...session.objects,
      ...transcription.objects,
      ...items,
      ...responses,
      ...conversation.objects,
      ...responseEvents.objects,
      Temperature: temperature(),
      MaxOutputTokens: maxOutputTokens(),
      ErrorObject,
    },
    clientEvents: {
      ...session.clientEvents,
      'input_audio_buffer.append': audioBuffer.clientEvents['input_audio_buffer.append'],
      'input_audio_buffer.commit': audioBuffer.clientEvents['input_audio_buffer.commit'],
      'input_audio_buffer.clear': audioBuffer.clientEvents['input_audio_buffer.clear'],
      ...conversation.clientEvents,
      ...responseEvents.clientEvents,
      ...transcription.clientEvents,
      'output_audio_buffer.clear': audioBuffer.clientEvents['output_audio_buffer.clear'],
    },
    serverEvents: {
      error,
      ...session.serverEvents,
      'transcription_session.updated': transcription.serverEvents['transcription_session.updated'],
      ...conversation.serverEvents,
      ...audioBuffer.serverEvents,
      ...responseEvents.serverEvents,
      'transcription_session.created': transcription.serverEvents['transcription_session.created'],
    },
  };
}

export type BetaParts = ReturnType<typeof build>;
