/**
 * The responses of one session as their server events describe them: which response, item and
 * content part each streaming event belongs to, in which order they came, and what the deltas add
 * up to. Rules response.lifecycle.order, response.ids-consistent, response.done.always,
 * response.single-active, response.beta-item-before-content, tools.call-item-shape.
 *
 * Works on GA event names (the caller maps beta names). Reads events defensively: a field that is
 * missing or of the wrong type is the schema's to report, so the check that needs it is skipped.
 */
import type { AudioFormatName } from '@soundcheck/schema';
import { base64Bytes, bytesPerMs } from './audio.js';
import { RULE, type RuleId, type Severity } from './problem.js';

/** Reports one problem of the event being handled. */
export type Report = (rule: RuleId, severity: Severity, path: string, reason: string) => void;

/** Streams of a content part, as bits. */
const TEXT = 1;
const AUDIO = 2;
const TRANSCRIPT = 4;

const STREAM_OF: Readonly<Record<string, number>> = {
  'response.output_text.delta': TEXT,
  'response.output_text.done': TEXT,
  'response.output_audio.delta': AUDIO,
  'response.output_audio.done': AUDIO,
  'response.output_audio_transcript.delta': TRANSCRIPT,
  'response.output_audio_transcript.done': TRANSCRIPT,
};

interface PartState {
  readonly index: number;
  readonly line: number;
  done: boolean;
  /** Streams with at least one delta, and streams whose `*.done` came (bits). */
  started: number;
  closed: number;
  deltas: number;
  text: string;
  transcript: string;
}

interface ItemState {
  readonly id: string;
  readonly response: ResponseState;
  readonly outputIndex: number;
  readonly type: string | undefined;
  readonly callId: string | undefined;
  readonly line: number;
  done: boolean;
  /** Beta: `conversation.item.created` seen (or not needed: out-of-band). */
  inConversation: boolean;
  betaOrderReported: boolean;
  readonly parts: PartState[];
  args: string;
  argDeltas: number;
  argsDone: boolean;
}

interface ResponseState {
  readonly id: string;
  readonly line: number;
  readonly defaultConversation: boolean;
  readonly format: AudioFormatName;
  readonly items: ItemState[];
}

/** Audio the server sent for one item. */
export interface ItemAudio {
  bytes: number;
  ms: number;
  format: AudioFormatName;
}

