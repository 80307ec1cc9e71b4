/**
 * The scenario file format (fixtures/scenarios/*.json): a zod schema, its inferred types and the
 * JSON Schema generated from it. A scenario scripts what the "model" does in one session and what
 * the client is expected to do; the engine still answers every client event as the real API does.
 *
 * Steps run in order. Each step is an object with exactly one action key — `expect`, `forbid`,
 * `user`, `respond`, `emit`, `wait`, `vad`, `transcribe`, `fault` — plus the optional `on`
 * (start trigger), `dialects` and `note`. Event names and shapes in patterns, `emit` and `session`
 * are canonical (GA); the dialect codec translates for beta connections.
 */
import { ga } from '@soundcheck/schema';
import { z } from 'zod';
import { PatternSchema } from './matcher.js';

const strict = z.strictObject;

/** `$id` of the generated JSON Schema. */
const SCENARIO_SCHEMA_ID = 'soundcheck:mock-server/scenario.schema.json';

const EventType = z
  .string()
  .regex(/^[a-z_]+(\.[a-z0-9_]+)*$/)
  .meta({
    description:
      'A canonical (GA) event type, e.g. `input_audio_buffer.committed`; beta events are matched by their GA name.',
  });
const RuleId = z
  .string()
  .regex(/^[a-z]+(\.[a-z0-9-]+)+$/)
  .meta({
    description: 'A rule id from shared/protocol/rules.md, e.g. `truncate.bounded-by-audio`.',
  });
const Ms = z.number().int().min(0).meta({ description: 'Virtual milliseconds.' });
const PositiveMs = z.number().int().min(1).meta({ description: 'Virtual milliseconds (≥ 1).' });
const Level = z
  .enum(['must', 'should'])
  .meta({ description: 'Verdict when broken: `must` → FAILED (default), `should` → NON-STRICT.' });
const AudioFile = z
  .string()
  .regex(/^[^/\\].*\.(pcm|ulaw|alaw)$/)
  .meta({
    description:
      'Audio file, relative to the scenario file (e.g. `../audio/weather-paris.pcm`): `.pcm` = 24 kHz mono pcm16 LE, `.ulaw` / `.alaw` = 8 kHz G.711.',
  });

/** A pattern an event must match: an object pattern with a literal `type`. */
const EventPattern = z
  .object({ type: EventType })
  .catchall(PatternSchema)
  .meta({ description: 'Pattern of an event (canonical GA shape) with its literal `type`.' });

const Trigger = z
  .union([
    EventType,
    strict({
      event: EventType,
      match: PatternSchema.optional().meta({ description: 'Pattern the event must also match.' }),
      count: z
        .number()
        .int()
        .min(1)
        .optional()
        .meta({ description: 'Start on the n-th such event (default 1).' }),
    }),
  ])
  .meta({
    description:
      'Start this step only when this event (client or server, canonical name) occurs after the previous step finished, e.g. `input_audio_buffer.committed`, `input_audio_buffer.speech_stopped`, `response.done`.',
  });

const common = {
  on: Trigger.optional(),
  dialects: z
    .array(z.enum(['beta', 'ga']))
    .min(1)
    .optional()
    .meta({ description: 'Run this step only on these dialects (default: all of the scenario).' }),
  note: z.string().optional().meta({ description: 'A note for readers; ignored.' }),
};

const Expect = strict({
  event: EventPattern,
  withinMs: PositiveMs.optional().meta({
    description: 'Fail when no matching client event arrives within this many virtual ms.',
  }),
  withhold: z.boolean().optional().meta({
    description:
      'Do not pass the matched event to the engine: the next steps answer it (e.g. a `fault` error). Default false.',
  }),
  rule: RuleId.optional(),
  level: Level.optional(),
}).meta({
  description:
    'Wait for a client event matching `event`: the earliest matching client event no earlier `expect` consumed (blocks until one arrives).',
});

const Forbid = strict({
  event: EventPattern,
  forMs: PositiveMs.optional().meta({
    description:
      'How long the guard lasts (default: until `until`, or to the end of the scenario).',
  }),
  until: Trigger.optional().meta({ description: 'The guard ends when this event occurs.' }),
  rule: RuleId.optional(),
  level: Level.optional(),
}).meta({
  description: 'From now on, a client event matching `event` fails the scenario. Does not block.',
});

const User = z
  .union([
    strict({ audio: AudioFile }).meta({ description: 'The user speaks this audio.' }),
    strict({ text: z.string().min(1) }).meta({ description: 'The user types this text.' }),
    strict({ interrupt: z.literal(true) }).meta({
      description:
        'The user interrupts the assistant (button, typing): the client should cancel and truncate.',
    }),
  ])
  .meta({
    description:
      'What the user does: an instruction to the harness driving the client. The mock server does nothing for it.',
  });

const ErrorDetail = strict({
  type: z.string().meta({ description: 'e.g. `server_error`, `invalid_request_error`.' }),
  code: z.string().nullable(),
  message: z.string(),
});

