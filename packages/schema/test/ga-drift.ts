// The intentional differences of the GA schemas from the `openai` SDK types and from the OpenAPI
// description, with their reasons. drift-exceptions.ts spreads them into `sdkDrift` and
// `openApiDrift` (the checks: sdk-drift.test-d.ts, openapi-drift.test.ts; rendered in DRIFT.md).
import type { OpenApiDrift, SdkDrift } from './drift-exceptions.js';

const WIRE_PARTS =
  'Lenient parsing follows the wire: GA servers send beta-style assistant parts `text` / `audio` (a captured `conversation.item.retrieved` in the spec) that the SDK does not type.';
const WIRE_PART_NULLS =
  'GA servers send `null` audio and transcript in content parts (OpenAI’s own GA client accepts it); so do we, the SDK types `string`.';
const TAGGED = 'a discriminated union on `type`, so `type` is required; the SDK marks it optional.';
const TAGGED_SPEC =
  'a discriminated union on `type`, so `type` is required; the spec marks it optional.';
const JSON_OBJECT = 'a JSON object (spec `type: object`); the SDK types it `unknown`.';

const server = <E extends string, F extends string>(event: E, field: F, reason: string) =>
  ({ dialect: 'ga', direction: 'server', event, field, kind: 'field', reason }) as const;
/** The field admits `null` here, not in the SDK; the rest of its type is still checked. */
const serverNull = <E extends string, F extends string>(event: E, field: F, reason: string) =>
  ({ dialect: 'ga', direction: 'server', event, field, kind: 'null', reason }) as const;
const client = <E extends string, F extends string>(event: E, field: F, reason: string) =>
  ({ dialect: 'ga', direction: 'client', event, field, kind: 'field', reason }) as const;

/** The wire differences of message content in one server event that carries items at `at`. */
const wireContent = <E extends string, P extends string>(event: E, at: P) =>
  [
    server(event, `${at}.content.type`, WIRE_PARTS),
    serverNull(event, `${at}.content.audio`, WIRE_PART_NULLS),
    serverNull(event, `${at}.content.transcript`, WIRE_PART_NULLS),
  ] as const;

/** Client items: tagged content parts, text required, MCP tool schemas as JSON objects. */
const clientItems = <E extends string, P extends string>(event: E, at: P) =>
  [
    client(event, `${at}.content.type`, `Content parts are ${TAGGED}`),
    client(
      event,
      `${at}.content.text`,
      'Required on `input_text` / `output_text` parts: the server answers `missing_required_parameter` "item.content[0].text" without it. The SDK types one content shape with every field optional.',
    ),
    client(event, `${at}.tools.input_schema`, `An MCP tool input schema is ${JSON_OBJECT}`),
    client(event, `${at}.tools.annotations`, `MCP tool annotations are ${JSON_OBJECT}`),
  ] as const;

const sessionNulls = <E extends string>(event: E) =>
  [
    serverNull(
      event,
      'session.include',
      'GA servers send `include: null` (captured `session.created`); we accept it, the SDK types an array.',
    ),
    serverNull(
      event,
      'session.audio.input.transcription',
      '`null` turns input transcription off (spec description) and `session.created` sends `null`; the SDK types an object.',
    ),
    serverNull(
      event,
      'session.audio.input.noise_reduction',
      '`null` turns noise reduction off (spec description) and `session.created` sends `null`; the SDK types an object.',
    ),
  ] as const;

const responseObject = <E extends string>(event: E) =>
  [
    ...wireContent(event, 'response.output'),
    serverNull(
      event,
      'response.conversation_id',
      '`null` for an out-of-band response (`conversation: "none"`), as the spec describes; the SDK types `string`.',
    ),
    serverNull(
      event,
      'response.status_details',
      'Tagged by `type` per final status (shared with beta), and `null` on the wire while in progress or completed; the SDK types one flat object.',
    ),
    serverNull(
      event,
      'response.usage',
      '`null` in `response.created` on the wire (captured payload); the SDK types an object.',
    ),
  ] as const;

const toolsAndFormats = <E extends string, P extends string>(event: E, at: P) =>
  [
    client(event, `${at}.tools.type`, `Tools are ${TAGGED}`),
    client(event, `${at}.tools.parameters`, `Function parameters are ${JSON_OBJECT}`),
  ] as const;

