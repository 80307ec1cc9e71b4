import { z } from 'zod';

/** At most this many keys in a `metadata` map. */
const METADATA_MAX_KEYS = 16;

/**
 * `metadata` of `response.create` and of the Response object (both dialects): up to 16 string
 * pairs, keys at most 64 characters, values at most 512 characters.
 * Callers add `.nullable()` where the protocol allows `null`.
 */
export function metadataSchema() {
  return z
    .record(z.string().max(64), z.string().max(512))
    .check((ctx) => {
      const count = Object.keys(ctx.value).length;
      if (count > METADATA_MAX_KEYS) {
        ctx.issues.push({
          code: 'too_big',
          origin: 'object',
          maximum: METADATA_MAX_KEYS,
          inclusive: true,
          input: ctx.value,
          message: `Too big: expected metadata to have <=${METADATA_MAX_KEYS} keys`,
        });
      }
    })
    .meta({
      // States the key limit in JSON Schema too (zod checks it with the refinement above).
      maxProperties: METADATA_MAX_KEYS,
      description:
        'Set of up to 16 key-value pairs attached to the object. Keys are strings of at most 64 characters, values strings of at most 512 characters.',
    });
}
