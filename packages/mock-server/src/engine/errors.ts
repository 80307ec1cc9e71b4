/**
 * The errors the engine answers with, worded as the real API words them (shared/protocol/rules.md
 * gives the rule id, the code and the message; wording marked unverified there is our best guess).
 * Every one is `invalid_request_error` and leaves the session open unless a close is named.
 */
import type { ErrorObject } from './types.js';

function invalid(
  code: string | null,
  message: string,
  param: string | null,
  eventId?: string,
): ErrorObject {
  return { type: 'invalid_request_error', code, message, param, event_id: eventId ?? null };
}

/** 'a' and 'b' / 'a', 'b', and 'c' — the way the real API lists supported values. */
function listValues(values: readonly unknown[]): string {
  const quoted = values.map((v) => `'${String(v)}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

/** A stable error code and message factory per rule. */
export const errors = {
  /** events.json-text */
  invalidJson: (eventId?: string) =>
    invalid('invalid_json', 'Invalid event: failed to parse JSON value.', null, eventId),
  /** events.json-text (binary frames) */
  binaryFrame: () =>
    invalid(
      'invalid_event',
      'Expected a text WebSocket message; binary frames are not supported.',
      null,
    ),
  /** events.type-required */
  missingType: (eventId?: string) =>
    invalid('invalid_event', "The 'type' field is missing.", null, eventId),
  /** events.unknown-type */
  unknownType: (type: string, supported: readonly string[], eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid value: '${type}'. Supported values are: ${listValues(supported)}.`,
      'type',
      eventId,
    ),
  unknownParameter: (param: string, eventId?: string) =>
    invalid('unknown_parameter', `Unknown parameter: '${param}'.`, param, eventId),
  missingParameter: (param: string, eventId?: string) =>
    invalid(
      'missing_required_parameter',
      `Missing required parameter: '${param}'.`,
      param,
      eventId,
    ),
  invalidType: (param: string, expected: string, found: string, eventId?: string) =>
    invalid(
      'invalid_type',
      `Invalid type for '${param}': expected ${expected}, but got ${found} instead.`,
      param,
      eventId,
    ),
  /** A value outside an enum: "Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'." */
  unsupportedValue: (
    param: string,
    found: unknown,
    supported: readonly unknown[],
    eventId?: string,
  ) =>
    invalid(
      'invalid_value',
      `Invalid value: '${String(found)}'. Supported values are: ${listValues(supported)}.`,
      param,
      eventId,
    ),
  invalidValue: (param: string, detail: string, eventId?: string) =>
    invalid('invalid_value', `Invalid value for '${param}': ${detail}`, param, eventId),
  aboveMax: (
    param: string,
    kind: 'integer' | 'decimal',
    max: number | bigint,
    found: unknown,
    eventId?: string,
  ) =>
    invalid(
      `${kind}_above_max_value`,
      `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${String(found)} instead.`,
      param,
      eventId,
    ),
  belowMin: (
    param: string,
    kind: 'integer' | 'decimal',
    min: number | bigint,
    found: unknown,
    eventId?: string,
  ) =>
    invalid(
      `${kind}_below_min_value`,
      `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${String(found)} instead.`,
      param,
      eventId,
    ),
  tooLong: (param: string, max: number | bigint, found: number, eventId?: string) =>
    invalid(
      'string_above_max_length',
      `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${found} instead.`,
      param,
      eventId,
    ),
  tooMany: (param: string, max: number | bigint, found: number, eventId?: string) =>
    invalid(
      'array_above_max_length',
      `Invalid '${param}': array too long. Expected an array with maximum length ${max}, but got an array with length ${found} instead.`,
      param,
      eventId,
    ),
  /** audio.append.base64 */
  invalidAudio: (param: string, eventId?: string) =>
    invalid(
      'invalid_value',
      "Invalid 'audio'. Expected base64-encoded audio bytes (mono PCM16 at 24kHz) but got an invalid value.",
      param,
      eventId,
    ),
  /** audio.append (15 MiB limit) */
  audioTooLarge: (bytes: number, eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid 'audio': the audio is ${bytes} bytes, above the maximum of 15 MiB per event.`,
      'audio',
      eventId,
    ),
  /** audio.commit.min-100ms */
  commitEmpty: (bufferedMs: number, eventId?: string) =>
    invalid(
      'input_audio_buffer_commit_empty',
      `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
      null,
      eventId,
    ),
  /** session.voice.locked-after-audio */
  cannotUpdateVoice: (eventId?: string) =>
    invalid(
      'cannot_update_voice',
      "Cannot update a conversation's voice if assistant audio is present.",
      null,
      eventId,
    ),
  /** session.type-fixed */
  sessionTypeFixed: (eventId?: string) =>
    invalid(
      'invalid_parameter',
      'Passing a transcription session update event to a realtime session is not allowed.',
      'session.type',
      eventId,
    ),
  /**
   * session.type-fixed, the other way: a realtime update sent to a transcription session. The
   * real message is observed for the direction above; this one mirrors it (**unverified**).
   */
  transcriptionTypeFixed: (eventId?: string) =>
    invalid(
      'invalid_parameter',
      'Passing a realtime session update event to a transcription session is not allowed.',
      'session.type',
      eventId,
    ),
  /**
   * An event a transcription session has no use for (responses, items of the model's turn).
   * Worded like the WebRTC-only refusal (**unverified**: no capture of the real answer).
   */
  notInTranscriptionSession: (type: string, eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid value: '${type}'. This event is not supported in transcription sessions.`,
      'type',
      eventId,
    ),
  /**
   * handshake.transcription-no-model (fatal: close 4000). Message from third-party notes; whether
   * the real server refuses in the HTTP handshake or in-band is not settled (**unverified**).
   */
  transcriptionModelGiven: () =>
    invalid(
      'invalid_parameter',
      'You must not provide a model parameter for transcription sessions.',
      'model',
    ),
  /** session.whisper-no-turn-detection (wording from third-party notes, **unverified**) */
  whisperTurnDetection: (eventId?: string) =>
    invalid(
      'invalid_value',
      'Turn detection is not supported for this transcription model.',
      'session.audio.input.turn_detection',
      eventId,
    ),
  /** A scenario for other dialects than the connection's (scenario-only; close 1008). */
  scenarioDialectMismatch: (name: string, dialects: readonly string[], dialect: string) =>
    invalid(
      'scenario_dialect_mismatch',
      `The scenario "${name}" applies to ${dialects.join(' and ')} connections only; this one speaks ${dialect}.`,
      null,
    ),
  /** A scenario for the other kind of session than the connection opened (scenario-only; close 1008). */
  scenarioSessionMismatch: (name: string, wanted: string, opened: string) =>
    invalid(
      'scenario_session_mismatch',
      `The scenario "${name}" plays ${wanted} sessions (${wanted === 'transcription' ? 'connect with ?intent=transcription' : 'connect with ?model=…'}); this connection opened a ${opened} session.`,
      null,
    ),
  /** session.model-immutable */
  modelImmutable: (eventId?: string) =>
    invalid('invalid_value', "The session's model cannot be changed.", 'session.model', eventId),
  /** session.modalities.allowed (beta wording, observed) */
  invalidModalities: (found: readonly string[], eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid modalities: [${found.map((m) => `'${m}'`).join(', ')}]. Supported combinations are: ['text'] and ['audio', 'text'].`,
      'session.modalities',
      eventId,
    ),
  /** item.previous-id.unknown */
  previousItemNotFound: (id: string, eventId?: string) =>
    invalid(
      'item_create_invalid_previous_item_id',
      `Error adding item: the previous item with id '${id}' does not exist.`,
      'previous_item_id',
      eventId,
    ),
  /** item.id-unique */
  duplicateItemId: (id: string, eventId?: string) =>
    invalid('invalid_value', `Item with id '${id}' already exists.`, 'item.id', eventId),
  /** item.no-assistant-audio */
  assistantAudioText: (index: number, eventId?: string) =>
    invalid(
      'missing_required_parameter',
      `Missing required parameter: 'item.content[${index}].text'.`,
      `item.content[${index}].text`,
      eventId,
    ),
  /** item.content-per-role */
  contentNotAllowed: (role: string, partType: string, index: number, eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid value: '${partType}'. Content of type '${partType}' is not allowed in a '${role}' message.`,
      `item.content[${index}].type`,
      eventId,
    ),
  /** item.delete */
  deleteNotFound: (id: string, eventId?: string) =>
    invalid(
      'item_delete_invalid_item_id',
      `Error deleting item: the item with id '${id}' does not exist.`,
      'item_id',
      eventId,
    ),
  /** item.retrieve */
  retrieveNotFound: (id: string, eventId?: string) =>
    invalid(
      'item_retrieve_invalid_item_id',
      `Error retrieving item: the item with id '${id}' does not exist.`,
      'item_id',
      eventId,
    ),
  /** truncate.unknown-item */
  truncateNotFound: (id: string, eventId?: string) =>
    invalid(
      'item_truncate_invalid_item_id',
      `Item with item_id not found: ${id}`,
      'item_id',
      eventId,
    ),
  /** truncate.assistant-audio-only, truncate.zero-before-audio */
  truncateNotAudio: (eventId?: string) =>
    invalid(null, 'Only model output audio messages can be truncated', null, eventId),
  /** truncate.bounded-by-audio */
  truncateBeyondAudio: (haveMs: number, wantMs: number, eventId?: string) =>
    invalid(
      null,
      `Audio content of ${haveMs}ms is already shorter than ${wantMs}ms`,
      'audio_end_ms',
      eventId,
    ),
  /** tools.call-id.required */
  unknownCallId: (callId: string, eventId?: string) =>
    invalid(
      'invalid_tool_call_id',
      `Tool call ID '${callId}' not found in conversation.`,
      null,
      eventId,
    ),
  /** response.single-active */
  activeResponse: (responseId: string, eventId?: string) =>
    invalid(
      'conversation_already_has_active_response',
      `Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`,
      null,
      eventId,
    ),
  /** response.cancel.not-active */
  cancelNotActive: (eventId?: string) =>
    invalid(
      'response_cancel_not_active',
      'Cancellation failed: no active response found',
      null,
      eventId,
    ),
  /** response.input-items */
  referenceNotFound: (id: string, index: number, eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid value: item reference '${id}' does not exist in the conversation.`,
      `response.input[${index}].id`,
      eventId,
    ),
  /** output.buffer-webrtc-only */
  webrtcOnly: (type: string, eventId?: string) =>
    invalid(
      'invalid_value',
      `Invalid value: '${type}'. This event is only supported for WebRTC and SIP connections.`,
      'type',
      eventId,
    ),
  /** auth.invalid-key (fatal: close 3000) */
  invalidApiKey: (masked: string) =>
    invalid(
      'invalid_api_key',
      `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      null,
    ),
  /** handshake.beta-shape-disabled (fatal: close 4000) */
  betaShapeDisabled: () =>
    invalid(
      'beta_api_shape_disabled',
      'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
      null,
    ),
  /** session.expiry (fatal) */
  sessionExpired: () =>
    invalid('session_expired', 'Your session hit the maximum duration of 60 minutes.', null),
} as const;

/** Masks a key the way the real API does: first 3 and last 4 characters. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 32))}${key.slice(-4)}`;
}
