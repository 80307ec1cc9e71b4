import { z } from 'zod';
import { metadataSchema } from '../common/metadata.js';
import { responseStatusDetailsSchema, responseStatusSchema } from '../common/response-status.js';
import type { Kit } from '../kit.js';
import { type audioSchemas, KNOWN_VOICES } from './audio.js';
import { clientEventId, serverEventId } from './event-id.js';
import type { itemSchemas } from './items.js';
import type { paramSchemas } from './params.js';
import type { toolSchemas } from './tools.js';

/**
 * Responses of the GA dialect: the Response object, its usage and status, the `response.create`
 * parameters, and the `response.create` / `.cancel` / `.created` / `.done` events.
 */
export function responseSchemas(
  k: Kit,
  audio: ReturnType<typeof audioSchemas>['objects'],
  params: ReturnType<typeof paramSchemas>['objects'],
  tools: ReturnType<typeof toolSchemas>['objects'],
  items: ReturnType<typeof itemSchemas>['objects'],
) {
  const Metadata = metadataSchema();
  const ResponseStatus = responseStatusSchema();
  const ResponseStatusDetails = responseStatusDetailsSchema(k);

  const count = (description: string) =>
    z.number().int().nonnegative().meta({ description }).optional();
  const CachedTokensDetails = k
    .object({
      text_tokens: count('The number of cached text tokens used as input.'),
      image_tokens: count('The number of cached image tokens used as input.'),
      audio_tokens: count('The number of cached audio tokens used as input.'),
    })
    .meta({ description: 'Details about the cached tokens used as input.' });
  const InputTokenDetails = k
    .object({
      cached_tokens: count('The number of cached tokens used as input (a subset of input tokens).'),
      text_tokens: count('The number of text tokens used as input.'),
      image_tokens: count('The number of image tokens used as input.'),
      audio_tokens: count('The number of audio tokens used as input.'),
      cached_tokens_details: CachedTokensDetails.optional(),
    })
    .meta({ description: 'Details about the input tokens used in the Response.' });
  const OutputTokenDetails = k
    .object({
      text_tokens: count('The number of text tokens used in the Response.'),
      audio_tokens: count('The number of audio tokens used in the Response.'),
    })
    .meta({ description: 'Details about the output tokens used in the Response.' });
  const Usage = k
    .object({
      total_tokens: count('Total tokens in the Response, input and output, text and audio.'),
      input_tokens: count('Input tokens used in the Response, including text and audio tokens.'),
      output_tokens: count('Output tokens sent in the Response, including text and audio tokens.'),
      input_token_details: InputTokenDetails.optional(),
      output_token_details: OutputTokenDetails.optional(),
    })
    .meta({
      description:
        'Usage statistics for the Response (billing). Output of earlier turns becomes input of later turns.',
    });

  const Response = k
    .object({
      id: z
        .string()
        .meta({ description: 'The unique ID of the response, like `resp_1234`.' })
        .optional(),
      object: z
        .literal('realtime.response')
        .meta({ description: 'Always `realtime.response`.' })
        .optional(),
      status: ResponseStatus.optional(),
      // The spec types objects; GA servers send `null` (in progress, completed, no usage yet).
      status_details: ResponseStatusDetails.nullable().optional(),
      output: z
        .array(items.Item)
        .meta({
          description: 'The output items of the response (without audio data in `response.done`).',
        })
        .optional(),
      metadata: Metadata.nullable().optional(),
      audio: k
        .object({
          output: k
            .object({
              format: audio.AudioFormat.optional(),
              voice: z
                .string()
                .meta({
                  description: `The voice the model used. Built-in voices: ${KNOWN_VOICES.join(', ')}.`,
                })
                .optional(),
            })
            .optional(),
        })
        .meta({ description: 'Configuration for audio output.' })
        .optional(),
      usage: Usage.nullable().optional(),
      conversation_id: z
        .string()
        .nullable()
        .meta({
          description:
            'The conversation the response is added to: an id like `conv_1234` for `auto`, `null` for `none`.',
        })
        .optional(),
      output_modalities: params.OutputModalities.optional(),
      max_output_tokens: params.MaxOutputTokens.optional(),
    })
    .meta({ description: 'A Response: status, output items and usage.' });

  const ResponseCreateParams = k
    .object({
      output_modalities: params.OutputModalities.optional(),
      instructions: z
        .string()
        .meta({ description: 'System instructions for this response, overriding the session.' })
        .optional(),
      audio: k
        .object({
          output: k
            .object({
              format: audio.AudioFormat.optional(),
              voice: audio.Voice.optional(),
            })
            .optional(),
        })
        .meta({ description: 'Configuration for audio output.' })
        .optional(),
      tools: z
        .array(tools.Tool)
        .meta({ description: 'Tools available to the model for this response.' })
        .optional(),
      tool_choice: tools.ToolChoice.optional(),
      parallel_tool_calls: z
        .boolean()
        .meta({
          description: 'Whether the model may call multiple tools in parallel (reasoning models).',
        })
        .optional(),
      reasoning: params.Reasoning.optional(),
      max_output_tokens: params.MaxOutputTokens.optional(),
      conversation: z
        .string()
        .meta({
          description:
            'Which conversation the response is added to: `auto` (default conversation, the default) or `none` (out-of-band).',
        })
        .optional(),
      metadata: Metadata.nullable().optional(),
      prompt: params.Prompt.nullable().optional(),
      input: z
        .array(items.ItemOrReference)
        .meta({
          description:
            'Input items for this response instead of the default conversation: items or `item_reference`s. `[]` clears the context.',
        })
        .optional(),
    })
    .meta({
      description: 'Parameters of `response.create`; they override the session for this response.',
    });

  const clientEvents = {
    /** Asks the server to create a Response (model inference); answered by `response.created` … `response.done`. */
    'response.create': k.object({
      event_id: clientEventId(),
      type: z.literal('response.create'),
      response: ResponseCreateParams.optional(),
    }),
    /** Cancels an in-progress response; answered by `response.done` with `status: "cancelled"`, or `error`. */
    'response.cancel': k.object({
      event_id: clientEventId(),
      type: z.literal('response.cancel'),
      response_id: z
        .string()
        .meta({
          description:
            'The response to cancel; default: the in-progress response of the default conversation.',
        })
        .optional(),
    }),
  };
  const serverEvents = {
    /** The first event of a response, with `status: "in_progress"`. */
    'response.created': k.object({
      event_id: serverEventId(),
      type: z.literal('response.created'),
      response: Response,
    }),
    /** The last event of a response, whatever its final status; output items without audio. */
    'response.done': k.object({
      event_id: serverEventId(),
      type: z.literal('response.done'),
      response: Response,
    }),
  };

  return {
    objects: {
      Metadata,
      ResponseStatus,
      ResponseStatusDetails,
      Usage,
      Response,
      ResponseCreateParams,
    },
    clientEvents,
    serverEvents,
  };
}
