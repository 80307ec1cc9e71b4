/**
 * The GA dialect of the Realtime protocol (`gpt-realtime`, no beta header): nested session shape,
 * `response.output_text.*` / `response.output_audio.*` event names.
 *
 * `clientEvents` and `ClientEvent` are strict (unknown keys are errors); `serverEvents` and
 * `ServerEvent` are lenient (unknown keys pass). `strict` and `lenient` hold both directions in
 * one mode; `variant()` builds any other combination once.
 */
import type { z } from 'zod';
import type { DialectSchemas, EventOf } from '../dialect.js';
import type { KitOptions } from '../kit.js';
import type { GaParts } from './build.js';
import { gaDialect } from './dialect.js';

/**
 * One built variant of the GA schemas: event maps, unions and shared objects.
 *
 * @note The exports below are annotated with this named type so that declaration files state the
 * (large) schema types once instead of once per export.
 */
export type GaSchemas = DialectSchemas<GaParts>;

/** Every GA schema with strict objects (unknown keys are errors). */
export const strict: GaSchemas = gaDialect.variant({
  strictness: 'strict',
  base64: 'structure',
  sampleWidth: 2,
});
/** Every GA schema with lenient objects (unknown keys pass through). */
export const lenient: GaSchemas = gaDialect.variant({
  strictness: 'lenient',
  base64: 'structure',
  sampleWidth: 2,
});
/** Builds (once) and returns another variant: base64 depth, pcm16 or G.711 sample width. */
export const variant: (options: KitOptions) => GaSchemas = gaDialect.variant;

/** Client events keyed by wire `type` (strict). */
export const clientEvents: GaParts['clientEvents'] = strict.clientEvents;
/** Server events keyed by wire `type` (lenient). */
export const serverEvents: GaParts['serverEvents'] = lenient.serverEvents;
/** Discriminated union (on `type`) of every client event (strict). */
export const ClientEvent: GaSchemas['ClientEvent'] = strict.ClientEvent;
/** Discriminated union (on `type`) of every server event (lenient). */
export const ServerEvent: GaSchemas['ServerEvent'] = lenient.ServerEvent;
/** Named shared objects (strict): session, items, content parts, response, ... */
export const objects: GaParts['objects'] = strict.objects;

/** Any GA client event. */
export type ClientEvent = EventOf<typeof clientEvents>;
/** Any GA server event. */
export type ServerEvent = EventOf<typeof serverEvents>;

/** The type of one client event, by wire `type`. */
type Client<K extends keyof typeof clientEvents> = z.infer<(typeof clientEvents)[K]>;
/** The type of one server event, by wire `type`. */
type Server<K extends keyof typeof serverEvents> = z.infer<(typeof serverEvents)[K]>;
/** The type of one shared object, by name. */
type Shared<K extends keyof typeof objects> = z.infer<(typeof objects)[K]>;

// Client events.
/** Updates the session configuration (realtime or transcription). */
export type SessionUpdateEvent = Client<'session.update'>;
/** Appends base64 audio to the input audio buffer. */
export type InputAudioBufferAppendEvent = Client<'input_audio_buffer.append'>;
/** Commits the input audio buffer as a user message item. */
export type InputAudioBufferCommitEvent = Client<'input_audio_buffer.commit'>;
/** Clears the input audio buffer. */
export type InputAudioBufferClearEvent = Client<'input_audio_buffer.clear'>;
/** WebRTC/SIP only: cuts off the current audio response. */
export type OutputAudioBufferClearEvent = Client<'output_audio_buffer.clear'>;
/** Adds an item to the conversation. */
export type ConversationItemCreateEvent = Client<'conversation.item.create'>;
/** Asks for the server's representation of an item. */
export type ConversationItemRetrieveEvent = Client<'conversation.item.retrieve'>;
/** Truncates an assistant message's audio at the playback position. */
export type ConversationItemTruncateEvent = Client<'conversation.item.truncate'>;
/** Removes an item from the conversation. */
export type ConversationItemDeleteEvent = Client<'conversation.item.delete'>;
/** Asks the server to create a response. */
export type ResponseCreateEvent = Client<'response.create'>;
/** Cancels an in-progress response. */
export type ResponseCancelEvent = Client<'response.cancel'>;

