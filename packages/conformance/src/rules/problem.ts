/**
 * What a stream check reports: one problem, tied to a rule of the protocol notes (`rules.md`, ids
 * stable) and to the frame that shows it.
 */

/** `error`: the stream breaks a MUST; `warning`: suspicious, or a SHOULD (the run still passes). */
export type Severity = 'error' | 'warning';

/** The rule ids (from the protocol rules, `area.rule-name`) that the stream checks cite. */
export const RULE = {
  /** Per response: created → item added → part added → deltas → `*.done` → part done → item done → response.done. */
  lifecycleOrder: 'response.lifecycle.order',
  /** Beta: `conversation.item.created` of a model item precedes its content, deltas and `output_item.done`. */
  betaItemBeforeContent: 'response.beta-item-before-content',
  /** Streaming events carry the response_id / item_id / output_index / content_index of their `*.added`. */
  idsConsistent: 'response.ids-consistent',
  /** `response.done` for every response, after its open parts and items got their `*.done`. */
  doneAlways: 'response.done.always',
  /** At most one response writes to the default conversation at a time. */
  singleActive: 'response.single-active',
  /** A client sends a default-conversation `response.create` only when no response is active. */
  createSerialised: 'response.create-serialised',
  /**
   * Text and transcript deltas concatenate to the `*.done` text. The rules file states the order
   * (deltas, then "the matching `*.done`") but has no rule of its own for the content; cited here.
   */
  textConcatenates: 'response.lifecycle.order',
  /** Function call arguments stream by delta and `.done`; the deltas concatenate to `arguments`. */
  argumentsConcatenate: 'tools.call-item-shape',
  /** A `function_call_output` carries the `call_id` of a `function_call` already seen. */
  callIdKnown: 'tools.call-id.required',
  /** `audio_end_ms` of a truncate is within the audio the server sent for the item. */
  truncateBounded: 'truncate.bounded-by-audio',
  /** No truncate at `audio_end_ms: 0` of an item with no audio. */
  truncateZero: 'truncate.zero-before-audio',
  /** Truncating an item that does not exist. */
  truncateUnknown: 'truncate.unknown-item',
  /** Every server event has a unique `event_id`. */
  eventIdUnique: 'events.event-id-on-every-server-event',
  /** Each client message is one JSON object in a text frame (also: a log line that is not JSON). */
  jsonText: 'events.json-text',
  /** The dialect's own event names (and the marker that selects the dialect). */
  eventNames: 'response.event-names',
  dialectMarker: 'handshake.dialect-marker',
} as const;

/** A rule id as the protocol rules spell it, e.g. `response.lifecycle.order`. */
export type RuleId = string;

/** One problem in a stream of events. */
export interface StreamProblem {
  /** The rule broken (an id of the protocol rules). */
  readonly rule: RuleId;
  readonly severity: Severity;
  /** The event's wire `type` (`-` when the frame has none). */
  readonly type: string;
  /** JSON path inside the event, `$` for the whole event: `$.item.call_id`. */
  readonly path: string;
  /** What is wrong, naming what was expected and what was found. */
  readonly reason: string;
  /** The line of the frame that shows the problem (for `end()` problems: where the thing began). */
  readonly line: number;
}
