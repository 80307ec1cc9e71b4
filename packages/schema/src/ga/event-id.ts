import { z } from 'zod';

/** `event_id` of a client event: optional, client-generated, echoed in a resulting `error`. */
export function clientEventId(maxLength: number | undefined = 512) {
  const id = z.string();
  return (maxLength === undefined ? id : id.max(maxLength))
    .meta({
      description:
        'Optional client-generated ID of this event, passed back in an `error` event it causes.',
    })
    .optional();
}

/** `event_id` of a server event: required. */
export function serverEventId() {
  return z.string().meta({ description: 'The unique ID of the server event.' });
}