// Server events.
/** An error; most are recoverable. */
export type ErrorEvent = Server<'error'>;
/** The first server event: the session and its default configuration. */
export type SessionCreatedEvent = Server<'session.created'>;
/** The full, effective session configuration after `session.update`. */
export type SessionUpdatedEvent = Server<'session.updated'>;
/** The default conversation was created. */
export type ConversationCreatedEvent = Server<'conversation.created'>;
/** An item was created (in the GA union; GA servers send `conversation.item.added` / `.done`). */
export type ConversationItemCreatedEvent = Server<'conversation.item.created'>;
/** An item was added to the default conversation. */
export type ConversationItemAddedEvent = Server<'conversation.item.added'>;
/** An item is final (without audio data). */
export type ConversationItemDoneEvent = Server<'conversation.item.done'>;
/** Answers `conversation.item.retrieve`: the item with its audio. */
export type ConversationItemRetrievedEvent = Server<'conversation.item.retrieved'>;
/** Answers `conversation.item.truncate`. */
export type ConversationItemTruncatedEvent = Server<'conversation.item.truncated'>;
/** Answers `conversation.item.delete`. */
export type ConversationItemDeletedEvent = Server<'conversation.item.deleted'>;
/** The transcript of committed user audio. */
export type ConversationItemInputAudioTranscriptionCompletedEvent =
  Server<'conversation.item.input_audio_transcription.completed'>;
/** Incremental input audio transcription text. */
export type ConversationItemInputAudioTranscriptionDeltaEvent =
  Server<'conversation.item.input_audio_transcription.delta'>;
/** A diarized segment of input audio transcription. */
export type ConversationItemInputAudioTranscriptionSegmentEvent =
  Server<'conversation.item.input_audio_transcription.segment'>;
/** Input audio transcription failed. */
export type ConversationItemInputAudioTranscriptionFailedEvent =
  Server<'conversation.item.input_audio_transcription.failed'>;
/** The input audio buffer was committed. */
export type InputAudioBufferCommittedEvent = Server<'input_audio_buffer.committed'>;
/** Answers `input_audio_buffer.clear`. */
export type InputAudioBufferClearedEvent = Server<'input_audio_buffer.cleared'>;
/** Server VAD detected the start of speech. */
export type InputAudioBufferSpeechStartedEvent = Server<'input_audio_buffer.speech_started'>;
/** Server VAD detected the end of speech. */
export type InputAudioBufferSpeechStoppedEvent = Server<'input_audio_buffer.speech_stopped'>;
/** The server VAD idle timeout elapsed without speech. */
export type InputAudioBufferTimeoutTriggeredEvent = Server<'input_audio_buffer.timeout_triggered'>;
/** SIP only: a DTMF keypad press was received. */
export type InputAudioBufferDtmfEventReceivedEvent =
  Server<'input_audio_buffer.dtmf_event_received'>;
/** WebRTC/SIP only: the server began streaming audio. */
export type OutputAudioBufferStartedEvent = Server<'output_audio_buffer.started'>;
/** WebRTC/SIP only: the output audio buffer drained. */
export type OutputAudioBufferStoppedEvent = Server<'output_audio_buffer.stopped'>;
/** WebRTC/SIP only: the output audio buffer was cleared. */
export type OutputAudioBufferClearedEvent = Server<'output_audio_buffer.cleared'>;
/** A response was created (`in_progress`). */
export type ResponseCreatedEvent = Server<'response.created'>;
/** A response is done, whatever its final status. */
export type ResponseDoneEvent = Server<'response.done'>;
/** A response started an output item. */
export type ResponseOutputItemAddedEvent = Server<'response.output_item.added'>;
/** An output item of a response is done. */
export type ResponseOutputItemDoneEvent = Server<'response.output_item.done'>;
/** A content part was added to an assistant message. */
export type ResponseContentPartAddedEvent = Server<'response.content_part.added'>;
/** A content part of an assistant message is done. */
export type ResponseContentPartDoneEvent = Server<'response.content_part.done'>;
/** Text of an `output_text` content part. */
export type ResponseOutputTextDeltaEvent = Server<'response.output_text.delta'>;
/** The final text of an `output_text` content part. */
export type ResponseOutputTextDoneEvent = Server<'response.output_text.done'>;
/** Transcript of generated audio. */
export type ResponseOutputAudioTranscriptDeltaEvent =
  Server<'response.output_audio_transcript.delta'>;
/** The final transcript of generated audio. */
export type ResponseOutputAudioTranscriptDoneEvent =
  Server<'response.output_audio_transcript.done'>;
