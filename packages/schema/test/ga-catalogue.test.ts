// The GA catalogue: the 11 client and 46 server events of the GA unions (spec `RealtimeClientEvent`
// / `RealtimeServerEvent`, SDK `resources/realtime`, events.json `ga.client` / `ga.server`), keyed
// by wire `type`, one exported type per event by the naming rule, a named schema per shared
// object, and field docs that reach JSON Schema.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ga } from '../src/index.js';
import { client, issues, paths, server } from './ga-helpers.js';

const CLIENT = [
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.retrieve',
  'conversation.item.truncate',
  'conversation.item.delete',
  'response.create',
  'response.cancel',
  'output_audio_buffer.clear',
] as const;
const SERVER = [
  'error',
  'session.created',
  'session.updated',
  'conversation.created',
  'conversation.item.created',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.retrieved',
  'conversation.item.input_audio_transcription.completed',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.segment',
  'conversation.item.input_audio_transcription.failed',
  'conversation.item.truncated',
  'conversation.item.deleted',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'input_audio_buffer.timeout_triggered',
  'input_audio_buffer.dtmf_event_received',
  'output_audio_buffer.started',
  'output_audio_buffer.stopped',
  'output_audio_buffer.cleared',
  'response.created',
  'response.done',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_audio_transcript.delta',
  'response.output_audio_transcript.done',
  'response.output_audio.delta',
  'response.output_audio.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.mcp_call_arguments.delta',
  'response.mcp_call_arguments.done',
  'response.mcp_call.in_progress',
  'response.mcp_call.completed',
  'response.mcp_call.failed',
  'mcp_list_tools.in_progress',
  'mcp_list_tools.completed',
  'mcp_list_tools.failed',
  'rate_limits.updated',
];

describe('GA event maps', () => {
  it('hold exactly the 11 client and 46 server events of the GA unions', () => {
    expect(Object.keys(ga.clientEvents).sort()).toEqual([...CLIENT].sort());
    expect(Object.keys(ga.serverEvents).sort()).toEqual([...SERVER].sort());
    expect(Object.keys(ga.strict.serverEvents).sort()).toEqual([...SERVER].sort());
    expect(Object.keys(ga.lenient.clientEvents).sort()).toEqual([...CLIENT].sort());
  });

  it('leave out the spec-only transcription_session.* events, and point to the GA name', () => {
    expect(Object.keys(ga.clientEvents)).not.toContain('transcription_session.update');
    expect(Object.keys(ga.serverEvents)).not.toContain('transcription_session.updated');
    const r = client({ type: 'transcription_session.update', session: {} });
    expect(issues(r)[0]).toMatchObject({ path: ['type'], code: 'unknown_event_type' });
    expect(r.error?.message).toContain('"session.update"');
  });

  it('make event_id optional on client events', () => {
    for (const schema of Object.values(ga.clientEvents)) {
      expect(schema.shape.event_id.safeParse(undefined).success).toBe(true);
      expect(schema.shape.event_id.safeParse('event_1').success).toBe(true);
    }
    // The spec caps client event ids at 512 characters (not for output_audio_buffer.clear).
    const r = client({ type: 'input_audio_buffer.commit', event_id: 'e'.repeat(513) });
    expect(issues(r)[0]).toMatchObject({ path: ['event_id'], code: 'too_big' });
  });

  it('require event_id on every server event but input_audio_buffer.dtmf_event_received', () => {
    for (const [type, schema] of Object.entries(ga.serverEvents)) {
      const optional = type === 'input_audio_buffer.dtmf_event_received';
      expect([type, schema.shape.event_id.safeParse(undefined).success]).toEqual([type, optional]);
    }
    const r = server({ type: 'input_audio_buffer.cleared' });
    expect(issues(r)).toEqual([
      expect.objectContaining({ path: ['event_id'], code: 'invalid_type' }),
    ]);
  });

  it('discriminate both unions on type: an unknown tag fails at $.type', () => {
    for (const union of [ga.ClientEvent, ga.ServerEvent]) {
      const r = union.safeParse({ type: 'response.unknown', event_id: 'e' });
      expect(r.error?.issues[0]).toMatchObject({ code: 'invalid_union', path: ['type'] });
    }
    expect(
      ga.ServerEvent.safeParse({ type: 'input_audio_buffer.cleared', event_id: 'e' }).success,
    ).toBe(true);
  });

  it('reject unknown keys in strict client events and keep them in lenient server events', () => {
    const strict = client({ type: 'input_audio_buffer.clear', extra: true });
    expect(issues(strict)[0]).toMatchObject({ path: [], code: 'unrecognized_keys' });
    const lenient = server({ type: 'input_audio_buffer.cleared', event_id: 'e', extra: { a: 1 } });
    expect(lenient.data).toEqual({
      type: 'input_audio_buffer.cleared',
      event_id: 'e',
      extra: { a: 1 },
    });
    expect(
      paths(
        server({ type: 'input_audio_buffer.cleared', event_id: 'e', extra: 1 }, { strict: true }),
      ),
    ).toEqual([[]]);
  });
});

