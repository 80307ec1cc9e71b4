/**
 * The beta dialect of the Realtime protocol (`OpenAI-Beta: realtime=v1`): flat session shape,
 * `response.text.*` / `response.audio.*` event names.
 *
 * `clientEvents` and `ClientEvent` are strict (unknown keys are errors); `serverEvents` and
 * `ServerEvent` are lenient (unknown keys pass). `strict` and `lenient` hold both directions in
 * one mode; `variant()` builds any other combination once.
 */
import type { z } from 'zod';
import type { DialectSchemas, EventOf } from '../dialect.js';
import type { KitOptions } from '../kit.js';
import type { BetaParts } from './build.js';
import { betaDialect } from './dialect.js';

/**
 * One built variant of the beta schemas: event maps, unions and shared objects.
 *
 * @note The exports below are annotated with this named type so that declaration files state the
 * (large) schema types once instead of once per export.
 */
export type BetaSchemas = DialectSchemas<BetaParts>;

/** Every beta schema with strict objects (unknown keys are errors). */
export const strict: BetaSchemas = betaDialect.variant({
  strictness: 'strict',
  base64: 'structure',
  sampleWidth: 2,
});
/** Every beta schema with lenient objects (unknown keys pass through). */
export const lenient: BetaSchemas = betaDialect.variant({
  strictness: 'lenient',
  base64: 'structure',
  sampleWidth: 2,
});
/** Builds (once) and returns another variant: base64 depth, pcm16 or G.711 sample width. */
export const variant: (options: KitOptions) => BetaSchemas = betaDialect.variant;

/** Client events keyed by wire `type` (strict). */
export const clientEvents: BetaParts['clientEvents'] = strict.clientEvents;
/** Server events keyed by wire `type` (lenient). */
export const serverEvents: BetaParts['serverEvents'] = lenient.serverEvents;
/** Discriminated union (on `type`) of every client event (strict). */
export const ClientEvent: BetaSchemas['ClientEvent'] = strict.ClientEvent;
/** Discriminated union (on `type`) of every server event (lenient). */
export const ServerEvent: BetaSchemas['ServerEvent'] = lenient.ServerEvent;
/** Named shared objects (strict): session, items, content parts, response, ... */
export const objects: BetaParts['objects'] = strict.objects;

/** Any beta client event. */
export type ClientEvent = EventOf<typeof clientEvents>;
/** Any beta server event. */
export type ServerEvent = EventOf<typeof serverEvents>;

// One type per event: the wire `type` in PascalCase plus `Event`.
/** Updates the session configuration (client). */
export type SessionUpdateEvent = z.infer<(typeof clientEvents)['session.update']>;
/** Appends base64 audio to the input audio buffer (client). */
export type InputAudioBufferAppendEvent = z.infer<
  (typeof clientEvents)['input_audio_buffer.append']
>;
/** Commits the input audio buffer into a user message item (client). */
export type InputAudioBufferCommitEvent = z.infer<
  (typeof clientEvents)['input_audio_buffer.commit']
>;
/** Clears the input audio buffer (client). */
export type InputAudioBufferClearEvent = z.infer<(typeof clientEvents)['input_audio_buffer.clear']>;
/** Adds an item to the conversation (client). */
export type ConversationItemCreateEvent = z.infer<
  (typeof clientEvents)['conversation.item.create']
>;
/** Asks for the server's copy of an item (client). */
export type ConversationItemRetrieveEvent = z.infer<
  (typeof clientEvents)['conversation.item.retrieve']
>;
/** Truncates assistant audio to what was played (client). */
export type ConversationItemTruncateEvent = z.infer<
  (typeof clientEvents)['conversation.item.truncate']
>;
/** Removes an item from the conversation (client). */
export type ConversationItemDeleteEvent = z.infer<
  (typeof clientEvents)['conversation.item.delete']
>;
/** Asks the server to create a response (client). */
export type ResponseCreateEvent = z.infer<(typeof clientEvents)['response.create']>;
/** Cancels an in-progress response (client). */
export type ResponseCancelEvent = z.infer<(typeof clientEvents)['response.cancel']>;
/** Updates a transcription session (client). */
export type TranscriptionSessionUpdateEvent = z.infer<
  (typeof clientEvents)['transcription_session.update']
