// The beta catalogue: every event of the inventory (INV §3.1, §3.2: 12 client, 34 server events
// plus `transcription_session.created`), keyed by wire `type`, one exported type per event, a
// named schema per shared object, and JSON Schema that carries the field docs.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { beta, parseClientEvent, parseServerEvent } from '../src/index.js';

/** `events.json` `beta.client` (INV §3.1). */
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
  'transcription_session.update',
  'output_audio_buffer.clear',
] as const;
/** `events.json` `beta.server` (INV §3.2) plus `beta.server_documented_outside_sdk_unions`. */
const SERVER = [
  'error',
  'session.created',
  'session.updated',
  'transcription_session.updated',
  'conversation.created',
  'conversation.item.created',
  'conversation.item.retrieved',
  'conversation.item.input_audio_transcription.completed',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.failed',
  'conversation.item.truncated',
  'conversation.item.deleted',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'output_audio_buffer.started',
  'output_audio_buffer.stopped',
  'output_audio_buffer.cleared',
  'response.created',
  'response.done',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.text.delta',
  'response.text.done',
  'response.audio_transcript.delta',
  'response.audio_transcript.done',
  'response.audio.delta',
  'response.audio.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'rate_limits.updated',
  'transcription_session.created',
] as const;

describe('beta event maps', () => {
  it('hold exactly the 12 client and 35 server events of the inventory', () => {
    expect(Object.keys(beta.clientEvents)).toEqual(CLIENT);
    expect(Object.keys(beta.serverEvents)).toEqual(SERVER);
    expect(Object.keys(beta.strict.serverEvents)).toEqual(SERVER);
    expect(Object.keys(beta.lenient.clientEvents)).toEqual(CLIENT);
  });

  it('make event_id optional on client events and required on server events', () => {
    for (const schema of Object.values(beta.clientEvents)) {
      expect(schema.shape.event_id.safeParse(undefined).success).toBe(true);
    }
    for (const schema of Object.values(beta.serverEvents)) {
      expect(schema.shape.event_id.safeParse(undefined).success).toBe(false);
      expect(schema.shape.event_id.safeParse('event_1').success).toBe(true);
    }
  });

  it('report a server event without event_id at $.event_id', () => {
    const r = parseServerEvent({ type: 'input_audio_buffer.cleared' }, { dialect: 'beta' });
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['event_id'], code: 'invalid_type' }),
    ]);
  });

  it('name every event type by the one rule (wire type in PascalCase + Event)', () => {
    expectTypeOf<beta.SessionUpdateEvent['type']>().toEqualTypeOf<'session.update'>();
    expectTypeOf<
      beta.InputAudioBufferAppendEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.append'>();
    expectTypeOf<
      beta.InputAudioBufferCommitEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.commit'>();
    expectTypeOf<
      beta.InputAudioBufferClearEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.clear'>();
    expectTypeOf<
      beta.ConversationItemCreateEvent['type']
    >().toEqualTypeOf<'conversation.item.create'>();
    expectTypeOf<
      beta.ConversationItemRetrieveEvent['type']
    >().toEqualTypeOf<'conversation.item.retrieve'>();
    expectTypeOf<
      beta.ConversationItemTruncateEvent['type']
    >().toEqualTypeOf<'conversation.item.truncate'>();
    expectTypeOf<
      beta.ConversationItemDeleteEvent['type']
    >().toEqualTypeOf<'conversation.item.delete'>();
    expectTypeOf<beta.ResponseCreateEvent['type']>().toEqualTypeOf<'response.create'>();
    expectTypeOf<beta.ResponseCancelEvent['type']>().toEqualTypeOf<'response.cancel'>();
    expectTypeOf<
      beta.TranscriptionSessionUpdateEvent['type']
    >().toEqualTypeOf<'transcription_session.update'>();
    expectTypeOf<
      beta.OutputAudioBufferClearEvent['type']
    >().toEqualTypeOf<'output_audio_buffer.clear'>();
    expectTypeOf<beta.ErrorEvent['type']>().toEqualTypeOf<'error'>();
    expectTypeOf<beta.SessionCreatedEvent['type']>().toEqualTypeOf<'session.created'>();
    expectTypeOf<beta.SessionUpdatedEvent['type']>().toEqualTypeOf<'session.updated'>();
    expectTypeOf<
      beta.TranscriptionSessionUpdatedEvent['type']
    >().toEqualTypeOf<'transcription_session.updated'>();
    expectTypeOf<beta.ConversationCreatedEvent['type']>().toEqualTypeOf<'conversation.created'>();
    expectTypeOf<
      beta.ConversationItemCreatedEvent['type']
    >().toEqualTypeOf<'conversation.item.created'>();
    expectTypeOf<
      beta.ConversationItemRetrievedEvent['type']
    >().toEqualTypeOf<'conversation.item.retrieved'>();
    expectTypeOf<
      beta.ConversationItemInputAudioTranscriptionCompletedEvent['type']
    >().toEqualTypeOf<'conversation.item.input_audio_transcription.completed'>();
    expectTypeOf<
      beta.ConversationItemInputAudioTranscriptionDeltaEvent['type']
    >().toEqualTypeOf<'conversation.item.input_audio_transcription.delta'>();
    expectTypeOf<
      beta.ConversationItemInputAudioTranscriptionFailedEvent['type']
    >().toEqualTypeOf<'conversation.item.input_audio_transcription.failed'>();
    expectTypeOf<
      beta.ConversationItemTruncatedEvent['type']
    >().toEqualTypeOf<'conversation.item.truncated'>();
    expectTypeOf<
      beta.ConversationItemDeletedEvent['type']
    >().toEqualTypeOf<'conversation.item.deleted'>();
    expectTypeOf<
      beta.InputAudioBufferCommittedEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.committed'>();
    expectTypeOf<
      beta.InputAudioBufferClearedEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.cleared'>();
    expectTypeOf<
      beta.InputAudioBufferSpeechStartedEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.speech_started'>();
    expectTypeOf<
      beta.InputAudioBufferSpeechStoppedEvent['type']
    >().toEqualTypeOf<'input_audio_buffer.speech_stopped'>();
    expectTypeOf<
      beta.OutputAudioBufferStartedEvent['type']
    >().toEqualTypeOf<'output_audio_buffer.started'>();
    expectTypeOf<
      beta.OutputAudioBufferStoppedEvent['type']
    >().toEqualTypeOf<'output_audio_buffer.stopped'>();
    expectTypeOf<
      beta.OutputAudioBufferClearedEvent['type']
    >().toEqualTypeOf<'output_audio_buffer.cleared'>();
    expectTypeOf<beta.ResponseCreatedEvent['type']>().toEqualTypeOf<'response.created'>();
    expectTypeOf<beta.ResponseDoneEvent['type']>().toEqualTypeOf<'response.done'>();
    expectTypeOf<
      beta.ResponseOutputItemAddedEvent['type']
    >().toEqualTypeOf<'response.output_item.added'>();
    expectTypeOf<
      beta.ResponseOutputItemDoneEvent['type']
    >().toEqualTypeOf<'response.output_item.done'>();
    expectTypeOf<
      beta.ResponseContentPartAddedEvent['type']
    >().toEqualTypeOf<'response.content_part.added'>();
    expectTypeOf<
      beta.ResponseContentPartDoneEvent['type']
    >().toEqualTypeOf<'response.content_part.done'>();
    expectTypeOf<beta.ResponseTextDeltaEvent['type']>().toEqualTypeOf<'response.text.delta'>();
    expectTypeOf<beta.ResponseTextDoneEvent['type']>().toEqualTypeOf<'response.text.done'>();
    expectTypeOf<
      beta.ResponseAudioTranscriptDeltaEvent['type']
    >().toEqualTypeOf<'response.audio_transcript.delta'>();
    expectTypeOf<
      beta.ResponseAudioTranscriptDoneEvent['type']
    >().toEqualTypeOf<'response.audio_transcript.done'>();
    expectTypeOf<beta.ResponseAudioDeltaEvent['type']>().toEqualTypeOf<'response.audio.delta'>();
    expectTypeOf<beta.ResponseAudioDoneEvent['type']>().toEqualTypeOf<'response.audio.done'>();
    expectTypeOf<
      beta.ResponseFunctionCallArgumentsDeltaEvent['type']
    >().toEqualTypeOf<'response.function_call_arguments.delta'>();
    expectTypeOf<
      beta.ResponseFunctionCallArgumentsDoneEvent['type']
    >().toEqualTypeOf<'response.function_call_arguments.done'>();
    expectTypeOf<beta.RateLimitsUpdatedEvent['type']>().toEqualTypeOf<'rate_limits.updated'>();
    expectTypeOf<
      beta.TranscriptionSessionCreatedEvent['type']
    >().toEqualTypeOf<'transcription_session.created'>();
    expectTypeOf<beta.ClientEvent['type']>().toEqualTypeOf<(typeof CLIENT)[number]>();
    expectTypeOf<beta.ServerEvent['type']>().toEqualTypeOf<(typeof SERVER)[number]>();
  });
});

