import { z } from 'zod';
import { rateLimitSchema } from '../common/rate-limit.js';
import type { Kit } from '../kit.js';
import { clientEvent, doc, index, serverEvent } from './fields.js';
import type { itemSchemas } from './items.js';
import type { responseSchemas } from './response.js';

type Items = ReturnType<typeof itemSchemas>;
type Responses = ReturnType<typeof responseSchemas>;

/**
 * `response.*` events and `rate_limits.updated` of the beta dialect (beta names:
 * `response.text.*`, `response.audio.*`, `response.audio_transcript.*`).
 */
export function responseEventSchemas(k: Kit, items: Items, r: Responses) {
  const RateLimit = rateLimitSchema(k).meta({ description: 'Rate limit information.' });

  const responseId = doc(z.string(), 'The ID of the response.');
  const itemId = doc(z.string(), 'The ID of the item.');
  const outputIndex = index('The index of the output item in the response.');
  const contentIndex = index("The index of the content part in the item's content array.");
  /** The fields that place a content-part event: response, item, output and content index. */
  const part = {
    response_id: responseId,
    item_id: itemId,
    output_index: outputIndex,
    content_index: contentIndex,
  };
  const functionCall = {
    response_id: responseId,
    item_id: doc(z.string(), 'The ID of the function call item.'),
    output_index: outputIndex,
    call_id: doc(z.string(), 'The ID of the function call.'),
  };
  const outputItem = {
    response_id: doc(z.string(), 'The ID of the response to which the item belongs.'),
    output_index: outputIndex,
    item: items.Item,
  };

  const clientEvents = {
    'response.create': clientEvent(
      k,
      'response.create',
      'Asks the server to create a response (model inference); its parameters override the session for this response only.',
      { response: r.ResponseCreateParams.optional() },
    ),
    'response.cancel': clientEvent(
      k,
      'response.cancel',
      'Cancels an in-progress response; answered by `response.done` with status `cancelled`, or an error if none is active.',
      {
        response_id: doc(
          z.string(),
          'The response to cancel; if omitted, the in-progress response of the default conversation.',
        ).optional(),
      },
    ),
  };

  const serverEvents = {
    'response.created': serverEvent(
      k,
      'response.created',
      'The first event of a response, with status `in_progress`.',
      { response: r.Response },
    ),
    'response.done': serverEvent(
      k,
      'response.done',
      'A response is done, whatever its final state; holds every output item without raw audio.',
      { response: r.Response },
    ),
    'response.output_item.added': serverEvent(
      k,
      'response.output_item.added',
      'A new item was created during response generation.',
      outputItem,
    ),
    'response.output_item.done': serverEvent(
      k,
      'response.output_item.done',
      'An item is done streaming (also when the response is interrupted, incomplete or cancelled).',
      outputItem,
    ),
    'response.content_part.added': serverEvent(
      k,
      'response.content_part.added',
      'A new content part was added to an assistant message item.',
      { ...part, part: items.ResponseContentPart },
    ),
    'response.content_part.done': serverEvent(
      k,
      'response.content_part.done',
      'A content part is done streaming (also when the response is interrupted, incomplete or cancelled).',
      { ...part, part: items.ResponseContentPart },
    ),
    'response.text.delta': serverEvent(
      k,
      'response.text.delta',
      'The text of a `text` content part was updated.',
      { ...part, delta: doc(z.string(), 'The text delta.') },
    ),
    'response.text.done': serverEvent(
      k,
      'response.text.done',
      'The text of a `text` content part is done streaming.',
      { ...part, text: doc(z.string(), 'The final text content.') },
    ),
    'response.audio_transcript.delta': serverEvent(
      k,
      'response.audio_transcript.delta',
      'The transcript of model-generated audio was updated.',
      { ...part, delta: doc(z.string(), 'The transcript delta.') },
    ),
    'response.audio_transcript.done': serverEvent(
      k,
      'response.audio_transcript.done',
      'The transcript of model-generated audio is done streaming.',
      { ...part, transcript: doc(z.string(), 'The final transcript of the audio.') },
    ),
    'response.audio.delta': serverEvent(
      k,
      'response.audio.delta',
      'Model-generated audio was updated.',
      {
        ...part,
        delta: k.audio.meta({
          description: 'Base64-encoded audio data delta in the session `output_audio_format`.',
        }),
      },
    ),
    'response.audio.done': serverEvent(
      k,
      'response.audio.done',
      'Model-generated audio is done (also when the response is interrupted, incomplete or cancelled).',
      part,
    ),
    'response.function_call_arguments.delta': serverEvent(
      k,
      'response.function_call_arguments.delta',
      'The arguments of a model-generated function call were updated.',
      { ...functionCall, delta: doc(z.string(), 'The arguments delta as a JSON string.') },
    ),
    'response.function_call_arguments.done': serverEvent(
      k,
      'response.function_call_arguments.done',
      'The arguments of a model-generated function call are done streaming.',
      { ...functionCall, arguments: doc(z.string(), 'The final arguments as a JSON string.') },
    ),
    'rate_limits.updated': serverEvent(
      k,
      'rate_limits.updated',
      'Emitted at the beginning of a response with the updated rate limits (output tokens reserved).',
      { rate_limits: doc(z.array(RateLimit), 'List of rate limit information.') },
    ),
  };
  const objects = { RateLimit };
  return { objects, clientEvents, serverEvents };
}