>;
/** WebRTC only: cuts off the current audio response (client). */
export type OutputAudioBufferClearEvent = z.infer<
  (typeof clientEvents)['output_audio_buffer.clear']
>;
/** An error, caused by the client or the server (server). */
export type ErrorEvent = z.infer<(typeof serverEvents)['error']>;
/** The first server event, with the default session (server). */
export type SessionCreatedEvent = z.infer<(typeof serverEvents)['session.created']>;
/** The full effective session after `session.update` (server). */
export type SessionUpdatedEvent = z.infer<(typeof serverEvents)['session.updated']>;
/** The transcription session after `transcription_session.update` (server). */
export type TranscriptionSessionUpdatedEvent = z.infer<
  (typeof serverEvents)['transcription_session.updated']
>;
/** The conversation was created, right after the session (server). */
export type ConversationCreatedEvent = z.infer<(typeof serverEvents)['conversation.created']>;
/** An item was added to the conversation (server). */
export type ConversationItemCreatedEvent = z.infer<
  (typeof serverEvents)['conversation.item.created']
>;
/** The item asked for by `conversation.item.retrieve` (server). */
export type ConversationItemRetrievedEvent = z.infer<
  (typeof serverEvents)['conversation.item.retrieved']
>;
/** The transcript of a user audio item (server). */
export type ConversationItemInputAudioTranscriptionCompletedEvent = z.infer<
  (typeof serverEvents)['conversation.item.input_audio_transcription.completed']
>;
/** Incremental text of an input audio transcription (server). */
export type ConversationItemInputAudioTranscriptionDeltaEvent = z.infer<
  (typeof serverEvents)['conversation.item.input_audio_transcription.delta']
>;
/** Input audio transcription failed (server). */
export type ConversationItemInputAudioTranscriptionFailedEvent = z.infer<
  (typeof serverEvents)['conversation.item.input_audio_transcription.failed']
>;
/** Assistant audio was truncated (server). */
export type ConversationItemTruncatedEvent = z.infer<
  (typeof serverEvents)['conversation.item.truncated']
>;
/** An item was deleted (server). */
export type ConversationItemDeletedEvent = z.infer<
  (typeof serverEvents)['conversation.item.deleted']
>;
/** The input audio buffer was committed (server). */
export type InputAudioBufferCommittedEvent = z.infer<
  (typeof serverEvents)['input_audio_buffer.committed']
>;
/** The input audio buffer was cleared (server). */
export type InputAudioBufferClearedEvent = z.infer<
  (typeof serverEvents)['input_audio_buffer.cleared']
>;
/** Server VAD detected the start of speech (server). */
export type InputAudioBufferSpeechStartedEvent = z.infer<
  (typeof serverEvents)['input_audio_buffer.speech_started']
>;
/** Server VAD detected the end of speech (server). */
export type InputAudioBufferSpeechStoppedEvent = z.infer<
  (typeof serverEvents)['input_audio_buffer.speech_stopped']
>;
/** WebRTC only: audio streaming to the client began (server). */
export type OutputAudioBufferStartedEvent = z.infer<
  (typeof serverEvents)['output_audio_buffer.started']
>;
/** WebRTC only: the output audio buffer drained (server). */
export type OutputAudioBufferStoppedEvent = z.infer<
  (typeof serverEvents)['output_audio_buffer.stopped']
>;
/** WebRTC only: the output audio buffer was cleared (server). */
export type OutputAudioBufferClearedEvent = z.infer<
  (typeof serverEvents)['output_audio_buffer.cleared']
>;
/** A response was created, status `in_progress` (server). */
export type ResponseCreatedEvent = z.infer<(typeof serverEvents)['response.created']>;
/** A response is done, whatever its final state (server). */
export type ResponseDoneEvent = z.infer<(typeof serverEvents)['response.done']>;
/** A response added an output item (server). */
export type ResponseOutputItemAddedEvent = z.infer<
  (typeof serverEvents)['response.output_item.added']
>;
/** An output item is done streaming (server). */
export type ResponseOutputItemDoneEvent = z.infer<
  (typeof serverEvents)['response.output_item.done']