describe('beta unions', () => {
  it('ClientEvent rejects an unknown tag at $.type', () => {
    const r = beta.ClientEvent.safeParse({ type: 'session.ping' });
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['type'], code: 'invalid_union' }),
    ]);
  });

  it('ServerEvent rejects a GA event name at $.type and accepts a beta one', () => {
    const r = beta.ServerEvent.safeParse({ type: 'response.output_text.delta', event_id: 'e' });
    expect(r.error?.issues[0]?.path).toEqual(['type']);
    const ok = beta.ServerEvent.safeParse({
      type: 'response.text.delta',
      event_id: 'event_1',
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: 'Hi',
    });
    expect(ok.success).toBe(true);
  });

  it('the parse API names the beta spelling of a GA event', () => {
    const r = parseServerEvent({ type: 'conversation.item.added' }, { dialect: 'beta' });
    expect(r.error?.message).toContain('"conversation.item.created"');
    const c = parseClientEvent({ type: 'session.updated' }, { dialect: 'beta' });
    expect(c.error?.message).toContain('that is a server event');
  });
});

/** The shared objects the dialect names (INV §5.3 B1–B8 and the pieces they share). */
const OBJECTS = [
  'SessionConfig',
  'Session',
  'SessionCreateResponse',
  'ClientSecret',
  'ClientSecretConfig',
  'TranscriptionSessionConfig',
  'TranscriptionSession',
  'TurnDetection',
  'ServerVad',
  'SemanticVad',
  'InputAudioTranscription',
  'NoiseReduction',
  'AudioFormat',
  'Voice',
  'Modalities',
  'FunctionTool',
  'Tool',
  'ToolChoice',
  'Tracing',
  'Item',
  'ItemReference',
  'ContentPart',
  'Response',
  'ResponseStatus',
  'ResponseStatusDetails',
  'Usage',
  'RateLimit',
  'ErrorObject',
  'ResponseCreateParams',
  'Metadata',
] as const;

