import { z } from 'zod';
import type { Kit } from '../kit.js';

/** One entry of `rate_limits.updated.rate_limits` (both dialects). */
export function rateLimitSchema(k: Kit) {
  return k.object({
    name: z
      .enum(['requests', 'tokens'])
      .optional()
      .meta({ description: 'The name of the rate limit (`requests`, `tokens`).' }),
    limit: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: 'The maximum allowed value for the rate limit.' }),
    remaining: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: 'The remaining value before the limit is reached.' }),
    reset_seconds: z
      .number()
      .nonnegative()
      .optional()
      .meta({ description: 'Seconds until the rate limit resets.' }),
  });
}