>;
/** A content part was added to an assistant item (server). */
export type ResponseContentPartAddedEvent = z.infer<
  (typeof serverEvents)['response.content_part.added']
>;
/** A content part is done streaming (server). */
export type ResponseContentPartDoneEvent = z.infer<
  (typeof serverEvents)['response.content_part.done']
>;
/** A text delta of a `text` content part (server). */
export type ResponseTextDeltaEvent = z.infer<(typeof serverEvents)['response.text.delta']>;
/** The final text of a `text` content part (server). */
export type ResponseTextDoneEvent = z.infer<(typeof serverEvents)['response.text.done']>;
/** A transcript delta of model audio (server). */
export type ResponseAudioTranscriptDeltaEvent = z.infer<
  (typeof serverEvents)['response.audio_transcript.delta']
>;
/** The final transcript of model audio (server). */
export type ResponseAudioTranscriptDoneEvent = z.infer<
  (typeof serverEvents)['response.audio_transcript.done']
>;
/** A base64 audio delta of model audio (server). */
export type ResponseAudioDeltaEvent = z.infer<(typeof serverEvents)['response.audio.delta']>;
/** Model audio is done (server). */
export type ResponseAudioDoneEvent = z.infer<(typeof serverEvents)['response.audio.done']>;
/** A delta of function call arguments (server). */
export type ResponseFunctionCallArgumentsDeltaEvent = z.infer<
  (typeof serverEvents)['response.function_call_arguments.delta']
>;
/** The final function call arguments (server). */
export type ResponseFunctionCallArgumentsDoneEvent = z.infer<
  (typeof serverEvents)['response.function_call_arguments.done']
>;
/** Rate limits at the start of a response (server). */
export type RateLimitsUpdatedEvent = z.infer<(typeof serverEvents)['rate_limits.updated']>;
/** The first event of a transcription connection (server). */
export type TranscriptionSessionCreatedEvent = z.infer<
  (typeof serverEvents)['transcription_session.created']
>;

// One type per shared object of `objects`.
/** `session.update.session`: realtime session configuration, every field optional. */
export type SessionConfig = z.infer<typeof objects.SessionConfig>;
/** The session object of `session.created` / `session.updated`. */
export type Session = z.infer<typeof objects.Session>;
/** Response of `POST /v1/realtime/sessions`: the session plus its ephemeral key. */
export type SessionCreateResponse = z.infer<typeof objects.SessionCreateResponse>;
/** An ephemeral key: `value` and `expires_at`. */
export type ClientSecret = z.infer<typeof objects.ClientSecret>;
/** `client_secret` configuration of a session request. */
export type ClientSecretConfig = z.infer<typeof objects.ClientSecretConfig>;
/** Expiry of a requested client secret: anchor and seconds (10..7200). */
export type ExpiresAfter = z.infer<typeof objects.ExpiresAfter>;
/** `transcription_session.update.session`: transcription session configuration. */
export type TranscriptionSessionConfig = z.infer<typeof objects.TranscriptionSessionConfig>;
/** The transcription session object of `transcription_session.created` / `.updated`. */
export type TranscriptionSession = z.infer<typeof objects.TranscriptionSession>;
/** `client_secret` configuration of a transcription session request. */
export type TranscriptionClientSecretConfig = z.infer<
  typeof objects.TranscriptionClientSecretConfig
