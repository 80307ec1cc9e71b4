import { z } from 'zod';
import { conversationSchema } from '../common/conversation.js';
import type { Kit } from '../kit.js';
import { clientEventId, serverEventId } from './event-id.js';
import type { itemSchemas } from './items.js';

/** `conversation.*` events of the GA dialect (input audio transcription events are separate). */
export function conversationEventSchemas(k: Kit, items: ReturnType<typeof itemSchemas>['objects']) {
  const itemId = (description: string) => z.string().meta({ description });
  const index = (description: string) => z.number().int().nonnegative().meta({ description });
  const previousItemId = z
    .string()
    .nullable()
    .meta({ description: 'The ID of the preceding item; `null` when the item has no predecessor.' })
    .optional();

  const clientEvents = {
    /**
     * Adds an item (message, function call, function call output, …) to the conversation; cannot
     * populate assistant audio. Answered by `conversation.item.added` / `.done`, or `error`.
     */
    'conversation.item.create': k.object({
      event_id: clientEventId(),
      type: z.literal('conversation.item.create'),
      previous_item_id: z
        .string()
        .meta({
          description:
            'Insert after this item: unset appends, `root` inserts at the beginning, an unknown ID is an error.',
        })
        .optional(),
      item: items.Item,
    }),
    /** Asks for the server's representation of an item, audio included; answered by `conversation.item.retrieved`. */
    'conversation.item.retrieve': k.object({
      event_id: clientEventId(),
      type: z.literal('conversation.item.retrieve'),
      item_id: itemId('The ID of the item to retrieve.'),
    }),
    /**
     * Truncates an assistant message's audio at the playback position (and deletes the server-side
     * transcript); answered by `conversation.item.truncated`.
     */
    'conversation.item.truncate': k.object({
      event_id: clientEventId(),
      type: z.literal('conversation.item.truncate'),
      item_id: itemId('The ID of the assistant message item to truncate.'),
      content_index: index('The index of the content part to truncate. Set this to `0`.'),
      audio_end_ms: index(
        'Inclusive duration up to which audio is truncated, in ms; past the audio duration is an error.',
      ),
    }),
    /** Removes an item from the conversation; answered by `conversation.item.deleted`. */
    'conversation.item.delete': k.object({
      event_id: clientEventId(),
      type: z.literal('conversation.item.delete'),
      item_id: itemId('The ID of the item to delete.'),
    }),
  };

  const itemEvent = <T extends string>(type: T) =>
    k.object({
      event_id: serverEventId(),
      type: z.literal(type),
      previous_item_id: previousItemId,
      item: items.Item,
    });

  const serverEvents = {
    /** Emitted right after session creation with the default conversation. */
    'conversation.created': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.created'),
      conversation: conversationSchema(k),
    }),
    /**
     * An item was created. Still in the GA spec and SDK unions; GA servers send
     * `conversation.item.added` and `conversation.item.done` instead.
     */
    'conversation.item.created': itemEvent('conversation.item.created'),
    /** An item was added to the default conversation (model output: empty, `in_progress`). */
    'conversation.item.added': itemEvent('conversation.item.added'),
    /** An item is final: full content except audio data. */
    'conversation.item.done': itemEvent('conversation.item.done'),
    /** Answers `conversation.item.retrieve`: the item with its audio data. */
    'conversation.item.retrieved': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.retrieved'),
      item: items.Item,
    }),
    /** Answers `conversation.item.truncate`. */
    'conversation.item.truncated': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.truncated'),
      item_id: itemId('The ID of the assistant message item that was truncated.'),
      content_index: index('The index of the content part that was truncated.'),
      audio_end_ms: index('The duration up to which the audio was truncated, in milliseconds.'),
    }),
    /** Answers `conversation.item.delete`. */
    'conversation.item.deleted': k.object({
      event_id: serverEventId(),
      type: z.literal('conversation.item.deleted'),
      item_id: itemId('The ID of the item that was deleted.'),
    }),
  };

  return { clientEvents, serverEvents };
}
