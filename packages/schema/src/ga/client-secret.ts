import { z } from 'zod';
import type { Kit } from '../kit.js';

/**
 * `POST /v1/realtime/client_secrets` (GA): the request body and the response carrying an
 * ephemeral key (`ek_…`) for browser and mobile clients.
 */
export function clientSecretSchemas<C extends z.ZodType, S extends z.ZodType>(
  k: Kit,
  sessionConfig: C,
  session: S,
) {
  const ClientSecretExpiresAfter = k
    .object({
      anchor: z
        .literal('created_at')
        .meta({ description: 'The anchor of the expiration; only `created_at` is supported.' })
        .optional(),
      seconds: z
        .number()
        .int()
        .min(10)
        .max(7200)
        .meta({ description: 'Seconds from the anchor to the expiration: 10–7200 (default 600).' })
        .optional(),
    })
    .meta({
      description:
        'When the client secret stops being valid for creating sessions (sessions already started continue).',
    });

  const ClientSecretCreateRequest = k
    .object({
      expires_after: ClientSecretExpiresAfter.optional(),
      session: sessionConfig.optional(),
    })
    .meta({ description: 'Body of `POST /v1/realtime/client_secrets`.' });

  const ClientSecretCreateResponse = k
    .object({
      value: z.string().meta({ description: 'The generated client secret value (`ek_…`).' }),
      expires_at: z.number().int().nonnegative().meta({
        description: 'Expiration timestamp for the client secret, in seconds since epoch.',
      }),
      session,
    })
    .meta({ description: 'Response of `POST /v1/realtime/client_secrets`.' });

  return {
    objects: { ClientSecretExpiresAfter, ClientSecretCreateRequest, ClientSecretCreateResponse },
  };
}