/** Generated audio (base64). */
export type ResponseOutputAudioDeltaEvent = Server<'response.output_audio.delta'>;
/** Generated audio is done. */
export type ResponseOutputAudioDoneEvent = Server<'response.output_audio.done'>;
/** Arguments of a function call. */
export type ResponseFunctionCallArgumentsDeltaEvent =
  Server<'response.function_call_arguments.delta'>;
/** The final arguments of a function call. */
export type ResponseFunctionCallArgumentsDoneEvent =
  Server<'response.function_call_arguments.done'>;
/** Rate limits at the start of a response. */
export type RateLimitsUpdatedEvent = Server<'rate_limits.updated'>;
/** Arguments of an MCP tool call. */
export type ResponseMcpCallArgumentsDeltaEvent = Server<'response.mcp_call_arguments.delta'>;
/** The final arguments of an MCP tool call. */
export type ResponseMcpCallArgumentsDoneEvent = Server<'response.mcp_call_arguments.done'>;
/** An MCP tool call started. */
export type ResponseMcpCallInProgressEvent = Server<'response.mcp_call.in_progress'>;
/** An MCP tool call completed. */
export type ResponseMcpCallCompletedEvent = Server<'response.mcp_call.completed'>;
/** An MCP tool call failed. */
export type ResponseMcpCallFailedEvent = Server<'response.mcp_call.failed'>;
/** Listing the tools of an MCP server is in progress. */
export type McpListToolsInProgressEvent = Server<'mcp_list_tools.in_progress'>;
/** Listing the tools of an MCP server completed. */
export type McpListToolsCompletedEvent = Server<'mcp_list_tools.completed'>;
/** Listing the tools of an MCP server failed. */
export type McpListToolsFailedEvent = Server<'mcp_list_tools.failed'>;

