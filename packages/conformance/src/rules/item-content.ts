/**
 * The checks on one output item's content as its events arrive: content parts in order, deltas
 * between their part's `added` and their stream's `*.done`, done values that are the
 * concatenation of the deltas, function call arguments likewise. Rules response.lifecycle.order,
 * response.ids-consistent, tools.call-item-shape. The tracker finds the item; these check it.
 */
import { base64Bytes, bytesPerMs } from './audio.js';
import { RULE } from './problem.js';
import {
  AUDIO,
  concatenationReason,
  type ItemAudio,
  type ItemState,
  int,
  type PartState,
  type Report,
  STREAM_OF,
  str,
  TEXT,
  TRANSCRIPT,
} from './response-state.js';

type Event = Record<string, unknown>;

/** `response.content_part.added`: parts count from 0 per item. */
export function addPart(item: ItemState, event: Event, line: number, report: Report): void {
  const index = int(event.content_index);
  if (index !== undefined && index !== item.parts.length) {
    report(
      RULE.idsConsistent,
      'error',
      '$.content_index',
      `content_index ${index}, expected ${item.parts.length}: content parts count from 0 per item`,
    );
  }
  item.parts.push({
    index: index ?? item.parts.length,
    line,
    done: false,
    started: 0,
    closed: 0,
    deltas: 0,
    text: '',
    transcript: '',
  });
}

/** The open part an event names, or a problem. */
export function findPart(item: ItemState, event: Event, report: Report): PartState | undefined {
  const index = int(event.content_index);
  if (index === undefined) return undefined;
  const part = item.parts.find((p) => p.index === index);
  if (part === undefined) {
    report(
      RULE.lifecycleOrder,
      'error',
      '$.content_index',
      `content part ${index} of item ${item.id} has no response.content_part.added before this event`,
    );
    return undefined;
  }
  if (part.done) {
    report(
      RULE.lifecycleOrder,
      'error',
      '$.content_index',
      `content part ${index} of item ${item.id} already ended with response.content_part.done`,
    );
    return undefined;
  }
  return part;
}

/**
 * The stream bit of a delta or done event's `type`, or `undefined` when that stream of the part is
 * already done (reported as rule response.lifecycle.order with `message`).
 */
function notClosed(
  part: PartState,
  type: string,
  report: Report,
  message: string,
): number | undefined {
  const stream = STREAM_OF[type] as number;
  if ((part.closed & stream) === 0) return stream;
  report(RULE.lifecycleOrder, 'error', '$', message);
  return undefined;
}

/** A text, transcript or audio delta: before its stream's done; adds up text and audio bytes. */
export function addDelta(
  item: ItemState,
  part: PartState,
  type: string,
  event: Event,
  audio: Map<string, ItemAudio>,
  report: Report,
): void {
  const stream = notClosed(
    part,
    type,
    report,
    `delta after the ${type.replace('.delta', '.done')} of content part ${part.index} of item ${item.id}`,
  );
  if (stream === undefined) return;
  part.started |= stream;
  const delta = event.delta;
  if (typeof delta !== 'string') return;
  if (stream === TEXT) part.text += delta;
  else if (stream === TRANSCRIPT) part.transcript += delta;
  else {
    // rule output.audio-delta-format: the item's audio is its deltas, at the response's format.
    const bytes = base64Bytes(delta);
    const format = item.response.format;
    const sent = audio.get(item.id);
    if (sent === undefined) audio.set(item.id, { bytes, ms: bytes / bytesPerMs(format), format });
    else {
      sent.bytes += bytes;
      sent.ms += bytes / bytesPerMs(format);
    }
  }
  if (stream !== AUDIO) part.deltas++;
}

/** A stream's `*.done`: once, with the text or transcript its deltas add up to. */
export function closeStream(
  item: ItemState,
  part: PartState,
  type: string,
  event: Event,
  report: Report,
): void {
  const stream = notClosed(
    part,
    type,
    report,
    `second ${type} for content part ${part.index} of item ${item.id}`,
  );
  if (stream === undefined) return;
  part.closed |= stream;
  const key = stream === TEXT ? 'text' : stream === TRANSCRIPT ? 'transcript' : undefined;
  if (key === undefined) return;
  const done = event[key];
  const joined = part[key];
  if (typeof done === 'string' && done !== joined) {
    report(
      RULE.textConcatenates,
      'error',
      `$.${key}`,
      concatenationReason(key, part.deltas, joined, done),
    );
  }
}

/** `response.content_part.done`: after the done of every stream the part started. */
export function closePart(item: ItemState, part: PartState, report: Report): void {
  const open = part.started & ~part.closed;
  if (open !== 0) {
    const name =
      open & TEXT ? 'output_text' : open & AUDIO ? 'output_audio' : 'output_audio_transcript';
    report(
      RULE.lifecycleOrder,
      'error',
      '$',
      `response.content_part.done of content part ${part.index} of item ${item.id} before its response.${name}.done`,
    );
  }
  part.done = true;
}

/** The function call item of an arguments event: a function_call, with the event's call_id. */
export function isCallItem(item: ItemState, event: Event, report: Report): boolean {
  if (item.type !== undefined && item.type !== 'function_call') {
    report(
      RULE.idsConsistent,
      'error',
      '$.item_id',
      `item ${item.id} is a ${item.type} item, not a function_call`,
    );
    return false;
  }
  const callId = str(event.call_id);
  if (callId !== undefined && item.callId !== undefined && callId !== item.callId) {
    report(
      RULE.idsConsistent,
      'error',
      '$.call_id',
      `call_id ${callId}, but item ${item.id} was added with call_id ${item.callId} (line ${item.line})`,
    );
  }
  return true;
}

/** `response.function_call_arguments.delta`: before the done; adds up the arguments. */
export function addArguments(item: ItemState, event: Event, report: Report): void {
  if (item.argsDone) {
    report(
      RULE.lifecycleOrder,
      'error',
      '$',
      `delta after the response.function_call_arguments.done of item ${item.id}`,
    );
    return;
  }
  if (typeof event.delta === 'string') {
    item.args += event.delta;
    item.argDeltas++;
  }
}

/** `response.function_call_arguments.done`: once, with the arguments the deltas add up to. */
export function closeArguments(item: ItemState, event: Event, report: Report): void {
  if (item.argsDone) {
    report(
      RULE.lifecycleOrder,
      'error',
      '$',
      `second response.function_call_arguments.done for item ${item.id}`,
    );
    return;
  }
  item.argsDone = true;
  const done = event.arguments;
  if (typeof done === 'string' && done !== item.args) {
    report(
      RULE.argumentsConcatenate,
      'error',
      '$.arguments',
      concatenationReason('arguments', item.argDeltas, item.args, done),
    );
  }
}

/** `response.output_item.done`: after its parts' and arguments' done, with the same arguments. */
export function closeItem(item: ItemState, body: Event | undefined, report: Report): void {
  for (const part of item.parts) {
    if (!part.done) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$',
        `response.output_item.done of item ${item.id} before the response.content_part.done of its content part ${part.index} (line ${part.line})`,
      );
    }
  }
  if (item.type === 'function_call') {
    if (item.argDeltas > 0 && !item.argsDone) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$',
        `response.output_item.done of item ${item.id} before its response.function_call_arguments.done`,
      );
    }
    const args = body?.arguments;
    if (typeof args === 'string' && (item.argDeltas > 0 || item.argsDone) && args !== item.args) {
      report(
        RULE.argumentsConcatenate,
        'error',
        '$.item.arguments',
        concatenationReason('item.arguments', item.argDeltas, item.args, args),
      );
    }
  }
  item.done = true;
}
