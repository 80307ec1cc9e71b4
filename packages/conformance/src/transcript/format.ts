/**
 * The transcript format: JSON Lines, one WebSocket frame per line, written by `soundcheck serve
 * --transcript`, `soundcheck record` and the conformance runner, read by `serve --replay`,
 * `scenario from-transcript` and `validate`.
 *
 * ```jsonl
 * {"format":"soundcheck.transcript","version":1,"session":0,"dialect":"ga","path":"/v1/realtime","model":"gpt-realtime"}
 * {"t":0,"session":0,"direction":"server","frame":{"type":"session.created","event_id":"event_1",...}}
 * {"t":3.5,"session":0,"direction":"client","frame":{"type":"session.update",...}}
 * {"t":9,"session":0,"direction":"client","text":"not json"}
 * {"t":9,"session":0,"direction":"client","binary":"AAEC"}
 * {"t":12,"session":0,"direction":"server","close":{"code":1000,"reason":""}}
 * ```
 *
 * A header line opens each session (a file may hold several, told apart by `session`); frame lines
 * carry the milliseconds since that session opened, the direction and exactly one of `frame` (a
 * text frame that is JSON, as sent), `text` (a text frame that is not JSON, kept verbatim),
 * `binary` (a binary frame, base64) or `close` (the close frame, or 1006 for a dropped socket).
 * Credentials never appear: the header keeps the URL path and model, not the query's key.
 */
import { z } from 'zod';

/** The `format` of a transcript header. */
export const TRANSCRIPT_FORMAT = 'soundcheck.transcript';
/** The version this package writes and reads. */
export const TRANSCRIPT_VERSION = 1;

const Session = z
  .number()
  .int()
  .min(0)
  .meta({ description: 'Index of the session in this file (0, 1, …); default 0.' });
const Time = z
  .number()
  .min(0)
  .meta({ description: 'Milliseconds since the session opened (virtual time for the mock).' });
const Direction = z
  .enum(['client', 'server'])
  .meta({ description: '`client`: sent by the client; `server`: sent by the server.' });

/** The first line of each session. */
export const TranscriptHeaderSchema = z
  .strictObject({
    format: z.literal(TRANSCRIPT_FORMAT),
    version: z.literal(TRANSCRIPT_VERSION),
    session: Session.optional(),
    dialect: z.enum(['beta', 'ga']).meta({ description: 'The dialect the session spoke.' }),
    path: z
      .string()
      .regex(/^\//)
      .meta({ description: 'URL path of the connection, e.g. `/v1/realtime` (no query).' }),
    model: z
      .string()
      .nullable()
      .meta({ description: 'Model (or Azure deployment) the URL named; null when it named none.' }),
    query: z.record(z.string(), z.string()).optional().meta({
      description:
        'The URL query without `model` and without credentials (e.g. Azure `api-version`).',
    }),
    protocols: z.array(z.string()).optional().meta({
      description:
        'WebSocket subprotocols the client offered, credentials replaced by `<redacted>`.',
    }),
    source: z
      .string()
      .optional()
      .meta({ description: 'What wrote the file: `serve`, `record`, `conformance`, …' }),
  })
  .meta({ title: 'TranscriptHeader' });

const base = { t: Time, session: Session.optional(), direction: Direction };

/** A text frame that is JSON. */
export const TranscriptJsonFrameSchema = z
  .strictObject({
    ...base,
    frame: z.unknown().meta({ description: 'The frame, parsed from JSON (usually an event).' }),
  })
  .meta({ title: 'TranscriptJsonFrame' });
/** A text frame that is not JSON. */
export const TranscriptTextFrameSchema = z
  .strictObject({
    ...base,
    text: z.string().meta({ description: 'The text frame verbatim (it is not JSON).' }),
  })
  .meta({ title: 'TranscriptTextFrame' });
/** A binary frame. */
export const TranscriptBinaryFrameSchema = z
  .strictObject({
    ...base,
    binary: z.base64().meta({ description: 'The binary frame, base64.' }),
  })
  .meta({ title: 'TranscriptBinaryFrame' });
/** The close of the connection. */
export const TranscriptCloseSchema = z
  .strictObject({
    ...base,
    close: z.strictObject({
      code: z
        .number()
        .int()
        .min(1000)
        .max(4999)
        .meta({ description: 'Close code; 1006 when the socket dropped without a close frame.' }),
      reason: z.string(),
    }),
  })
  .meta({ title: 'TranscriptClose' });

/** Any frame line. */
export const TranscriptFrameSchema = z.union([
  TranscriptJsonFrameSchema,
  TranscriptTextFrameSchema,
  TranscriptBinaryFrameSchema,
  TranscriptCloseSchema,
]);

/** Any line of a transcript file. */
export const TranscriptLineSchema = z.union([TranscriptHeaderSchema, TranscriptFrameSchema]);

export type TranscriptHeader = z.infer<typeof TranscriptHeaderSchema>;
export type TranscriptJsonFrame = z.infer<typeof TranscriptJsonFrameSchema>;
export type TranscriptTextFrame = z.infer<typeof TranscriptTextFrameSchema>;
export type TranscriptBinaryFrame = z.infer<typeof TranscriptBinaryFrameSchema>;
export type TranscriptClose = z.infer<typeof TranscriptCloseSchema>;
export type TranscriptFrame = z.infer<typeof TranscriptFrameSchema>;
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

/** True for a header line. */
export function isTranscriptHeader(line: TranscriptLine): line is TranscriptHeader {
  return 'format' in line;
}

/** The JSON Schema (draft 2020-12) of one transcript line. */
export function transcriptJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TranscriptLineSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'soundcheck:conformance/transcript.schema.json',
    title: 'Soundcheck transcript line',
    description:
      'One line of a soundcheck transcript (JSON Lines): a session header or one frame. Generated from packages/conformance/src/transcript/format.ts by `pnpm generate`.',
    ...rest,
  };
}