// Shared objects.
/** The `error` of the `error` event. */
export type ErrorObject = Shared<'ErrorObject'>;
/** An audio format: `audio/pcm` (24 kHz), `audio/pcmu` or `audio/pcma`. */
export type AudioFormat = Shared<'AudioFormat'>;
/** A built-in voice name or a custom voice `{ id }`. */
export type Voice = Shared<'Voice'>;
/** Input audio transcription settings. */
export type InputAudioTranscription = Shared<'InputAudioTranscription'>;
/** Input audio noise reduction settings. */
export type NoiseReduction = Shared<'NoiseReduction'>;
/** Server VAD turn detection. */
export type ServerVad = Shared<'ServerVad'>;
/** Semantic VAD turn detection. */
export type SemanticVad = Shared<'SemanticVad'>;
/** Turn detection: server VAD or semantic VAD. */
export type TurnDetection = Shared<'TurnDetection'>;
/** `audio.input` of a session. */
export type AudioInput = Shared<'AudioInput'>;
/** `audio.output` of a session. */
export type AudioOutput = Shared<'AudioOutput'>;
/** `["audio"]` or `["text"]`. */
export type OutputModalities = Shared<'OutputModalities'>;
/** An integer 1–4096 or `"inf"`. */
export type MaxOutputTokens = Shared<'MaxOutputTokens'>;
/** Additional fields to include in server outputs. */
export type Include = Shared<'Include'>;
/** A prompt template reference. */
export type Prompt = Shared<'Prompt'>;
/** Reasoning settings (reasoning-capable models). */
export type Reasoning = Shared<'Reasoning'>;
/** Retention-ratio truncation. */
export type RetentionRatio = Shared<'RetentionRatio'>;
/** `auto`, `disabled` or retention-ratio truncation. */
export type Truncation = Shared<'Truncation'>;
/** A function tool. */
export type FunctionTool = Shared<'FunctionTool'>;
/** A filter of MCP tools. */
export type McpToolFilter = Shared<'McpToolFilter'>;
/** An MCP server tool. */
export type McpTool = Shared<'McpTool'>;
/** A function or MCP tool. */
export type Tool = Shared<'Tool'>;
/** Forces a function call. */
export type ToolChoiceFunction = Shared<'ToolChoiceFunction'>;
/** Forces an MCP tool call. */
export type ToolChoiceMcp = Shared<'ToolChoiceMcp'>;
/** `auto`, `none`, `required`, or a forced function or MCP tool. */
export type ToolChoice = Shared<'ToolChoice'>;
/** An `input_text` content part. */
export type InputTextContent = Shared<'InputTextContent'>;
/** An `input_audio` content part. */
export type InputAudioContent = Shared<'InputAudioContent'>;
/** An `input_image` content part. */
export type InputImageContent = Shared<'InputImageContent'>;
/** An `output_text` content part. */
export type OutputTextContent = Shared<'OutputTextContent'>;
/** An `output_audio` content part. */
export type OutputAudioContent = Shared<'OutputAudioContent'>;
/** A content part of a system message. */
export type SystemContent = Shared<'SystemContent'>;
/** A content part of a user message. */
export type UserContent = Shared<'UserContent'>;
/** A content part of an assistant message. */
export type AssistantContent = Shared<'AssistantContent'>;
/** Any content part of a message item. */
export type ContentPart = Shared<'ContentPart'>;
/** The `part` of `response.content_part.added` / `.done`. */
export type ResponseContentPart = Shared<'ResponseContentPart'>;
/** A system message item. */
export type SystemMessage = Shared<'SystemMessage'>;
/** A user message item. */
export type UserMessage = Shared<'UserMessage'>;
/** An assistant message item. */
export type AssistantMessage = Shared<'AssistantMessage'>;
/** A message item of any role. */
export type MessageItem = Shared<'MessageItem'>;
/** A `function_call` item. */
export type FunctionCallItem = Shared<'FunctionCallItem'>;
/** A `function_call_output` item. */
export type FunctionCallOutputItem = Shared<'FunctionCallOutputItem'>;
/** An `mcp_approval_response` item. */
export type McpApprovalResponseItem = Shared<'McpApprovalResponseItem'>;
/** A tool listed by an MCP server. */
export type McpListToolsTool = Shared<'McpListToolsTool'>;
/** An `mcp_list_tools` item. */
export type McpListToolsItem = Shared<'McpListToolsItem'>;
/** The error of an MCP tool call. */
export type McpError = Shared<'McpError'>;
/** An `mcp_call` item. */
export type McpCallItem = Shared<'McpCallItem'>;
/** An `mcp_approval_request` item. */
export type McpApprovalRequestItem = Shared<'McpApprovalRequestItem'>;
/** A conversation item of any type. */
export type Item = Shared<'Item'>;
/** A reference to an existing item (`response.create` input). */
export type ItemReference = Shared<'ItemReference'>;
/** An item or an item reference (`response.create` input). */
export type ItemOrReference = Shared<'ItemOrReference'>;
/** A transcription session configuration (`session.update`). */
export type TranscriptionSessionConfig = Shared<'TranscriptionSessionConfig'>;
/** A transcription session object. */
export type TranscriptionSession = Shared<'TranscriptionSession'>;
/** Session tracing: `auto` or a configuration. */
export type Tracing = Shared<'Tracing'>;
/** A realtime session configuration (`session.update`). */
export type RealtimeSessionConfig = Shared<'RealtimeSessionConfig'>;
/** A realtime session object. */
export type RealtimeSession = Shared<'RealtimeSession'>;
/** A realtime or transcription session configuration. */
export type SessionConfig = Shared<'SessionConfig'>;
/** A realtime or transcription session object. */
export type Session = Shared<'Session'>;
/** Up to 16 string key-value pairs. */
export type Metadata = Shared<'Metadata'>;
/** The status of a response. */
export type ResponseStatus = Shared<'ResponseStatus'>;
/** Details of a response status. */
export type ResponseStatusDetails = Shared<'ResponseStatusDetails'>;
/** Token usage of a response. */
export type Usage = Shared<'Usage'>;
/** A Response object. */
export type Response = Shared<'Response'>;
/** The `response` of `response.create`. */
export type ResponseCreateParams = Shared<'ResponseCreateParams'>;
/** Expiration of a client secret. */
export type ClientSecretExpiresAfter = Shared<'ClientSecretExpiresAfter'>;
/** Body of `POST /v1/realtime/client_secrets`. */
export type ClientSecretCreateRequest = Shared<'ClientSecretCreateRequest'>;
/** Response of `POST /v1/realtime/client_secrets`. */
export type ClientSecretCreateResponse = Shared<'ClientSecretCreateResponse'>;
/** A log probability of a transcription token. */
export type LogProb = Shared<'LogProb'>;
/** Usage of an input audio transcription. */
export type TranscriptionUsage = Shared<'TranscriptionUsage'>;
/** The error of a failed input audio transcription. */
export type TranscriptionError = Shared<'TranscriptionError'>;
/** One rate limit of `rate_limits.updated`. */
export type RateLimit = Shared<'RateLimit'>;