describe('beta objects', () => {
  it('name every shared object', () => {
    for (const name of OBJECTS) expect(beta.objects).toHaveProperty(name);
  });

  it('are strict by default and lenient in the lenient variant', () => {
    const session = { modalities: ['text'], future_field: 1 };
    expect(beta.objects.SessionConfig.safeParse(session).error?.issues[0]?.code).toBe(
      'unrecognized_keys',
    );
    expect(beta.lenient.objects.SessionConfig.parse(session)).toEqual(session);
  });

  it('export a type per object', () => {
    expectTypeOf<beta.AudioFormat>().toEqualTypeOf<'pcm16' | 'g711_ulaw' | 'g711_alaw'>();
    expectTypeOf<beta.Item['type']>().toEqualTypeOf<
      'message' | 'function_call' | 'function_call_output'
    >();
    expectTypeOf<beta.ContentPart['type']>().toEqualTypeOf<
      'input_text' | 'input_audio' | 'text' | 'audio' | 'item_reference'
    >();
    expectTypeOf<beta.TurnDetection['type']>().toEqualTypeOf<
      'server_vad' | 'semantic_vad' | undefined
    >();
    expectTypeOf<beta.ResponseStatusDetails['type']>().toEqualTypeOf<
      'completed' | 'cancelled' | 'incomplete' | 'failed'
    >();
    expectTypeOf<beta.MaxOutputTokens>().toEqualTypeOf<number | 'inf'>();
    expectTypeOf<beta.Session['turn_detection']>().toEqualTypeOf<
      beta.TurnDetection | null | undefined
    >();
    expectTypeOf<beta.Response['usage']>().toEqualTypeOf<beta.Usage | null | undefined>();
    expectTypeOf<beta.ErrorEvent['error']>().toEqualTypeOf<beta.ErrorObject>();
    expectTypeOf<beta.RateLimitsUpdatedEvent['rate_limits']>().toEqualTypeOf<beta.RateLimit[]>();
  });
});

describe('beta JSON Schema', () => {
  it('converts every event and object, with the protocol field docs', () => {
    const all: Record<string, z.ZodType> = {
      ...beta.clientEvents,
      ...beta.serverEvents,
      ...beta.objects,
    };
    for (const [name, schema] of Object.entries(all)) {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
      expect(json.description, name).toBeTruthy();
    }
  });

  it('states the documented ranges and the base64 encoding', () => {
    const json = z.toJSONSchema(beta.clientEvents['session.update'], {
      io: 'input',
    }) as unknown as {
      properties: { session: { properties: Record<string, Record<string, unknown>> } };
    };
    const session = json.properties.session.properties;
    expect(session.temperature).toMatchObject({ minimum: 0.6, maximum: 1.2 });
    expect(session.speed).toMatchObject({ minimum: 0.25, maximum: 1.5 });
    expect(String(session.temperature?.description)).toContain('[0.6, 1.2]');
    const append = z.toJSONSchema(beta.clientEvents['input_audio_buffer.append'], {
      io: 'input',
    }) as unknown as { properties: { audio: Record<string, unknown> } };
    expect(append.properties.audio).toMatchObject({ type: 'string', contentEncoding: 'base64' });
  });
});
