import { z } from 'zod';
import { metadataSchema } from '../common/metadata.js';
import { responseStatusDetailsSchema, responseStatusSchema } from '../common/response-status.js';
import type { Kit } from '../kit.js';
import { count, doc, maxOutputTokens, temperature } from './fields.js';
import type { itemSchemas } from './items.js';
import type { sessionPartSchemas } from './session.js';
import type { toolSchemas } from './tools.js';

type Items = ReturnType<typeof itemSchemas>;
type Parts = ReturnType<typeof sessionPartSchemas>;
type Tools = ReturnType<typeof toolSchemas>;

/** The Response object and the `response.create` parameters of the beta dialect. */
export function responseSchemas(k: Kit, items: Items, p: Parts, t: Tools) {
  const Metadata = metadataSchema();
  const ResponseStatus = responseStatusSchema();
  const ResponseStatusDetails = responseStatusDetailsSchema(k);

  /** `usage` of the Response object: what the response was billed. */
  const Usage = k
    .object({
      total_tokens: count(
        'Total tokens in the response, input and output, text and audio.',
      ).optional(),
      input_tokens: count('Input tokens used in the response, text and audio.').optional(),
      output_tokens: count('Output tokens sent in the response, text and audio.').optional(),
      input_token_details: k
        .object({
          cached_tokens: count('Cached tokens used as input.').optional(),
          text_tokens: count('Text tokens used as input.').optional(),
          audio_tokens: count('Audio tokens used as input.').optional(),
          cached_tokens_details: k
            .object({
              text_tokens: count('Cached text tokens used as input.').optional(),
              audio_tokens: count('Cached audio tokens used as input.').optional(),
            })
            .meta({ description: 'Details about the cached input tokens.' })
            .optional(),
        })
        .meta({ description: 'Details about the input tokens.' })
        .optional(),
      output_token_details: k
        .object({
          text_tokens: count('Text tokens in the output.').optional(),
          audio_tokens: count('Audio tokens in the output.').optional(),
        })
        .meta({ description: 'Details about the output tokens.' })
        .optional(),
    })
    .meta({
      description:
        'Usage statistics for the response (billing). Earlier turns become input for later turns.',
    });

  /**
   * The Response object of `response.created` / `response.done`. The server sends `null` for
   * `status_details` and `usage` while a response is in progress (the spec says object).
   */
  const Response = k
    .object({
      id: doc(z.string(), 'The unique ID of the response.').optional(),
      object: doc(z.literal('realtime.response'), 'Always `realtime.response`.').optional(),
      status: ResponseStatus.optional(),
      status_details: ResponseStatusDetails.nullable().optional(),
      output: doc(
        z.array(items.Item),
        'The output items of the response (raw audio omitted in `response.done`).',
      ).optional(),
      metadata: Metadata.nullable().optional(),
      usage: Usage.nullable().optional(),
      conversation_id: doc(
        z.string().nullable(),
        'The conversation the response is added to: an id like `conv_1234` for `auto`, null for `none`.',
      ).optional(),
      voice: p.Voice.optional(),
      modalities: p.Modalities.optional(),
      output_audio_format: p.AudioFormat.optional(),
      temperature: temperature().optional(),
      max_output_tokens: maxOutputTokens().optional(),
    })
    .meta({ description: 'The response resource.' });

  /** `response.create.response`: overrides of the session configuration for this response only. */
  const ResponseCreateParams = k
    .object({
      modalities: p.Modalities.optional(),
      instructions: doc(
        z.string(),
        'System instructions for this response, overriding the session instructions.',
      ).optional(),
      voice: p.Voice.optional(),
      output_audio_format: p.AudioFormat.optional(),
      tools: doc(z.array(t.Tool), 'Tools (functions) available to the model.').optional(),
      tool_choice: t.ToolChoice.optional(),
      temperature: temperature().optional(),
      max_response_output_tokens: maxOutputTokens().optional(),
      conversation: doc(
        z.string(),
        '`auto` (default) adds the response to the default conversation; `none` creates an out-of-band response.',
      ).optional(),
      metadata: Metadata.nullable().optional(),
      input: doc(
        z.array(items.InputItem),
        'Input items for this response instead of the default conversation; `[]` clears the context. May reference existing items.',
      ).optional(),
    })
    .meta({
      description:
        'Parameters of a new response; they override the session for this response only.',
    });

  return { Metadata, ResponseStatus, ResponseStatusDetails, Usage, Response, ResponseCreateParams };
}
