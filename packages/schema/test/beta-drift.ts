// The intentional differences of the beta schemas from the `openai` SDK types
// (resources/beta/realtime) and from the OpenAPI description, with their reasons.
// drift-exceptions.ts spreads them into `sdkDrift` and `openApiDrift` (the checks:
// sdk-drift.test-d.ts, openapi-drift.test.ts; rendered in DRIFT.md).
import type { OpenApiDrift, SdkDrift } from './drift-exceptions.js';

const sdkServer = <E extends string, F extends string, K extends 'field' | 'null'>(
  event: E,
  field: F,
  kind: K,
  reason: string,
) => ({ dialect: 'beta', direction: 'server', event, field, kind, reason }) as const;
const sdkClient = <E extends string, F extends string>(event: E, field: F, reason: string) =>
  ({ dialect: 'beta', direction: 'client', event, field, kind: 'field', reason }) as const;

const TRANSCRIPT_NULL =
  'The wire sends `transcript: null` on audio parts until the audio is transcribed (or when transcription is off); the SDK types `string`.';
const TAGGED = 'a discriminated union needs its tag; the SDK marks it optional.';
const JSON_OBJECT = 'a JSON object (spec `type: object`); the SDK types it `unknown`.';
const OFF_WITH_NULL = (what: string) =>
  `\`null\` turns ${what} off (spec description; servers echo \`null\` in session events); the SDK types an object.`;
const LANGUAGE_NULL =
  'The spec’s own transcription-session examples send `"language": null`; `prompt` is read the same way.';

/** Items carried at `at` by a server event: audio parts with a `null` transcript. */
const itemNulls = <E extends string, P extends string>(event: E, at: P) =>
  sdkServer(event, `${at}.content.transcript`, 'null', TRANSCRIPT_NULL);

/** The session object of `session.created` / `session.updated`. */
const sessionObject = <E extends string>(event: E) =>
  [
    sdkServer(
      event,
      'session.model',
      'field',
      'Any model name: beta sessions also ran GA models (`gpt-realtime`, python SDK 2025-10-01) and Azure deployment names; the SDK enumerates the 2024–25 preview models.',
    ),
    sdkServer(
      event,
      'session.tool_choice',
      'field',
      'The wire also takes and echoes the function form `{type:"function", name}` (spec text: "or specify a function"); the SDK types `string`.',
    ),
    sdkServer(event, 'session.input_audio_transcription', 'null', OFF_WITH_NULL('transcription')),
    sdkServer(event, 'session.input_audio_transcription.language', 'null', LANGUAGE_NULL),
    sdkServer(event, 'session.input_audio_transcription.prompt', 'null', LANGUAGE_NULL),
    sdkServer(
      event,
      'session.turn_detection',
      'null',
      OFF_WITH_NULL('turn detection (manual mode)'),
    ),
    sdkServer(
      event,
      'session.input_audio_noise_reduction',
      'null',
      OFF_WITH_NULL('noise reduction'),
    ),
    sdkServer(event, 'session.tracing', 'null', OFF_WITH_NULL('tracing')),
  ] as const;

/** The response object of `response.created` / `response.done`. */
const responseObject = <E extends string>(event: E) =>
  [
    itemNulls(event, 'response.output'),
    sdkServer(
      event,
      'response.usage',
      'null',
      '`response.created` sends `usage: null` (spec example); the SDK types an object.',
    ),
    sdkServer(
      event,
      'response.status_details',
      'null',
      '`status_details: null` while in progress or completed (spec examples); the SDK types an object.',
    ),
    sdkServer(
      event,
      'response.conversation_id',
      'null',
      '`null` for an out-of-band response (`conversation: "none"`); the SDK types `string`.',
    ),
  ] as const;

/**
 * Items a client sends at `at`. The SDK types one flat item whose fields are all optional; ours
 * is a union tagged by `type` (and `role`), with each member's required fields, so no single
 * field explains the difference: the whole item is listed. The server-event check compares the
 * same item schemas field by field (ours → SDK).
 */
const clientItem = <E extends string, P extends string>(event: E, at: P) =>
  sdkClient(
    event,
    at,
    'A union tagged by `type` (`message` with `role`, `function_call`, `function_call_output`; `item_reference` in `response.input`) whose members require what the server requires (`type`, message `role`, `text` of text parts — "Missing required parameter: \'item.content[0].text\'" —, `id` of item references, function `name`/`arguments`, output `call_id`/`output`); the SDK types one flat item with every field optional.',
  );

