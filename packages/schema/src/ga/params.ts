import { z } from 'zod';
import { PREVIEW_MODELS } from '../common/names.js';
import type { Kit } from '../kit.js';

/** Realtime models named by the spec (the field is open: any string passes). */
const KNOWN_REALTIME_MODELS = [
  'gpt-realtime',
  'gpt-realtime-1.5',
  'gpt-realtime-2',
  'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini',
  'gpt-realtime-2025-08-28',
  'gpt-realtime-mini',
  'gpt-realtime-mini-2025-10-06',
  'gpt-realtime-mini-2025-12-15',
  'gpt-audio-1.5',
  'gpt-audio-mini',
  'gpt-audio-mini-2025-10-06',
  'gpt-audio-mini-2025-12-15',
  ...PREVIEW_MODELS,
] as const;

/** The session `model`: open, any string passes; the known values are listed in the description. */
export function modelSchema() {
  return z.string().meta({
    description: `The Realtime model. Known values: ${KNOWN_REALTIME_MODELS.map((m) => `\`${m}\``).join(', ')}.`,
  });
}

/**
 * Inference parameters shared by the GA session config and `response.create`: output modalities,
 * token limit, prompt template, reasoning, truncation, `include`.
 */
export function paramSchemas(k: Kit) {
  // The spec types this as array<"text" | "audio"> and states in prose that only one is allowed.
  const OutputModalities = z
    .array(z.enum(['text', 'audio']))
    .min(1)
    .max(1)
    .meta({
      description:
        '`["audio"]` (audio plus a transcript, the default) or `["text"]` (text only). Requesting both is not possible.',
    });

  const MaxOutputTokens = z.union([z.number().int().min(1).max(4096), z.literal('inf')]).meta({
    description:
      'Maximum output tokens for a single assistant response, inclusive of tool calls: an integer 1–4096, or `inf` (the default) for the model maximum.',
  });

  const Include = z.array(z.enum(['item.input_audio_transcription.logprobs'])).meta({
    description:
      'Additional fields to include in server outputs: `item.input_audio_transcription.logprobs` adds logprobs to input transcription events.',
  });

  const promptCache = k
    .object({
      mode: z.literal('explicit').meta({ description: 'Always `explicit`.' }),
      ttl: z
        .enum(['30m', '12h'])
        .meta({ description: 'How long the cache entry lives.' })
        .optional(),
    })
    .meta({ description: 'Marks a prompt cache breakpoint.' })
    .optional();
  const PromptVariable = z
    .union([
      z.string(),
      z.discriminatedUnion('type', [
        k.object({
          type: z.literal('input_text'),
          text: z.string().meta({ description: 'The text input.' }),
          prompt_cache_breakpoint: promptCache,
        }),
        k.object({
          type: z.literal('input_image'),
          image_url: z
            .string()
            .nullable()
            .meta({ description: 'Image URL or data URL.' })
            .optional(),
          file_id: z
            .string()
            .nullable()
            .meta({ description: 'ID of an uploaded file.' })
            .optional(),
          detail: z
            .enum(['low', 'high', 'auto', 'original'])
            .meta({ description: 'Image detail level.' }),
          prompt_cache_breakpoint: promptCache,
        }),
        k.object({
          type: z.literal('input_file'),
          file_id: z
            .string()
            .nullable()
            .meta({ description: 'ID of an uploaded file.' })
            .optional(),
          filename: z.string().meta({ description: 'The name of the file.' }).optional(),
          file_data: z.string().meta({ description: 'The content of the file.' }).optional(),
          file_url: z.string().meta({ description: 'The URL of the file.' }).optional(),
          detail: z
            .enum(['auto', 'low', 'high'])
            .meta({ description: 'File detail level.' })
            .optional(),
          prompt_cache_breakpoint: promptCache,
        }),
      ]),
    ])
    .meta({ description: 'A prompt variable value: a string, or a text, image or file input.' });

  const Prompt = k
    .object({
      id: z.string().meta({ description: 'The unique identifier of the prompt template to use.' }),
      version: z
        .string()
        .nullable()
        .meta({ description: 'Optional version of the prompt template.' })
        .optional(),
      variables: z
        .record(z.string(), PromptVariable)
        .nullable()
        .meta({ description: 'Values to substitute for variables in the prompt.' })
        .optional(),
    })
    .meta({ description: 'Reference to a prompt template and its variables; `null` for none.' });

  const Reasoning = k
    .object({
      effort: z
        .enum(['minimal', 'low', 'medium', 'high', 'xhigh'])
        .meta({ description: 'Reasoning effort (default `low`).' })
        .optional(),
    })
    .meta({
      description: 'Reasoning configuration for reasoning-capable models such as `gpt-realtime-2`.',
    });

  const RetentionRatio = k
    .object({
      type: z.literal('retention_ratio').meta({ description: 'Use retention ratio truncation.' }),
      retention_ratio: z.number().min(0).max(1).meta({
        description:
          'Fraction (0.0–1.0) of post-instruction conversation tokens to keep when the input token limit is exceeded.',
      }),
      token_limits: k
        .object({
          post_instructions: z
            .number()
            .int()
            .nonnegative()
            .meta({ description: 'Maximum tokens in the conversation after the instructions.' })
            .optional(),
        })
        .meta({ description: "Custom token limits; the model's defaults when absent." })
        .optional(),
    })
    .meta({ description: 'Truncate to a fraction of the context when the limit is exceeded.' });

  const Truncation = z.union([z.enum(['auto', 'disabled']), RetentionRatio]).meta({
    description:
      'What happens when the conversation exceeds the input token limit: `auto` drops the oldest messages, `disabled` returns an error instead, or retention-ratio truncation.',
  });

  return {
    objects: {
      OutputModalities,
      MaxOutputTokens,
      Include,
      Prompt,
      Reasoning,
      RetentionRatio,
      Truncation,
    },
  };
}
