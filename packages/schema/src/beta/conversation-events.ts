import { z } from 'zod';
import { conversationSchema } from '../common/conversation.js';
import {
  logprobSchema,
  transcriptionErrorSchema,
  transcriptionUsageSchema,
} from '../common/transcription.js';
import type { Kit } from '../kit.js';
import { clientEvent, doc, index, ms, serverEvent } from './fields.js';
import type { itemSchemas } from './items.js';

type Items = ReturnType<typeof itemSchemas>;

/**
 * `conversation.*` events of the beta dialect: item create / retrieve / truncate / delete, their
 * results, and the input audio transcription events.
 */
export function conversationSchemas(k: Kit, items: Items) {
  const Conversation = conversationSchema(k);
  const Logprob = logprobSchema(k);
  const TranscriptionUsage = transcriptionUsageSchema(k);
  const TranscriptionError = transcriptionErrorSchema(k);

  const logprobs = doc(
    z.array(Logprob).nullable(),
    'The log probabilities of the transcription (with `include: ["item.input_audio_transcription.logprobs"]`).',
  ).optional();
  const previousItemId = (description: string) =>
    doc(z.string().nullable(), description).optional();

  const clientEvents = {
    'conversation.item.create': clientEvent(
      k,
      'conversation.item.create',
      'Adds an item to the conversation: a message, a function call or a function call output. Cannot populate assistant audio messages.',
      {
        previous_item_id: previousItemId(
          'The item after which to insert the new item: unset (or null) appends, `root` inserts at the beginning, an unknown ID is an error.',
        ),
        item: items.Item,
      },
    ),
    'conversation.item.retrieve': clientEvent(
      k,
      'conversation.item.retrieve',
      "Asks for the server's representation of an item, e.g. user audio after noise reduction and VAD.",
      { item_id: doc(z.string(), 'The ID of the item to retrieve.') },
    ),
    'conversation.item.truncate': clientEvent(
      k,
      'conversation.item.truncate',
      "Truncates a previous assistant message's audio to what the user heard; deletes the server-side transcript.",
      {
        item_id: doc(z.string(), 'The ID of the assistant message item to truncate.'),
        content_index: index('The index of the content part to truncate. Set this to 0.'),
        audio_end_ms: ms(
          'Inclusive duration up to which audio is truncated, in milliseconds; past the audio length is an error.',
        ),
      },
    ),
    'conversation.item.delete': clientEvent(
      k,
      'conversation.item.delete',
      'Removes an item from the conversation history.',
      { item_id: doc(z.string(), 'The ID of the item to delete.') },
    ),
  };

  const serverEvents = {
    'conversation.created': serverEvent(
      k,
      'conversation.created',
      'Returned when a conversation is created, right after session creation.',
      { conversation: Conversation },
    ),
    'conversation.item.created': serverEvent(
      k,
      'conversation.item.created',
      'Returned when an item is added to the conversation: by a response, a committed audio buffer, or `conversation.item.create`.',
      {
        previous_item_id: previousItemId(
          'The ID of the preceding item in the conversation (null for the first item).',
        ),
        item: items.Item,
      },
    ),
    'conversation.item.retrieved': serverEvent(
      k,
      'conversation.item.retrieved',
      'Returned for `conversation.item.retrieve`, with the item including its audio.',
      { item: items.Item },
    ),
    'conversation.item.input_audio_transcription.completed': serverEvent(
      k,
      'conversation.item.input_audio_transcription.completed',
      'The transcription of user audio, from a separate ASR model; may arrive before or after the response events.',
      {
        item_id: doc(z.string(), 'The ID of the user message item containing the audio.'),
        content_index: index('The index of the content part containing the audio.'),
        transcript: doc(z.string(), 'The transcribed text.'),
        logprobs,
        usage: TranscriptionUsage.optional(),
      },
    ),
    'conversation.item.input_audio_transcription.delta': serverEvent(
      k,
      'conversation.item.input_audio_transcription.delta',
      'Incremental text of an input audio transcription.',
      {
        item_id: doc(z.string(), 'The ID of the item.'),
        content_index: index(
          "The index of the content part in the item's content array.",
        ).optional(),
        delta: doc(z.string(), 'The text delta.').optional(),
        logprobs,
      },
    ),
    'conversation.item.input_audio_transcription.failed': serverEvent(
      k,
      'conversation.item.input_audio_transcription.failed',
      'Input audio transcription of a user message failed (separate from `error` events).',
      {
        item_id: doc(z.string(), 'The ID of the user message item.'),
        content_index: index('The index of the content part containing the audio.'),
        error: TranscriptionError,
      },
    ),
    'conversation.item.truncated': serverEvent(
      k,
      'conversation.item.truncated',
      'Returned when an assistant audio message item is truncated with `conversation.item.truncate`.',
      {
        item_id: doc(z.string(), 'The ID of the assistant message item that was truncated.'),
        content_index: index('The index of the content part that was truncated.'),
        audio_end_ms: ms('The duration up to which the audio was truncated, in milliseconds.'),
      },
    ),
    'conversation.item.deleted': serverEvent(
      k,
      'conversation.item.deleted',
      'Returned when an item is deleted with `conversation.item.delete`.',
      { item_id: doc(z.string(), 'The ID of the item that was deleted.') },
    ),
  };
  const objects = { Conversation, Logprob, TranscriptionUsage, TranscriptionError };
  return { objects, clientEvents, serverEvents };
}