/** Function tools a client sends at `at`. */
const clientTools = <E extends string, P extends string>(event: E, at: P) =>
  [
    sdkClient(event, `${at}.type`, `Tools are ${TAGGED}`),
    sdkClient(event, `${at}.name`, 'A function tool needs its name; the SDK marks it optional.'),
    sdkClient(event, `${at}.parameters`, `Function parameters are ${JSON_OBJECT}`),
  ] as const;

/** Beta differences from the `openai` SDK types. */
export const betaSdkDrift = [
  itemNulls('conversation.item.created', 'item'),
  itemNulls('conversation.item.retrieved', 'item'),
  itemNulls('response.output_item.added', 'item'),
  itemNulls('response.output_item.done', 'item'),
  sdkServer('response.content_part.added', 'part.transcript', 'null', TRANSCRIPT_NULL),
  sdkServer('response.content_part.done', 'part.transcript', 'null', TRANSCRIPT_NULL),
  ...responseObject('response.created'),
  ...responseObject('response.done'),
  ...sessionObject('session.created'),
  ...sessionObject('session.updated'),
  sdkServer(
    'conversation.item.input_audio_transcription.completed',
    'usage',
    'field',
    'Optional: `usage` came to the beta wire in 2025-07; earlier beta servers and the spec example (2025-04) do not send it. The SDK requires it.',
  ),
  sdkServer(
    'conversation.item.input_audio_transcription.failed',
    'error.param',
    'null',
    'The wire sends `param: null` (spec example); the SDK types `string`.',
  ),
  sdkServer(
    'transcription_session.updated',
    'session.client_secret',
    'field',
    'Optional: the secret "is not present when a session is updated via the WebSocket API" (spec text); the SDK reuses the REST response type, where it is required.',
  ),
  sdkServer(
    'transcription_session.updated',
    'session.input_audio_transcription',
    'null',
    OFF_WITH_NULL('transcription'),
  ),
  sdkServer(
    'transcription_session.updated',
    'session.input_audio_transcription.model',
    'field',
    'Any model name (Azure: a transcription deployment name; newer transcribe models); the SDK enumerates three.',
  ),
  sdkServer(
    'transcription_session.updated',
    'session.input_audio_transcription.language',
    'null',
    LANGUAGE_NULL,
  ),
  sdkServer(
    'transcription_session.updated',
    'session.input_audio_transcription.prompt',
    'null',
    LANGUAGE_NULL,
  ),
  sdkServer(
    'transcription_session.updated',
    'session.turn_detection',
    'null',
    OFF_WITH_NULL('turn detection (manual mode)'),
  ),
  clientItem('conversation.item.create', 'item'),
  clientItem('response.create', 'response.input'),
  ...clientTools('session.update', 'session.tools'),
  ...clientTools('response.create', 'response.tools'),
  sdkClient('session.update', 'session.tracing.metadata', `\`tracing.metadata\` is ${JSON_OBJECT}`),
  {
    dialect: 'beta',
    direction: 'server',
    event: 'transcription_session.created',
    field: '',
    kind: 'not-in-sdk',
    reason:
      'The first event of a `?intent=transcription` connection; documented only in the 2026 spec’s `RealtimeBetaServerEventTranscriptionSessionCreated`, absent from both SDK unions.',
  },
] as const satisfies readonly SdkDrift[];

// ---- the OpenAPI description ----
//
// The reference is the 2026 spec, whose `RealtimeBeta*` schemas are not the beta wire protocol
// (INV §7.1): they carry GA event names for the output events, GA items (with MCP and role-split
// messages) and GA-only events. The beta schemas follow the 2025-04 spec and the beta SDK, so the
// differences below are those of the beta wire from that family.

type Kind = OpenApiDrift['kind'];
const BETA_FAMILY =
  'The 2026 spec’s `RealtimeBeta*` family mirrors GA (INV §7.1); the beta wire (2025-04 spec, beta SDK union)';

const onEvent = (
  direction: 'client' | 'server',
  event: string,
  field: string,
  kind: Kind,
  reason: string,
) => ({ dialect: 'beta', direction, event, field, kind, reason }) as const satisfies OpenApiDrift;
const onObject = (
  direction: 'client' | 'server',
  component: string,
  field: string,
  kind: Kind,
  reason: string,
) =>
  ({ dialect: 'beta', direction, component, field, kind, reason }) as const satisfies OpenApiDrift;
