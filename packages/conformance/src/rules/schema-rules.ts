/**
 * Which protocol rule a schema problem breaks. @soundcheck/schema says what is wrong and where;
 * this names the rule of the protocol notes that the event breaks, from the direction, the event
 * type and the path — the same ids the stream checks and the conformance cases cite.
 */
import type { EventIssue } from '@soundcheck/schema';
import type { RuleId } from './problem.js';

/** Client event types → the rule their content is about (the fallback for their problems). */
const CLIENT_RULES: Readonly<Record<string, RuleId>> = {
  'session.update': 'session.value-ranges',
  'transcription_session.update': 'session.transcription-config',
  'input_audio_buffer.append': 'audio.append.base64',
  'input_audio_buffer.commit': 'audio.commit.result',
  'input_audio_buffer.clear': 'audio.clear',
  'output_audio_buffer.clear': 'output.buffer-webrtc-only',
  'conversation.item.create': 'item.type-required',
  'conversation.item.retrieve': 'item.retrieve',
  'conversation.item.truncate': 'truncate.required-fields',
  'conversation.item.delete': 'item.delete',
  'response.create': 'session.value-ranges',
  'response.cancel': 'response.cancel.result',
};

/** Server event types (GA names; beta names map to them) → the rule of their shape. */
const SERVER_RULES: ReadonlyArray<readonly [prefix: string, rule: RuleId]> = [
  ['error', 'events.error-shape'],
  ['session.created', 'session.created-first'],
  ['session.', 'session.updated-full'],
  ['transcription_session.', 'session.transcription-config'],
  ['conversation.created', 'session.conversation-created'],
  ['conversation.item.retrieved', 'item.retrieve'],
  ['conversation.item.truncated', 'truncate.result'],
  ['conversation.item.deleted', 'item.delete'],
  ['conversation.item.input_audio_transcription.failed', 'transcription.failed-event'],
  ['conversation.item.input_audio_transcription.segment', 'transcription.segment-diarize'],
  ['conversation.item.input_audio_transcription.', 'transcription.deltas-by-model'],
  ['conversation.item.', 'item.create.ack'],
  ['input_audio_buffer.committed', 'audio.commit.result'],
  ['input_audio_buffer.cleared', 'audio.clear'],
  ['input_audio_buffer.speech_started', 'vad.speech-started'],
  ['input_audio_buffer.speech_stopped', 'vad.speech-stopped.includes-silence'],
  ['input_audio_buffer.timeout_triggered', 'vad.idle-timeout'],
  ['input_audio_buffer.', 'events.tolerate-unknown'],
  ['output_audio_buffer.', 'output.buffer-webrtc-only'],
  ['rate_limits.updated', 'response.rate-limits'],
  ['response.created', 'response.status-details'],
  ['response.done', 'response.done.output'],
  ['response.output_audio.', 'output.audio-delta-format'],
  ['response.audio.', 'output.audio-delta-format'],
  ['response.function_call_arguments.', 'tools.call-item-shape'],
  ['response.mcp_', 'tools.mcp-approval'],
  ['mcp_list_tools.', 'tools.mcp-approval'],
  ['response.', 'response.ids-consistent'],
];

/** Rules named by a key anywhere in the path of a client problem (session and response options). */
const OPTION_RULES: Readonly<Record<string, RuleId>> = {
  tools: 'session.tools.typed',
  tool_choice: 'session.tool-choice.shape',
  modalities: 'session.modalities.allowed',
  output_modalities: 'session.modalities.allowed',
  input_audio_format: 'session.audio-format.allowed',
  output_audio_format: 'session.audio-format.allowed',
  format: 'session.audio-format.allowed',
  input: 'response.input-items',
  conversation: 'response.out-of-band',
};

function clientRule(type: string, issue: EventIssue): RuleId {
  const path = issue.path;
  if (type === 'conversation.item.create') {
    if (path[1] === 'content') return 'item.content-per-role';
    if (path[1] === 'output') return 'tools.output-string';
    if (path[1] === 'role' && issue.code === 'unrecognized_keys') return 'tools.output-no-role';
    if (path[0] === 'previous_item_id') return 'item.previous-id.placement';
    if (issue.code === 'unrecognized_keys') return 'session.no-foreign-fields';
    return 'item.type-required';
  }
  if (type === 'session.update' || type === 'response.create') {
    if (type === 'session.update' && path.length === 2 && path[1] === 'type') {
      return 'session.type-required';
    }
    for (const key of path) {
      const rule = typeof key === 'string' ? OPTION_RULES[key] : undefined;
      if (rule !== undefined) return rule;
    }
    if (issue.code === 'unrecognized_keys') return 'session.no-foreign-fields';
  }
  return CLIENT_RULES[type] ?? 'events.unknown-type';
}

function serverRule(type: string, issue: EventIssue): RuleId {
  if (issue.path.length === 1 && issue.path[0] === 'event_id') {
    return 'events.event-id-on-every-server-event';
  }
  for (const [prefix, rule] of SERVER_RULES) if (type.startsWith(prefix)) return rule;
  return 'events.tolerate-unknown';
}

/**
 * The rule a schema issue of an event breaks. `type` is the event's wire type (undefined when
 * it has none).
 */
export function ruleOfIssue(
  direction: 'client' | 'server',
  type: string | undefined,
  issue: EventIssue,
): RuleId {
  switch (issue.code) {
    case 'invalid_json':
    case 'not_an_object':
      return 'events.json-text';
    case 'missing_type':
      return 'events.type-required';
    case 'unknown_event_type':
      return direction === 'client' ? 'events.unknown-type' : 'events.tolerate-unknown';
  }
  if (type === undefined) return 'events.type-required';
  return direction === 'client' ? clientRule(type, issue) : serverRule(type, issue);
}