const End = z
  .discriminatedUnion('status', [
    strict({ status: z.literal('completed') }),
    strict({
      status: z.literal('incomplete'),
      reason: z.enum(['max_output_tokens', 'content_filter']),
    }),
    strict({
      status: z.literal('cancelled'),
      reason: z.enum(['turn_detected', 'client_cancelled']),
    }),
    strict({ status: z.literal('failed'), error: ErrorDetail }),
  ])
  .meta({
    description:
      'Final status of the response (`response.done`), after all the content above was streamed. Default `completed`.',
  });

const FunctionCall = strict({
  name: z.string().min(1),
  arguments: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .meta({ description: 'Arguments: an object (sent JSON-encoded) or the exact string to send.' }),
  callId: z
    .string()
    .min(1)
    .optional()
    .meta({ description: '`call_id` to use (default: a deterministic generated id).' }),
});

const Respond = strict({
  match: PatternSchema.optional().meta({
    description:
      'Script only a response whose `response.created.response` matches, e.g. `{ "conversation_id": null }` for out-of-band.',
  }),
  text: z.string().optional().meta({
    description:
      'What the model says: the text of a text response, or the transcript of an audio one.',
  }),
  audio: z
    .union([
      strict({
        ms: z.number().int().min(1).meta({ description: 'Duration of synthetic speech.' }),
      }),
      strict({ file: AudioFile }),
    ])
    .optional()
    .meta({ description: 'The audio of an audio response (default: synthesised from `text`).' }),
  functionCalls: z
    .array(FunctionCall)
    .min(1)
    .optional()
    .meta({ description: 'Function calls, each an output item after the message (if any).' }),
  end: End.optional(),
}).meta({
  description:
    'Script the next response the server creates (after `response.create` or a VAD commit). Finishes when that response is created; its events then stream while later steps run. No content = no output items.',
});

const Emit = strict({
  events: z
    .array(z.looseObject({ type: z.string().min(1) }))
    .min(1)
    .meta({ description: 'Server events to send now (`event_id` is added when missing).' }),
  verbatim: z.boolean().optional().meta({
    description:
      'Send exactly as written, not encoded for the dialect and not validated (unknown events, extra fields). Default false: canonical GA events, validated.',
  }),
}).meta({ description: 'Send raw server events.' });

const Wait = strict({ ms: Ms }).meta({ description: 'Let virtual time pass.' });

const Vad = strict({
  event: z.enum(['speech_started', 'speech_stopped', 'timeout_triggered']),
}).meta({
  description:
    'Act as if server VAD decided now: `speech_started` (interrupts a response when `interrupt_response`), `speech_stopped` (commits, responds when `create_response`), `timeout_triggered`.',
});

const TranscribeItem = z
  .union([z.literal('last'), z.number().int().min(0)])
  .optional()
  .meta({ description: 'Which user audio item: `last` committed (default) or its 0-based index.' });

const Transcribe = z
  .union([
    strict({
      item: TranscribeItem,
      text: z.string(),
      deltas: z
        .boolean()
        .optional()
        .meta({ description: 'Stream word deltas first (default true).' }),
    }),
    strict({ item: TranscribeItem, error: ErrorDetail.partial({ type: true, code: true }) }),
  ])
  .meta({
    description:
      'Input transcription of a committed user audio item: `completed` with `text`, or `failed` with `error`.',
  });

const Fault = z
  .union([
    strict({
      error: strict({
        type: z.string().optional().meta({ description: 'Default `invalid_request_error`.' }),
        code: z.string().nullable(),
        message: z.string(),
        param: z.string().nullable().optional(),
        echoEventId: z.boolean().optional().meta({
          description: "Put the triggering client event's `event_id` in `error.event_id`.",
        }),
      }),
    }).meta({ description: 'Send an `error` event.' }),
    strict({
      rateLimit: strict({
        limits: z
          .array(
            strict({
              name: z.enum(['requests', 'tokens']),
              limit: z.number().int().min(0),
              remaining: z.number().int().min(0),
              resetSeconds: z.number().min(0),
            }),
          )
          .min(1),
      }),
    }).meta({ description: 'Send `rate_limits.updated` with these limits.' }),
    strict({
      delay: strict({
        ms: PositiveMs,
        match: EventPattern,
        count: z.number().int().min(1).optional(),
      }),
    }).meta({
      description: 'Hold the next `count` (default 1) server events matching `match` by `ms`.',
    }),
    strict({
      duplicate: strict({ match: EventPattern, count: z.number().int().min(1).optional() }),
    }).meta({ description: 'Send the next `count` (default 1) matching server events twice.' }),
    strict({ reorder: strict({ hold: EventPattern, until: EventPattern }) }).meta({
      description:
        'Hold the next server event matching `hold` until the next one matching `until` was sent (only legal orders).',
    }),
    strict({
      close: strict({
        code: z.number().int().min(1000).max(4999).optional(),
        reason: z.string().max(123).optional(),
      }),
    }).meta({
      description:
        'Close the connection: with `code` a close frame, without it a dropped socket (1006).',
    }),
  ])
  .meta({
    description: 'Misbehave on purpose: one of error, rateLimit, delay, duplicate, reorder, close.',
  });