const short = (text: string, max = 40): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Where two strings first differ, for messages. */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function concatenationReason(what: string, deltas: number, joined: string, done: string): string {
  const at = firstDifference(joined, done);
  return `${what} is not the concatenation of its ${deltas} delta${deltas === 1 ? '' : 's'}: the deltas give ${joined.length} characters, the done event ${done.length}; they differ from character ${at} (deltas ${short(joined.slice(at))}, done ${short(done.slice(at))})`;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

export interface TrackerOptions {
  /** Beta: check that model items are created in the conversation before their content. */
  betaOrder: boolean;
  /** Called for every function call seen (its `call_id`, and the item that carries it). */
  onCall: (callId: string, itemId: string | undefined) => void;
}

export class ResponseTracker {
  readonly #options: TrackerOptions;
  readonly #open = new Map<string, ResponseState>();
  /** Finished responses: id → line of their `response.done`. */
  readonly #finished = new Map<string, number>();
  readonly #items = new Map<string, ItemState>();
  readonly #audio = new Map<string, ItemAudio>();
  #activeDefault: ResponseState | undefined;

  constructor(options: TrackerOptions) {
    this.#options = options;
  }

  /** The default-conversation response in progress, if any. */
  get activeDefault(): { id: string; line: number } | undefined {
    return this.#activeDefault;
  }

  /** Audio received for an item (any response), if any came. */
  audioOf(itemId: string): ItemAudio | undefined {
    return this.#audio.get(itemId);
  }

  /** The audio format of an item's response (for checking its deltas), if the item is open. */
  formatOf(itemId: unknown): AudioFormatName | undefined {
    return typeof itemId === 'string' ? this.#items.get(itemId)?.response.format : undefined;
  }

  /** `conversation.item.created` / `.added`: a model item of an open response is now in the conversation. */
  itemInConversation(itemId: string): void {
    const item = this.#items.get(itemId);
    if (item !== undefined) item.inConversation = true;
  }

  created(
    event: Record<string, unknown>,
    line: number,
    sessionFormat: AudioFormatName,
    format: AudioFormatName | undefined,
    report: Report,
  ): void {
    const response = event.response as Record<string, unknown> | undefined;
    const id = str(response?.id);
    if (response === undefined || id === undefined) return;
    const earlier = this.#open.get(id)?.line ?? this.#finished.get(id);
    if (earlier !== undefined) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$.response.id',
        `response ${id} was already created (line ${earlier})`,
      );
      return;
    }
    // rule response.out-of-band: conversation_id null = not in the default conversation.
    const defaultConversation = response.conversation_id !== null;
    const state: ResponseState = {
      id,
      line,
      defaultConversation,
      format: format ?? sessionFormat,
      items: [],
    };
    if (defaultConversation) {
      const active = this.#activeDefault;
      if (active !== undefined) {
        report(
          RULE.singleActive,
          'error',
          '$.response.id',
          `response ${id} starts in the default conversation while response ${active.id} (line ${active.line}) is still in progress; a second default-conversation response needs the response.done of the first (out-of-band responses have conversation_id null)`,
        );
      }
      this.#activeDefault = state;
    }
    this.#open.set(id, state);
  }

  /** The open response an event names, or a lifecycle problem. */
  #response(
    id: string | undefined,
    report: Report,
    path = '$.response_id',
  ): ResponseState | undefined {
    if (id === undefined) return undefined;
    const open = this.#open.get(id);
    if (open !== undefined) return open;
    const doneAt = this.#finished.get(id);
    report(
      RULE.lifecycleOrder,
      'error',
      path,
      doneAt === undefined
        ? `response ${id} has no response.created before this event`
        : `response ${id} already ended with response.done (line ${doneAt})`,
    );
    return undefined;
  }

  itemAdded(event: Record<string, unknown>, line: number, report: Report): void {
    const item = event.item as Record<string, unknown> | undefined;
    const itemId = str(item?.id);
    const outputIndex = int(event.output_index);
    const response = this.#response(str(event.response_id), report);
    if (response === undefined || itemId === undefined) return;
    const earlier = this.#items.get(itemId);
    if (earlier !== undefined) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$.item.id',
        `item ${itemId} was already added (line ${earlier.line})`,
      );
      return;
    }
    if (outputIndex !== undefined && outputIndex !== response.items.length) {
      report(
        RULE.idsConsistent,
        'error',
        '$.output_index',
        `output_index ${outputIndex}, expected ${response.items.length}: output items count from 0 per response (response ${response.id} has ${response.items.length} so far)`,
      );
    }
    const type = str(item?.type);
    const callId = str(item?.call_id);
    const state: ItemState = {
      id: itemId,
      response,
      outputIndex: outputIndex ?? response.items.length,
      type,
      callId,
      line,
      done: false,
      inConversation: !(this.#options.betaOrder && response.defaultConversation),
      betaOrderReported: false,
      parts: [],
      args: '',
      argDeltas: 0,
      argsDone: false,
    };
    response.items.push(state);
    this.#items.set(itemId, state);
    if (type === 'function_call' && callId !== undefined) this.#options.onCall(callId, itemId);
  }

  /** The open item an event names (checking its response_id and output_index), or a problem. */
  #item(
    event: Record<string, unknown>,
    report: Report,
    itemId = str(event.item_id),
    itemPath = '$.item_id',
  ): ItemState | undefined {
    if (itemId === undefined) return undefined;
    const item = this.#items.get(itemId);
    const responseId = str(event.response_id);
    if (item === undefined) {
      // Name the first thing missing: the response, then the item.
      if (responseId !== undefined && !this.#open.has(responseId)) {
        this.#response(responseId, report);
        return undefined;
      }
      report(
        RULE.lifecycleOrder,
        'error',
        itemPath,
        `item ${itemId} has no response.output_item.added before this event`,
      );
      return undefined;
    }
    if (responseId !== undefined && responseId !== item.response.id) {
      report(
        RULE.idsConsistent,
        'error',
        '$.response_id',
        `response_id ${responseId}, but item ${itemId} was added to response ${item.response.id} (line ${item.line})`,
      );
    }
    const outputIndex = int(event.output_index);
    if (outputIndex !== undefined && outputIndex !== item.outputIndex) {
      report(
        RULE.idsConsistent,
        'error',
        '$.output_index',
        `output_index ${outputIndex}, but item ${itemId} was added at output_index ${item.outputIndex} (line ${item.line})`,
      );
    }
    if (item.done) {
      report(
        RULE.lifecycleOrder,
        'error',
        itemPath,
        `item ${itemId} already ended with response.output_item.done`,
      );
      return undefined;
    }
    return item;
  }

  /** Beta: the item must be in the conversation before its content (reported once per item). */
  #betaOrder(item: ItemState, report: Report, what: string): void {
    if (item.inConversation || item.betaOrderReported) return;
    item.betaOrderReported = true;
    report(
      RULE.betaItemBeforeContent,
      'error',
      '$.item_id',
      `${what} for item ${item.id} before its conversation.item.created (beta sends the item to the conversation first)`,
    );
  }

  partAdded(event: Record<string, unknown>, line: number, report: Report): void {
    const item = this.#item(event, report);
    if (item === undefined) return;
    this.#betaOrder(item, report, 'response.content_part.added');
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
  #part(
    event: Record<string, unknown>,
    report: Report,
  ): { item: ItemState; part: PartState } | undefined {
    const item = this.#item(event, report);
    const index = int(event.content_index);
    if (item === undefined || index === undefined) return undefined;
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
    return { item, part };
  }

  delta(type: string, event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found === undefined) return;
    const { item, part } = found;
    this.#betaOrder(item, report, type);
    const stream = STREAM_OF[type] as number;
    if ((part.closed & stream) !== 0) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$',
        `delta after the ${type.replace('.delta', '.done')} of content part ${part.index} of item ${item.id}`,
      );
      return;
    }
    part.started |= stream;
    const delta = event.delta;
    if (typeof delta !== 'string') return;
    if (stream === TEXT) part.text += delta;
    else if (stream === TRANSCRIPT) part.transcript += delta;
    else {
      const bytes = base64Bytes(delta);
      const format = item.response.format;
      const audio = this.#audio.get(item.id);
      if (audio === undefined)
        this.#audio.set(item.id, { bytes, ms: bytes / bytesPerMs(format), format });
      else {
        audio.bytes += bytes;
        audio.ms += bytes / bytesPerMs(format);
      }
    }
    if (stream !== AUDIO) part.deltas++;
  }

  streamDone(type: string, event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found === undefined) return;
    const { item, part } = found;
    const stream = STREAM_OF[type] as number;
    if ((part.closed & stream) !== 0) {
      report(
        RULE.lifecycleOrder,
        'error',
        '$',
        `second ${type} for content part ${part.index} of item ${item.id}`,
      );
      return;
    }
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

  partDone(event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found === undefined) return;
    const { item, part } = found;
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

  argumentsDelta(event: Record<string, unknown>, report: Report): void {
    const item = this.#callItem(event, report);
    if (item === undefined) return;
    this.#betaOrder(item, report, 'response.function_call_arguments.delta');
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

  argumentsDone(event: Record<string, unknown>, report: Report): void {
    const item = this.#callItem(event, report);
    if (item === undefined) return;
    this.#betaOrder(item, report, 'response.function_call_arguments.done');
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

  /** The function call item of an arguments event (its call_id must be the item's). */
  #callItem(event: Record<string, unknown>, report: Report): ItemState | undefined {
    const item = this.#item(event, report);
    if (item === undefined) return undefined;
    if (item.type !== undefined && item.type !== 'function_call') {
      report(
        RULE.idsConsistent,
        'error',
        '$.item_id',
        `item ${item.id} is a ${item.type} item, not a function_call`,
      );
      return undefined;
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
    return item;
  }

  itemDone(event: Record<string, unknown>, report: Report): void {
    const body = event.item as Record<string, unknown> | undefined;
    const item = this.#item(event, report, str(body?.id), '$.item.id');
    if (item === undefined) return;
    this.#betaOrder(item, report, 'response.output_item.done');
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
      const callId = str(body?.call_id);
      if (callId !== undefined) this.#options.onCall(callId, item.id);
    }
    item.done = true;
  }

  done(event: Record<string, unknown>, line: number, report: Report): void {
    const body = event.response as Record<string, unknown> | undefined;
    const response = this.#response(str(body?.id), report, '$.response.id');
    if (response === undefined) return;
    for (const item of response.items) {
      if (!item.done) {
        report(
          RULE.doneAlways,
          'error',
          '$',
          `response.done of response ${response.id} before the response.output_item.done of item ${item.id} (output_index ${item.outputIndex}, line ${item.line})`,
        );
      }
    }
    if (Array.isArray(body?.output)) {
      for (const out of body.output as Record<string, unknown>[]) {
        const callId = str(out?.call_id);
        if (out?.type === 'function_call' && callId !== undefined)
          this.#options.onCall(callId, str(out.id));
      }
    }
    this.#finish(response, line);
  }

  #finish(response: ResponseState, line: number): void {
    for (const item of response.items) this.#items.delete(item.id);
    this.#open.delete(response.id);
    this.#finished.set(response.id, line);
    if (this.#activeDefault === response) this.#activeDefault = undefined;
  }

  /** `conversation.item.truncated`: the item's audio now ends at `audio_end_ms`. */
  truncated(itemId: string, audioEndMs: number): void {
    const audio = this.#audio.get(itemId);
    if (audio !== undefined && audioEndMs < audio.ms) audio.ms = audioEndMs;
  }

  /** At the end of the stream: responses that never got their response.done. */
  end(report: (line: number, reason: string) => void): void {
    for (const response of this.#open.values()) {
      report(response.line, `the stream ends before the response.done of response ${response.id}`);
    }
  }
}