/** GA differences from the `openai` SDK types. */
export const gaSdkDrift = [
  ...wireContent('conversation.item.created', 'item'),
  ...wireContent('conversation.item.added', 'item'),
  ...wireContent('conversation.item.done', 'item'),
  ...wireContent('conversation.item.retrieved', 'item'),
  ...wireContent('response.output_item.added', 'item'),
  ...wireContent('response.output_item.done', 'item'),
  serverNull(
    'conversation.item.input_audio_transcription.failed',
    'error.param',
    'The wire sends `param: null` (spec example); the SDK types `string`.',
  ),
  ...sessionNulls('session.created'),
  ...sessionNulls('session.updated'),
  ...responseObject('response.created'),
  ...responseObject('response.done'),
  server(
    'response.content_part.added',
    'part.type',
    'Accepts `output_text` / `output_audio` besides the spec’s `text` / `audio`: the GA item types, sent by other GA servers (INV §7.3).',
  ),
  server(
    'response.content_part.done',
    'part.type',
    'Accepts `output_text` / `output_audio` besides the spec’s `text` / `audio`: the GA item types, sent by other GA servers (INV §7.3).',
  ),
  ...clientItems('conversation.item.create', 'item'),
  ...clientItems('response.create', 'response.input'),
  client('session.update', 'session.tracing.metadata', `\`tracing.metadata\` is ${JSON_OBJECT}`),
  ...toolsAndFormats('session.update', 'session'),
  client('session.update', 'session.audio.input.format.type', `Audio formats are ${TAGGED}`),
  client('session.update', 'session.audio.output.format.type', `Audio formats are ${TAGGED}`),
  ...toolsAndFormats('response.create', 'response'),
  client('response.create', 'response.audio.output.format.type', `Audio formats are ${TAGGED}`),
] as const satisfies readonly SdkDrift[];

const component = <C extends string, F extends string>(
  direction: 'client' | 'server',
  name: C,
  field: F,
  kind: OpenApiDrift['kind'],
  reason: string,
) => ({ dialect: 'ga', direction, component: name, field, kind, reason }) as const;
const event = <E extends string, F extends string>(
  direction: 'client' | 'server',
  name: E,
  field: F,
  kind: OpenApiDrift['kind'],
  reason: string,
) => ({ dialect: 'ga', direction, event: name, field, kind, reason }) as const;

const TEXT_REQUIRED =
  '`text` is required on `input_text` / `output_text` parts: the server answers `missing_required_parameter` "item.content[0].text" without it.';
const both = (
  name: string,
  field: string,
  kind: OpenApiDrift['kind'],
  reason: string,
): OpenApiDrift[] => [
  component('client', name, field, kind, reason),
  component('server', name, field, kind, reason),
];

/** GA differences from the OpenAPI description. */
export const gaOpenApiDrift: readonly OpenApiDrift[] = [
  ...both('RealtimeAudioFormats', 'type', 'required-here', `Audio formats are ${TAGGED_SPEC}`),
  ...both('RealtimeFunctionTool', 'type', 'required-here', `Tools are ${TAGGED_SPEC}`),
  ...['System', 'User', 'Assistant'].flatMap((role) => [
    ...both(
      `RealtimeConversationItemMessage${role}`,
      'content.type',
      'required-here',
      `Content parts are ${TAGGED_SPEC}`,
    ),
    ...both(
      `RealtimeConversationItemMessage${role}`,
      'content.text',
      'required-here',
      TEXT_REQUIRED,
    ),
  ]),
  component(
    'server',
    'RealtimeConversationItemMessageAssistant',
    'content.type',
    'enum',
    WIRE_PARTS,
  ),
  component(
    'client',
    'RealtimeConversationItem',
    'type',
    'enum',
    '`response.create` input also takes `item_reference` (spec description and example, SDK `ResponseItemReference`).',
  ),
  component(
    'server',
    'RealtimeResponse',
    'status_details.type',
    'required-here',
    '`status_details` is tagged by `type` per final status (shared with beta).',
  ),
  ...['response.content_part.added', 'response.content_part.done'].flatMap((name) => [
    event('server', name, 'part.type', 'required-here', `Content parts are ${TAGGED_SPEC}`),
    event(
      'server',
      name,
      'part.type',
      'enum',
      'Accepts `output_text` / `output_audio` besides the spec’s `text` / `audio`: the GA item types, sent by other GA servers (INV §7.3).',
    ),
  ]),
];
