import { z } from 'zod';
import { type Base64Check, base64Audio } from './common/base64.js';

/**
 * How a schema set treats what the protocol does not name.
 *
 * - `strict`: unknown keys are errors (the real API rejects unknown parameters in client events).
 * - `lenient`: unknown keys pass through untouched (new server fields must not break users).
 */
export type Strictness = 'strict' | 'lenient';

/** Bytes per audio sample: 2 for pcm16 / `audio/pcm`, 1 for G.711 (`g711_ulaw`, `audio/pcmu`, ...). */
export type SampleWidth = 1 | 2;

/** What selects one built variant of a dialect's schemas. */
export interface KitOptions {
  readonly strictness: Strictness;
  readonly base64: Base64Check;
  readonly sampleWidth: SampleWidth;
}

/**
 * The building blocks every schema file takes, so that one definition yields each variant
 * (strict or lenient objects, base64 structure or full alphabet checks, pcm16 or G.711 audio)
 * without copying a schema.
 *
 * @note `object` is typed as `z.strictObject` in both variants on purpose: the inferred types
 * describe the protocol's named fields; the lenient variant only lets extra keys through at run time.
 */
export interface Kit extends KitOptions {
  /** An object schema: strict or lenient, per the kit. */
  readonly object: typeof z.strictObject;
  /** Base64 audio in the session's audio format (checked per `base64` and `sampleWidth`). */
  readonly audio: z.ZodString;
}

const lenientObject = z.looseObject as unknown as typeof z.strictObject;

/** Makes the kit for one variant. Dialects build each variant once and cache it. */
export function createKit(options: KitOptions): Kit {
  return {
    ...options,
    object: options.strictness === 'strict' ? z.strictObject : lenientObject,
    audio: base64Audio({ check: options.base64, sampleWidth: options.sampleWidth }),
  };
}

/** The key a built variant is cached under. */
export function kitKey(options: KitOptions): string {
  return `${options.strictness}/${options.base64}/${options.sampleWidth}`;
}
