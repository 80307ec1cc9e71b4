import { z } from 'zod';
import { tracingSchema } from '../common/tracing.js';
import type { Kit } from '../kit.js';
import type { audioSchemas } from './audio.js';
import { clientEventId, serverEventId } from './event-id.js';
import { modelSchema, type paramSchemas } from './params.js';
import type { toolSchemas } from './tools.js';
import type { transcriptionSessionSchemas } from './transcription-session.js';

/**
 * Realtime sessions of the GA dialect (`session.type: "realtime"`), the unions over realtime and
 * transcription sessions, and the `session.update` / `session.created` / `session.updated` events.
 */
export function sessionSchemas(
  k: Kit,
  audio: ReturnType<typeof audioSchemas>['objects'],
  params: ReturnType<typeof paramSchemas>['objects'],
  tools: ReturnType<typeof toolSchemas>['objects'],
  transcription: ReturnType<typeof transcriptionSessionSchemas>['objects'],
) {
  const Tracing = tracingSchema(k);
  const config = {
    type: z
      .literal('realtime')
      .meta({ description: 'The type of session. Always `realtime` for the Realtime API.' }),
    output_modalities: params.OutputModalities.optional(),
    model: modelSchema().optional(),
    instructions: z
      .string()
      .meta({
        description:
          'The default system instructions prepended to model calls (content, format and audio behaviour). Pass an empty string to clear.',
      })
      .optional(),
    audio: k
      .object({ input: audio.AudioInput.optional(), output: audio.AudioOutput.optional() })
      .meta({ description: 'Configuration for input and output audio.' })
      .optional(),
    include: params.Include.optional(),
    tracing: Tracing.nullable().optional(),
    tools: z
      .array(tools.Tool)
      .meta({ description: 'Tools available to the model. Pass an empty array to clear.' })
      .optional(),
    tool_choice: tools.ToolChoice.optional(),
    parallel_tool_calls: z
      .boolean()
      .meta({
        description: 'Whether the model may call multiple tools in parallel (reasoning models).',
      })
      .optional(),
    reasoning: params.Reasoning.optional(),
    max_output_tokens: params.MaxOutputTokens.optional(),
    truncation: params.Truncation.optional(),
    prompt: params.Prompt.nullable().optional(),
  };

  const RealtimeSessionConfig = k
    .object(config)
    .meta({ description: 'A realtime session configuration (`session.update`, client secrets).' });

  const RealtimeSession = k
    .object({
      ...config,
      id: z
        .string()
        .meta({ description: 'Unique identifier for the session, like `sess_1234567890abcdef`.' }),
      object: z.literal('realtime.session').meta({ description: 'Always `realtime.session`.' }),
      expires_at: z
        .number()
        .int()
        .nonnegative()
        .meta({ description: 'Expiration timestamp for the session, in seconds since epoch.' })
        .optional(),
      // The spec types an array; GA servers send `null` (captured `session.created`).
      include: params.Include.nullable().optional(),
    })
    .meta({ description: 'A realtime session: the full, effective configuration.' });

  const SessionConfig = z
    .discriminatedUnion('type', [RealtimeSessionConfig, transcription.TranscriptionSessionConfig])
    .meta({
      description: 'A realtime or a transcription session configuration, tagged by `type`.',
    });
  const Session = z
    .discriminatedUnion('type', [RealtimeSession, transcription.TranscriptionSession])
    .meta({ description: 'A realtime or a transcription session, tagged by `type`.' });

  const clientEvents = {
    /**
     * Updates the session configuration; only the fields present change. `voice` only before the
     * first audio output, `model` never. Answered by `session.updated`.
     */
    'session.update': k.object({
      event_id: clientEventId(),
      type: z.literal('session.update'),
      session: SessionConfig,
    }),
  };
  const serverEvents = {
    /** The first server event of a connection: the session with its default configuration. */
    'session.created': k.object({
      event_id: serverEventId(),
      type: z.literal('session.created'),
      session: Session,
    }),
    /** Answers `session.update` with the full, effective configuration. */
    'session.updated': k.object({
      event_id: serverEventId(),
      type: z.literal('session.updated'),
      session: Session,
    }),
  };

  return {
    objects: { Tracing, RealtimeSessionConfig, RealtimeSession, SessionConfig, Session },
    clientEvents,
    serverEvents,
  };
}
