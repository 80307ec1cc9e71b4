import { z } from 'zod';
import { PREVIEW_MODELS, VOICES_2024 } from '../common/names.js';
import type { Kit } from '../kit.js';

/**
 * Building blocks of the beta schema files: event envelopes and the scalar fields whose documented
 * constraints recur (indexes, millisecond offsets, temperature, token limits, voice, audio formats).
 */

/**
 * A documented field: a copy of `schema` carrying its protocol description (lands in JSON
 * Schema). The original is left untouched, so one schema can be documented per use.
 *
 * @note Constrained on the core `$ZodType`: checking a schema against the classic `z.ZodType`
 * costs the type checker seconds per schema class.
 */
export function doc<T extends z.core.$ZodType>(schema: T, description: string): T {
  return (schema as unknown as z.ZodType).meta({ description }) as unknown as T;
}

/** A client event: optional `event_id`, the literal wire `type`, then the event's own fields. */
export function clientEvent<T extends string, S extends z.core.$ZodLooseShape>(
  k: Kit,
  type: T,
  description: string,
  shape: S,
) {
  return k
    .object({
      event_id: doc(
        z.string(),
        'Optional client-generated ID used to identify this event.',
      ).optional(),
      type: doc(z.literal(type), `The event type, must be \`${type}\`.`),
      ...shape,
    })
    .meta({ description });
}

/** A server event: required `event_id`, the literal wire `type`, then the event's own fields. */
export function serverEvent<T extends string, S extends z.core.$ZodLooseShape>(
  k: Kit,
  type: T,
  description: string,
  shape: S,
) {
  return k
    .object({
      event_id: doc(z.string(), 'The unique ID of the server event.'),
      type: doc(z.literal(type), `The event type, must be \`${type}\`.`),
      ...shape,
    })
    .meta({ description });
}

/** A zero-based position (`output_index`, `content_index`): a non-negative integer. */
export function index(description: string) {
  return doc(z.number().int().nonnegative(), description);
}

/** A millisecond offset or duration: a non-negative integer. */
export function ms(description: string) {
  return doc(z.number().int().nonnegative(), description);
}

/** A token or item count: a non-negative integer. */
export function count(description: string) {
  return doc(z.number().int().nonnegative(), description);
}

/** Beta `temperature`: "limited to [0.6, 1.2]"; default 0.8. */
export function temperature() {
  return doc(
    z.number().min(0.6).max(1.2),
    'Sampling temperature for the model, limited to [0.6, 1.2]. Defaults to 0.8 (highly recommended for audio models).',
  );
}

/** Beta token limit: an integer from 1 to 4096, or `"inf"` (default) for the model's maximum. */
export function maxOutputTokens() {
  return z
    .union([z.number().int().min(1).max(4096), z.literal('inf')], {
      error: 'Invalid input: expected an integer from 1 to 4096 or "inf"',
    })
    .meta({
      description:
        'Maximum output tokens for a single assistant response, inclusive of tool calls: an integer from 1 to 4096, or "inf" for the maximum available tokens. Defaults to "inf".',
    });
}

/** Voices documented for the beta dialect (the field is an open string). */
const BETA_VOICES = VOICES_2024;

/** `voice`: an open string; the known values are listed in the description. */
export function voice() {
  return doc(
    z.string(),
    `The voice the model uses to respond. Known voices: ${BETA_VOICES.join(', ')} (fable, onyx and nova were listed 2025-03..07). Cannot be changed once the model has responded with audio.`,
  );
}

/** Beta audio formats: `pcm16` (24 kHz, 16-bit, mono, little-endian), G.711 μ-law or A-law (8 kHz). */
export function audioFormat() {
  return doc(
    z.enum(['pcm16', 'g711_ulaw', 'g711_alaw']),
    'Audio format: `pcm16` (16-bit PCM, 24 kHz, mono, little-endian), `g711_ulaw` or `g711_alaw`. Default `pcm16`.',
  );
}

/**
 * `modalities`: `["text"]` or `["text", "audio"]` in any order. The server rejects other
 * combinations: "Invalid modalities: ['audio']. Supported combinations are: ['text'] and
 * ['audio', 'text']."
 */
export function modalities() {
  return z
    .array(z.enum(['text', 'audio']))
    .check((ctx) => {
      const values = ctx.value;
      const unique = new Set(values);
      if (unique.size !== values.length || !unique.has('text')) {
        ctx.issues.push({
          code: 'custom',
          message: `Invalid modalities: supported combinations are ["text"] and ["text", "audio"], found ${JSON.stringify(values)}`,
          input: values,
          continue: true,
        });
      }
    })
    .meta({
      description:
        'The set of modalities the model can respond with: ["text", "audio"] (default) or ["text"] to disable audio.',
      // The same rule for JSON Schema consumers: no repeats, and "text" always present.
      uniqueItems: true,
      contains: { type: 'string', const: 'text' },
    });
}

/** Known beta realtime model names (the field is an open string). */
const BETA_MODELS = PREVIEW_MODELS;

/** `model`: an open string; the known values are listed in the description. */
export function model() {
  return doc(
    z.string(),
    `The Realtime model used for this session. Known models: ${BETA_MODELS.join(', ')}; from 2025-10 also gpt-realtime, gpt-realtime-2025-08-28. Cannot be changed with session.update.`,
  );
}
