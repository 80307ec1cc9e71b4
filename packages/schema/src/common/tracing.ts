import { z } from 'zod';
import type { Kit } from '../kit.js';
import { jsonObject } from './json-object.js';

/**
 * Session `tracing` (both dialects): `"auto"` or a configuration object. Callers add `.nullable()`:
 * `null` disables tracing. Once tracing is enabled for a session it cannot be modified.
 */
export function tracingSchema(k: Kit) {
  const configuration = k.object({
    workflow_name: z.string().optional().meta({
      description:
        'The name of the workflow to attach to this trace (names the trace in the Traces Dashboard).',
    }),
    group_id: z.string().optional().meta({
      description:
        'The group id to attach to this trace, for filtering and grouping in the Traces Dashboard.',
    }),
    metadata: jsonObject().optional().meta({
      description:
        'Arbitrary metadata to attach to this trace, for filtering in the Traces Dashboard.',
    }),
  });
  return z.union([z.literal('auto'), configuration]).meta({
    description:
      '`auto` creates a trace with default workflow name, group id and metadata; an object sets them. `null` disables tracing. Cannot be modified once enabled.',
  });
}
