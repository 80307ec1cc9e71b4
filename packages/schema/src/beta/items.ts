import { z } from 'zod';
import type { Kit } from '../kit.js';
import { doc } from './fields.js';

/** Which content part types each message role takes ("Message items of role `system` support only `input_text` content", ...). */
const CONTENT_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  system: ['input_text', 'item_reference'],
  user: ['input_text', 'input_audio', 'item_reference'],
  assistant: ['text', 'audio', 'item_reference'],
};

/**
 * Conversation items of the beta dialect: one flat item object per the spec, here split into a
 * discriminated union on `type` (`message` | `function_call` | `function_call_output`), with
 * content parts discriminated on their `type`.
 */
export function itemSchemas(k: Kit) {
  const InputTextContent = k
    .object({
      type: z.literal('input_text'),
      text: doc(z.string(), 'The text content.'),
    })
    .meta({ description: 'Text from the user or the system.' });

  const transcript = doc(
    z.string().nullable(),
    'The transcript of the audio (null until transcribed).',
  ).optional();

  const InputAudioContent = k
    .object({
      type: z.literal('input_audio'),
      audio: k.audio
        .meta({ description: 'Base64-encoded audio bytes in the session input format.' })
        .optional(),
      transcript,
    })
    .meta({ description: 'Audio from the user.' });

  const TextContent = k
    .object({
      type: z.literal('text'),
      text: doc(z.string(), 'The text content.'),
    })
    .meta({ description: 'Text from the assistant.' });

  const AudioContent = k
    .object({
      type: z.literal('audio'),
      audio: k.audio
        .meta({ description: 'Base64-encoded audio bytes (omitted in most server events).' })
        .optional(),
      transcript,
    })
    .meta({ description: 'Audio from the assistant.' });

  const ItemReferenceContent = k
    .object({
      type: z.literal('item_reference'),
      id: doc(z.string(), 'ID of a previous conversation item to reference.'),
    })
    .meta({ description: 'A reference to a previous item (in `response.create` input).' });

  const ContentPart = z
    .discriminatedUnion('type', [
      InputTextContent,
      InputAudioContent,
      TextContent,
      AudioContent,
      ItemReferenceContent,
    ])
    .meta({ description: 'A content part of a message, tagged by `type`.' });

  const itemCommon = {
    id: doc(
      z.string(),
      'The unique ID of the item; the client may set it, otherwise the server generates one.',
    ).optional(),
    object: doc(z.literal('realtime.item'), 'Always `realtime.item`.').optional(),
    status: doc(
      z.enum(['completed', 'incomplete', 'in_progress']),
      'The status of the item; no effect on the conversation when sent by the client.',
    ).optional(),
  };

  const MessageItem = k
    .object({
      ...itemCommon,
      type: z.literal('message'),
      role: doc(z.enum(['user', 'assistant', 'system']), 'The role of the message sender.'),
      content: doc(
        z.array(ContentPart),
        'The content of the message: `system` takes `input_text`; `user` takes `input_text` and `input_audio`; `assistant` takes `text` (and `audio` from the server).',
      ).optional(),
    })
    .check((ctx) => {
      const allowed = CONTENT_BY_ROLE[ctx.value.role];
      const content = ctx.value.content;
      if (allowed === undefined || content === undefined) return;
      content.forEach((part, i) => {
        if (!allowed.includes(part.type)) {
          ctx.issues.push({
            code: 'custom',
            message: `a ${ctx.value.role} message cannot hold "${part.type}" content; expected ${allowed
              .filter((t) => t !== 'item_reference')
              .map((t) => JSON.stringify(t))
              .join(' or ')}`,
            input: part.type,
            path: ['content', i, 'type'],
            continue: true,
          });
        }
      });
    })
    .meta({
      description: 'A message from the user, the assistant or the system.',
      // The content types each role allows, for JSON Schema consumers (zod checks it above).
      anyOf: Object.entries(CONTENT_BY_ROLE).map(([role, types]) => ({
        type: 'object',
        properties: {
          role: { type: 'string', const: role },
          content: {
            type: 'array',
            items: { type: 'object', properties: { type: { type: 'string', enum: [...types] } } },
          },
        },
      })),
    });

  const FunctionCallItem = k
    .object({
      ...itemCommon,
      type: z.literal('function_call'),
      call_id: doc(z.string(), 'The ID of the function call.').optional(),
      name: doc(z.string(), 'The name of the function being called.'),
      arguments: doc(z.string(), 'The arguments of the function call, as a JSON string.'),
    })
    .meta({ description: 'A function call made by the model.' });

  const FunctionCallOutputItem = k
    .object({
      ...itemCommon,
      type: z.literal('function_call_output'),
      call_id: doc(
        z.string(),
        'The ID of the function call; the server checks that a `function_call` item with this ID exists.',
      ),
      output: doc(z.string(), 'The output of the function call.'),
    })
    .meta({ description: 'The result of a function call.' });

  const Item = z
    .discriminatedUnion('type', [MessageItem, FunctionCallItem, FunctionCallOutputItem])
    .meta({ description: 'A conversation item, tagged by `type`.' });

  const ItemReference = k
    .object({
      type: z.literal('item_reference'),
      id: doc(z.string(), 'The ID of an item that exists in the conversation.'),
    })
    .meta({ description: 'A reference to an existing conversation item.' });

  /** `response.create.response.input[]`: an item, or a reference to an existing one. */
  const InputItem = z
    .discriminatedUnion('type', [
      MessageItem,
      FunctionCallItem,
      FunctionCallOutputItem,
      ItemReference,
    ])
    .meta({ description: 'An item or an item reference, tagged by `type`.' });

  /** `part` of `response.content_part.added` / `.done`: text or audio. */
  const ResponseContentPart = z
    .discriminatedUnion('type', [TextContent, AudioContent])
    .meta({ description: 'A content part of an assistant message, tagged by `type`.' });

  return {
    InputTextContent,
    InputAudioContent,
    TextContent,
    AudioContent,
    ItemReferenceContent,
    ContentPart,
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    Item,
    ItemReference,
    InputItem,
    ResponseContentPart,
  };
}