/** A difference of a shared object that client and server events both carry. */
const onObjectBoth = (component: string, field: string, kind: Kind, reason: string) => [
  onObject('client', component, field, kind, reason),
  onObject('server', component, field, kind, reason),
];

const renamed = (spec: string, ours: string): OpenApiDrift => ({
  dialect: 'beta',
  direction: 'server',
  event: spec,
  field: '',
  kind: 'renamed',
  ours,
  reason: `${BETA_FAMILY} names it \`${ours}\` (renamed in GA).`,
});

const gaOnly = (event: string, what: string) =>
  onEvent(
    'server',
    event,
    '',
    'not-here',
    `GA only (${what}): not in the beta SDK union nor the beta spec; the 2026 \`RealtimeBeta*\` family copies it from GA.`,
  );

const MESSAGES = ['System', 'User', 'Assistant'] as const;
const TEXT_REQUIRED =
  '`text` is required on `input_text` / `text` parts: the server answers `missing_required_parameter` "item.content[0].text" without it (server events always carry it, `""` at first).';
const TOOL_TAGGED =
  'A function tool is tagged by `type` and called by `name`; the spec marks both optional, a nameless tool cannot be called.';

/** Beta differences from the OpenAPI description. */
export const betaOpenApiDrift: readonly OpenApiDrift[] = [
  // Event names and events.
  renamed('response.output_text.delta', 'response.text.delta'),
  renamed('response.output_text.done', 'response.text.done'),
  renamed('response.output_audio.delta', 'response.audio.delta'),
  renamed('response.output_audio.done', 'response.audio.done'),
  renamed('response.output_audio_transcript.delta', 'response.audio_transcript.delta'),
  renamed('response.output_audio_transcript.done', 'response.audio_transcript.done'),
  gaOnly('conversation.item.input_audio_transcription.segment', 'diarization, 2025-11'),
  ...[
    'mcp_list_tools.in_progress',
    'mcp_list_tools.completed',
    'mcp_list_tools.failed',
    'response.mcp_call_arguments.delta',
    'response.mcp_call_arguments.done',
    'response.mcp_call.in_progress',
    'response.mcp_call.completed',
    'response.mcp_call.failed',
  ].map((event) => gaOnly(event, 'MCP tools')),
  onEvent(
    'server',
    'conversation.created',
    '',
    'not-in-spec',
    'Sent right after `session.created` by beta servers (2024-10 launch; beta SDK union, 2025-04 spec); missing from the 2026 `RealtimeBeta*` family.',
  ),
  ...[
    'output_audio_buffer.started',
    'output_audio_buffer.stopped',
    'output_audio_buffer.cleared',
  ].map((event) =>
    onEvent(
      'server',
      event,
      '',
      'not-in-spec',
      'WebRTC only; in the beta SDK union and the 2025-04 spec; missing from the 2026 `RealtimeBeta*` family.',
    ),
  ),
  // Items: the beta item is one message shape for every role, with beta content part types.
  ...onObjectBoth(
    'RealtimeConversationItem',
    'type',
    'enum',
    `${BETA_FAMILY} has \`message\`, \`function_call\`, \`function_call_output\` items only: MCP items are GA only.`,
  ),
  ...MESSAGES.flatMap((role) => [
    ...onObjectBoth(
      `RealtimeConversationItemMessage${role}`,
      'content',
      'required-in-spec',
      `${BETA_FAMILY} marks \`content\` optional on messages.`,
    ),
    ...onObjectBoth(
      `RealtimeConversationItemMessage${role}`,
      'content.type',
      'required-here',
      'Content parts are a union tagged by `type`.',
    ),
    ...onObjectBoth(
      `RealtimeConversationItemMessage${role}`,
      'content.text',
      'required-here',
      TEXT_REQUIRED,
    ),
    ...onObjectBoth(
      `RealtimeConversationItemMessage${role}`,
      'content.id',
      'required-here',
      'An `item_reference` part names the item it references (`id`).',
    ),
    ...onObjectBoth(
      `RealtimeConversationItemMessage${role}`,
      'content.type',
      'enum',
      `${BETA_FAMILY} part types are \`input_text\`, \`input_audio\`, \`item_reference\`, \`text\`, \`audio\` (GA: \`output_*\`, \`input_image\`); one message shape serves every role, and a check limits the parts per role (system: \`input_text\`; user: + \`input_audio\`; assistant: \`text\`, \`audio\`).`,
    ),
  ]),
  onEvent(
    'server',
    'response.content_part.added',
    'part.type',
    'required-here',
    'Content parts are a union tagged by `type`.',
  ),
  onEvent(
    'server',
    'response.content_part.done',
    'part.type',
    'required-here',
    'Content parts are a union tagged by `type`.',
  ),
  onEvent('server', 'response.content_part.added', 'part.text', 'required-here', TEXT_REQUIRED),
  onEvent('server', 'response.content_part.done', 'part.text', 'required-here', TEXT_REQUIRED),
  // Sessions, tools, responses.
  onObject(
    'client',
    'VoiceIdsOrCustomVoice',
    '',
    'variant',
    'Beta voices are names only; custom voice objects `{id}` came with GA (2026-03).',
  ),
  onObject(
    'client',
    'RealtimeSessionCreateRequest',
    'client_secret',
    'required-in-spec',
    'A 2026 spec artefact (INV §7.1): `session.update` cannot require a client secret; the beta spec and SDK make it an optional `{expires_after}` request.',
  ),
  onObject(
    'client',
    'RealtimeSessionCreateRequest',
    'client_secret.value',
    'required-in-spec',
    'The 2026 spec puts the REST response’s secret (`value`, `expires_at`) into the request; the request takes `expires_after`.',
  ),
  onObject(
    'client',
    'RealtimeSessionCreateRequest',
    'client_secret.expires_at',
    'required-in-spec',
    'The 2026 spec puts the REST response’s secret (`value`, `expires_at`) into the request; the request takes `expires_after`.',
  ),
  onObject('client', 'RealtimeSessionCreateRequest', 'tools.type', 'required-here', TOOL_TAGGED),
  onObject('client', 'RealtimeSessionCreateRequest', 'tools.name', 'required-here', TOOL_TAGGED),
  onObject(
    'client',
    'RealtimeBetaResponseCreateParams',
    'tools.type',
    'required-here',
    TOOL_TAGGED,
  ),
  onObject(
    'client',
    'RealtimeBetaResponseCreateParams',
    'tools.name',
    'required-here',
    TOOL_TAGGED,
  ),
  onObject('server', 'RealtimeFunctionTool', 'type', 'required-here', TOOL_TAGGED),
  onObject('server', 'RealtimeFunctionTool', 'name', 'required-here', TOOL_TAGGED),
  onObject(
    'client',
    'RealtimeBetaResponseCreateParams',
    'tool_choice.type',
    'enum',
    'Beta `tool_choice` forces a function only: MCP tools are GA only.',
  ),
  onObject(
    'client',
    'RealtimeTranscriptionSessionCreateRequest',
    'turn_detection.type',
    'required-here',
    '`semantic_vad` is chosen by its tag (`server_vad` stays the default when `type` is left out).',
  ),
  onObject(
    'client',
    'RealtimeTranscriptionSessionCreateRequest',
    'turn_detection.type',
    'enum',
    'Transcription sessions take `semantic_vad` too (beta SDK `TranscriptionSessionUpdate`, 2025-03 changelog); the spec lists `server_vad` only.',
  ),
  onObject(
    'server',
    'RealtimeTurnDetection',
    'type',
    'required-in-spec',
    '`type` may be left out of `server_vad` turn detection (the default) in the beta spec and SDK.',
  ),
  onObject(
    'server',
    'RealtimeTranscriptionSessionCreateResponse',
    'client_secret',
    'required-in-spec',
    'The secret "is not present when a session is updated via the WebSocket API" (spec text); the REST response shape requires it.',
  ),
  onObject(
    'server',
    'RealtimeBetaResponse',
    'status_details.type',
    'required-here',
    '`status_details` is a union tagged by `type` per final status (shared with GA).',
  ),
  onEvent(
    'server',
    'conversation.item.input_audio_transcription.completed',
    'usage',
    'required-in-spec',
    '`usage` came to the beta wire in 2025-07; earlier beta servers and the 2025-04 spec example do not send it.',
  ),
  onEvent(
    'server',
    'response.function_call_arguments.done',
    'name',
    'required-in-spec',
    '`name` was added to the GA event (2026-02); the beta SDK event has none (lenient parsing keeps it if sent).',
  ),
];
