/**
 * The responses of one session as their server events describe them: which response, item and
 * content part each streaming event belongs to, and in which order they came (item-content.ts
 * checks what arrives inside an item). Rules response.lifecycle.order, response.ids-consistent,
 * response.done.always, response.single-active, response.beta-item-before-content.
 *
 * Works on GA event names (the caller maps beta names). Reads events defensively: a field that is
 * missing or of the wrong type is the schema's to report, so the check that needs it is skipped.
 */
import type { AudioFormatName } from '@soundcheck/schema';
import {
  addArguments,
  addDelta,
  addPart,
  closeArguments,
  closeItem,
  closePart,
  closeStream,
  findPart,
  isCallItem,
} from './item-content.js';
import { RULE } from './problem.js';
import {
  type ItemAudio,
  type ItemState,
  int,
  type PartState,
  type Report,
  type ResponseState,
  str,
} from './response-state.js';

export type { ItemAudio, Report } from './response-state.js';

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
    addPart(item, event, line, report);
  }

  /** The open item and part an event names, or a problem. */
  #part(
    event: Record<string, unknown>,
    report: Report,
  ): { item: ItemState; part: PartState } | undefined {
    const item = this.#item(event, report);
    if (item === undefined) return undefined;
    const part = findPart(item, event, report);
    return part === undefined ? undefined : { item, part };
  }

  delta(type: string, event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found === undefined) return;
    this.#betaOrder(found.item, report, type);
    addDelta(found.item, found.part, type, event, this.#audio, report);
  }

  streamDone(type: string, event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found !== undefined) closeStream(found.item, found.part, type, event, report);
  }

  partDone(event: Record<string, unknown>, report: Report): void {
    const found = this.#part(event, report);
    if (found !== undefined) closePart(found.item, found.part, report);
  }

  argumentsDelta(event: Record<string, unknown>, report: Report): void {
    const item = this.#item(event, report);
    if (item === undefined || !isCallItem(item, event, report)) return;
    this.#betaOrder(item, report, 'response.function_call_arguments.delta');
    addArguments(item, event, report);
  }

  argumentsDone(event: Record<string, unknown>, report: Report): void {
    const item = this.#item(event, report);
    if (item === undefined || !isCallItem(item, event, report)) return;
    this.#betaOrder(item, report, 'response.function_call_arguments.done');
    closeArguments(item, event, report);
  }

  itemDone(event: Record<string, unknown>, report: Report): void {
    const body = event.item as Record<string, unknown> | undefined;
    const item = this.#item(event, report, str(body?.id), '$.item.id');
    if (item === undefined) return;
    this.#betaOrder(item, report, 'response.output_item.done');
    closeItem(item, body, report);
    const callId = str(body?.call_id);
    if (item.type === 'function_call' && callId !== undefined)
      this.#options.onCall(callId, item.id);
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