/** The action schemas by key: a step has exactly one of these keys. */
export const STEP_ACTIONS = {
  expect: Expect,
  forbid: Forbid,
  user: User,
  respond: Respond,
  emit: Emit,
  wait: Wait,
  vad: Vad,
  transcribe: Transcribe,
  fault: Fault,
} as const;

export type StepAction = keyof typeof STEP_ACTIONS;

const stepOf = <K extends StepAction>(key: K) =>
  strict({ ...common, [key]: STEP_ACTIONS[key] } as typeof common & {
    [P in K]: (typeof STEP_ACTIONS)[K];
  });

/** One step: the shape for each action key. */
export const STEP_SCHEMAS = {
  expect: stepOf('expect'),
  forbid: stepOf('forbid'),
  user: stepOf('user'),
  respond: stepOf('respond'),
  emit: stepOf('emit'),
  wait: stepOf('wait'),
  vad: stepOf('vad'),
  transcribe: stepOf('transcribe'),
  fault: stepOf('fault'),
};

const StepSchema = z.union(
  Object.values(STEP_SCHEMAS) as [
    (typeof STEP_SCHEMAS)[StepAction],
    ...(typeof STEP_SCHEMAS)[StepAction][],
  ],
);

const SessionDefaults = ga.objects.RealtimeSessionConfig.partial({ type: true }).meta({
  description:
    'Session defaults applied at start, GA shape (`audio.input.turn_detection`, ...), translated for beta.',
});

/** The whole scenario file. */
export const ScenarioSchema = strict({
  $schema: z
    .string()
    .optional()
    .meta({ description: 'Path of scenario.schema.json, for editors.' }),
  name: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .meta({ description: 'Kebab-case id; equals the file name without `.json`.' }),
  description: z.string().min(1).meta({
    description: 'What the scenario exercises and what a correct client does.',
  }),
  rules: z.array(RuleId).optional().meta({ description: 'Rule ids the scenario exercises.' }),
  dialects: z
    .array(z.enum(['beta', 'ga']))
    .min(1)
    .max(2)
    .refine((d) => new Set(d).size === d.length, 'dialects must not repeat')
    .meta({ description: 'The dialects the scenario applies to.', uniqueItems: true }),
  connection: strict({
    sessionCreated: z.boolean().optional().meta({
      description:
        'Send `session.created` (beta also `conversation.created`) on open (default true). False for handshake failures.',
    }),
    intent: z.enum(['realtime', 'transcription']).optional().meta({
      description:
        'The kind of session the scenario plays (default `realtime`): `transcription` for transcription sessions, which clients open with `?intent=transcription`. A connection of the other kind is refused (`scenario_session_mismatch`, close 1008).',
    }),
  })
    .optional()
    .meta({ description: 'How the connection opens.' }),
  session: SessionDefaults.optional(),
  strict: z.boolean().meta({
    description:
      'When an `expect` matches, every earlier client event not matched and not in `allow` fails the scenario.',
  }),
  allow: z.array(EventType).optional().meta({
    description:
      'Client event types never unexpected (default: `session.update`, `input_audio_buffer.append`, `conversation.item.retrieve`).',
  }),
  steps: z.array(StepSchema).meta({ description: 'What happens, in order.' }),
}).meta({ title: 'Soundcheck scenario', description: 'A scripted mock-server session.' });

/** Client event types a strict scenario tolerates anywhere unless it lists its own `allow`. */
export const DEFAULT_ALLOW = [
  'session.update',
  'input_audio_buffer.append',
  'conversation.item.retrieve',
] as const;

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioStep = z.infer<typeof StepSchema>;
export type ScenarioTrigger = z.infer<typeof Trigger>;
export type ScenarioEventPattern = z.infer<typeof EventPattern>;

/** Schemas that go to `$defs` under a readable name (the rest is inlined). */
const DEFS = new Map<z.core.$ZodType, string>([
  [PatternSchema, 'Pattern'],
  [EventPattern, 'EventPattern'],
  [Trigger, 'Trigger'],
  [AudioFile, 'AudioFile'],
  [ErrorDetail, 'ErrorDetail'],
  [SessionDefaults, 'SessionDefaults'],
  ...Object.entries(STEP_SCHEMAS).map(
    ([key, schema]) => [schema, `${key[0]?.toUpperCase()}${key.slice(1)}Step`] as const,
  ),
]);

/** The JSON Schema (draft 2020-12) of a scenario file, as written to scenario.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> {
  // Answers with the global metadata (descriptions) plus a `$defs` id for the schemas above.
  const metadata = new z.core.$ZodRegistry<z.core.GlobalMeta>();
  metadata.get = (schema) => {
    const base = z.globalRegistry.get(schema);
    const id = DEFS.get(schema);
    return id === undefined ? base : { ...base, id };
  };
  const schema = z.toJSONSchema(ScenarioSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    metadata,
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    $comment:
      'Generated by packages/mock-server/scripts/generate-scenario-schema.mjs from src/scenario/format.ts. Do not edit: run `pnpm generate`.',
    ...rest,
  };
}