describe('GA shared objects', () => {
  const NAMES = [
    'AudioFormat',
    'AudioInput',
    'AudioOutput',
    'ClientSecretCreateRequest',
    'ClientSecretCreateResponse',
    'ContentPart',
    'ErrorObject',
    'FunctionTool',
    'InputAudioTranscription',
    'Item',
    'ItemReference',
    'MaxOutputTokens',
    'McpTool',
    'Metadata',
    'NoiseReduction',
    'OutputModalities',
    'Prompt',
    'RateLimit',
    'RealtimeSession',
    'RealtimeSessionConfig',
    'Response',
    'ResponseCreateParams',
    'ResponseStatus',
    'ResponseStatusDetails',
    'SemanticVad',
    'ServerVad',
    'Session',
    'SessionConfig',
    'Tool',
    'ToolChoice',
    'Tracing',
    'TranscriptionSession',
    'TranscriptionSessionConfig',
    'Truncation',
    'TurnDetection',
    'Usage',
    'Voice',
  ];

  it('are named in PascalCase and include every object of the inventory (G1–G8)', () => {
    const names = Object.keys(ga.objects);
    for (const name of NAMES) expect(names).toContain(name);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('use the discriminated union for every tagged union', () => {
    const tagged = [
      'AudioFormat',
      'TurnDetection',
      'Tool',
      'Item',
      'ContentPart',
      'SessionConfig',
      'Session',
      'TranscriptionUsage',
      'McpError',
      'ResponseContentPart',
      'UserContent',
      'AssistantContent',
      'SystemContent',
      'MessageItem',
    ] as const;
    for (const name of tagged) {
      expect([name, ga.objects[name]]).toEqual([name, expect.any(z.ZodDiscriminatedUnion)]);
    }
  });

  it('carry field docs into JSON Schema', () => {
    const json = z.toJSONSchema(ga.objects.AudioOutput) as {
      properties: Record<string, { description?: string }>;
    };
    expect(json.properties.speed?.description).toContain('0.25–1.5');
    const event = z.toJSONSchema(ga.clientEvents['response.create']) as {
      properties: Record<string, { description?: string }>;
    };
    expect(event.properties.event_id?.description).toContain('client-generated');
  });
});

describe('GA types', () => {
  it('are named by the wire type in PascalCase plus Event', () => {
    expectTypeOf<
      ga.ResponseOutputAudioTranscriptDeltaEvent['type']
    >().toEqualTypeOf<'response.output_audio_transcript.delta'>();
    expectTypeOf<
      ga.McpListToolsInProgressEvent['type']
    >().toEqualTypeOf<'mcp_list_tools.in_progress'>();
    expectTypeOf<ga.InputAudioBufferDtmfEventReceivedEvent['event_id']>().toEqualTypeOf<
      string | undefined
    >();
    expectTypeOf<ga.ErrorEvent['event_id']>().toEqualTypeOf<string>();
    expectTypeOf<
      ga.ConversationItemInputAudioTranscriptionSegmentEvent['speaker']
    >().toEqualTypeOf<string>();
    expectTypeOf<ga.ResponseMcpCallArgumentsDoneEvent['arguments']>().toEqualTypeOf<string>();
    expectTypeOf<ga.SessionUpdateEvent['session']['type']>().toEqualTypeOf<
      'realtime' | 'transcription'
    >();
    expectTypeOf<ga.AudioFormat['type']>().toEqualTypeOf<
      'audio/pcm' | 'audio/pcmu' | 'audio/pcma'
    >();
    expectTypeOf<ga.MaxOutputTokens>().toEqualTypeOf<number | 'inf'>();
    expectTypeOf<ga.ClientEvent['type']>().toEqualTypeOf<(typeof CLIENT)[number]>();
    // Narrowing on type reaches the event's own fields.
    const e = {} as ga.ServerEvent;
    if (e.type === 'response.output_audio.delta') expectTypeOf(e.delta).toEqualTypeOf<string>();
    expect(true).toBe(true);
  });
});