>;
/** Audio format: `'pcm16' | 'g711_ulaw' | 'g711_alaw'`. */
export type AudioFormat = z.infer<typeof objects.AudioFormat>;
/** Output voice (open string; `alloy`, `ash`, `ballad`, `coral`, `echo`, `sage`, `shimmer`, `verse`). */
export type Voice = z.infer<typeof objects.Voice>;
/** Response modalities: `["text"]` or `["text", "audio"]`. */
export type Modalities = z.infer<typeof objects.Modalities>;
/** Input audio transcription configuration (`model`, `language`, `prompt`). */
export type InputAudioTranscription = z.infer<typeof objects.InputAudioTranscription>;
/** Input audio noise reduction: `near_field` or `far_field`. */
export type NoiseReduction = z.infer<typeof objects.NoiseReduction>;
/** Server VAD turn detection (volume based). */
export type ServerVad = z.infer<typeof objects.ServerVad>;
/** Semantic VAD turn detection (model based). */
export type SemanticVad = z.infer<typeof objects.SemanticVad>;
/** Turn detection, `server_vad` or `semantic_vad` (discriminated on `type`). */
export type TurnDetection = z.infer<typeof objects.TurnDetection>;
/** Tracing configuration: `"auto"` or an object. */
export type Tracing = z.infer<typeof objects.Tracing>;
/** A function tool. */
export type FunctionTool = z.infer<typeof objects.FunctionTool>;
/** A tool (beta: function tools only), discriminated on `type`. */
export type Tool = z.infer<typeof objects.Tool>;
/** `tool_choice` forcing one function: `{type: "function", name}`. */
export type ToolChoiceFunction = z.infer<typeof objects.ToolChoiceFunction>;
/** `tool_choice`: `auto`, `none`, `required`, or a function. */
export type ToolChoice = z.infer<typeof objects.ToolChoice>;
/** Content part `input_text`. */
export type InputTextContent = z.infer<typeof objects.InputTextContent>;
/** Content part `input_audio`. */
export type InputAudioContent = z.infer<typeof objects.InputAudioContent>;
/** Content part `text` (assistant). */
export type TextContent = z.infer<typeof objects.TextContent>;
/** Content part `audio` (assistant). */
export type AudioContent = z.infer<typeof objects.AudioContent>;
/** Content part `item_reference`. */
export type ItemReferenceContent = z.infer<typeof objects.ItemReferenceContent>;
/** Any content part, discriminated on `type`. */
export type ContentPart = z.infer<typeof objects.ContentPart>;
/** `part` of `response.content_part.*`: `text` or `audio`. */
export type ResponseContentPart = z.infer<typeof objects.ResponseContentPart>;
/** A `message` item. */
export type MessageItem = z.infer<typeof objects.MessageItem>;
/** A `function_call` item. */
export type FunctionCallItem = z.infer<typeof objects.FunctionCallItem>;
/** A `function_call_output` item. */
export type FunctionCallOutputItem = z.infer<typeof objects.FunctionCallOutputItem>;
/** A conversation item, discriminated on `type`. */
export type Item = z.infer<typeof objects.Item>;
/** A reference to an existing item: `{type: "item_reference", id}`. */
export type ItemReference = z.infer<typeof objects.ItemReference>;
/** An item or item reference in `response.create.response.input`. */
export type InputItem = z.infer<typeof objects.InputItem>;
/** The Response object of `response.created` / `response.done`. */
export type Response = z.infer<typeof objects.Response>;
/** Response status: `in_progress`, `completed`, `cancelled`, `failed`, `incomplete`. */
export type ResponseStatus = z.infer<typeof objects.ResponseStatus>;
/** Response status details, discriminated on `type`. */
export type ResponseStatusDetails = z.infer<typeof objects.ResponseStatusDetails>;
/** `response.create.response`: per-response overrides. */
export type ResponseCreateParams = z.infer<typeof objects.ResponseCreateParams>;
/** Token usage of a response. */
export type Usage = z.infer<typeof objects.Usage>;
/** Up to 16 string pairs (keys ≤ 64 chars, values ≤ 512 chars). */
export type Metadata = z.infer<typeof objects.Metadata>;
/** Sampling temperature, 0.6..1.2. */
export type Temperature = z.infer<typeof objects.Temperature>;
/** Output token limit: 1..4096 or `"inf"`. */
export type MaxOutputTokens = z.infer<typeof objects.MaxOutputTokens>;
/** One rate limit of `rate_limits.updated`. */
export type RateLimit = z.infer<typeof objects.RateLimit>;
/** The conversation of `conversation.created`. */
export type Conversation = z.infer<typeof objects.Conversation>;
/** A log probability of a transcription token. */
export type Logprob = z.infer<typeof objects.Logprob>;
/** Usage of an input audio transcription: by tokens or by duration. */
export type TranscriptionUsage = z.infer<typeof objects.TranscriptionUsage>;
/** `error` of `conversation.item.input_audio_transcription.failed`. */
export type TranscriptionError = z.infer<typeof objects.TranscriptionError>;
/** `error` of the `error` event. */
export type ErrorObject = z.infer<typeof objects.ErrorObject>;
