/**
 * One response, streamed in the real order (rule response.lifecycle.order):
 * response.created → rate_limits.updated → per item: output_item.added → conversation.item.added →
 * per part: content_part.added → deltas → *.done → content_part.done → output_item.done →
 * conversation.item.done → response.done.
 *
 * The run is a list of steps with due times on the virtual clock. The engine releases the steps that
 * are due; a cancel closes whatever is open (rule response.done.always) from what was released.
 */
import {
  bytesPerMs,
  type CanonicalAudioFormat,
  DELTA_MS,
  SPEECH_MS_PER_CHAR,
  speechChunks,
} from './audio.js';
import type { AudioTally } from './conversation.js';
import type { PlannedAudio, PlannedOutput } from './responder.js';
import { tokens } from './responder.js';
import { copyJson, flatString, type Item, type JsonObject } from './types.js';

/**
 * An event the run produces; the engine stamps the `event_id` when it leaves. The deltas carry an
 * empty `event_id` in second place already, so the stamp fills it in without copying the event.
 */
export type PendingEvent = JsonObject & { type: string };

export type FinalStatus =
  | { status: 'completed'; status_details: null }
  | {
      status: 'cancelled';
      status_details: { type: 'cancelled'; reason: 'turn_detected' | 'client_cancelled' };
    }
  | {
      status: 'incomplete';
      status_details: { type: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' };
    }
  | {
      status: 'failed';
      status_details: {
        type: 'failed';
        error: { type: string; code?: string; message?: string };
      };
    };

/** What a run calls back into the engine for: ids, the conversation, rate limits, delay faults. */
export interface RunHooks {
  newItemId: () => string;
  newCallId: () => string;
  /** Called when an output item enters the default conversation; returns its `previous_item_id`. */
  addItem: (item: Item) => string | null;
  /**
   * Called when an output item is final (done or closed by a cancel): stores it in the
   * conversation, and says whether the conversation still has it (the client may have deleted
   * it while it streamed).
   */
  finishItem: (item: Item) => boolean;
  /**
   * Called when an item's audio part opens: returns its tally, whose `add` each of its audio
   * deltas calls with the milliseconds it adds.
   */
  audioOf: (itemId: string) => AudioTally;
  /** The rate limits a rate_limits.updated after response.created carries (the session's nth). */
  rateLimits: (responses: number) => JsonObject[];
  /**
   * Asked before each step is released with the event it will produce (deltas in full, other
   * steps by `type` and `response_id`): milliseconds to stall the rest of the run, if any.
   */
  delayFor?: (event: PendingEvent) => number | undefined;
  /** The delays waiting, if any (peeks are skipped while it is empty). */
  pendingDelays?: readonly unknown[];
}

/** What a run needs from the engine: the response's settings, and the hooks (shared). */
export interface RunContext {
  responseId: string;
  /** `conv_…` for the default conversation, `null` for out-of-band responses. */
  conversationId: string | null;
  modality: 'audio' | 'text';
  format: CanonicalAudioFormat;
  voice: unknown;
  maxOutputTokens: number | 'inf';
  metadata: unknown;
  inputTokens: { text: number; audio: number };
  /** Which response of the session this is (1 for the first). */
  number: number;
  hooks: RunHooks;
  /** Final status forced by a scenario (e.g. failed); default: completed or incomplete by tokens. */
  forcedStatus?: FinalStatus;
}

type FunctionCallOutput = Extract<PlannedOutput, { kind: 'function_call' }>;

/**
 * What a step does: `created` (response.created, rate_limits.updated), `open-message` /
 * `open-call` (an output item and its part), `deltas` (a message part's text, transcript and audio
 * deltas, see {@link DeltaStream}), `args` (one function-call arguments delta), `close-call`,
 * `close` (the last part and item), `done` (response.done).
 */
type StepKind =
  | 'created'
  | 'open-message'
  | 'open-call'
  | 'deltas'
  | 'args'
  | 'close-call'
  | 'close'
  | 'done';

/**
 * One step of a run: data, not closures, and never changed, so a step with no data of its own is
 * one object shared by every run (see {@link closeStep}). When it is due is the run's to keep.
 */
class Step {
  constructor(
    readonly kind: StepKind,
    /** The event type of `close` steps. */
    readonly type: string = '',
    /** The delta of `args` steps. */
    readonly delta: string = '',
    /** The output index of `open-*` and `args` steps. */
    readonly index: number = 0,
    /** The function call an `open-call` step opens. */
    readonly call: FunctionCallOutput | undefined = undefined,
    /** The deltas of a `deltas` step. */
    readonly stream: DeltaStream | undefined = undefined,
  ) {}
}

/** The status of a completed response (one object: statuses are read, never changed). */
const COMPLETED: FinalStatus = { status: 'completed', status_details: null };

const CREATED = new Step('created');
const DONE = new Step('done');
const CLOSE_CALL = new Step('close-call');
/** `close` steps by event type, `open-message` steps by output index (small ones). */
const CLOSES = new Map<string, Step>();
const OPEN_MESSAGES: Step[] = [];

// Shared steps: a paced response lives for seconds, and a step object per response would live that
// long, to be copied and promoted by the garbage collector.

/** The shared `close` step for event `type`. */
function closeStep(type: string): Step {
  let step = CLOSES.get(type);
  if (step === undefined) {
    step = new Step('close', type);
    CLOSES.set(type, step);
  }
  return step;
}

/** The shared `open-message` step for output `index` (a step of its own past the first 16). */
function openMessageStep(index: number): Step {
  if (index >= 16) return new Step('open-message', '', '', index);
  let step = OPEN_MESSAGES[index];
  if (step === undefined) {
    step = new Step('open-message', '', '', index);
    OPEN_MESSAGES[index] = step;
  }
  return step;
}

/** In text-only responses, the time between two text deltas. */
const TEXT_DELTA_MS = 30;

/**
 * A message part's deltas, made one at a time as they are released. Not a step each: a paced
 * audio response lives for seconds, and objects that live that long are what the garbage
 * collector copies and promotes (~57 steps per response; memory held per active response went
 * from 9.4 KB to 5.6 KB without them).
 *
 * Audio: delta `c` of `chunks` is due when the audio before it has played; transcript words run
 * slightly ahead of the audio (word `w` leaves before audio delta `c` once w × chunks ≤ c ×
 * words), as on the real server. Text only: one word every {@link TEXT_DELTA_MS}.
 */
class DeltaStream {
  #word = 0;
  #chunk = 0;
  /** What the current delta is: a word, an audio chunk, or nothing (all released). */
  kind: 'text' | 'audio' | 'end' = 'end';
  /** Due time of the current delta (before the run's stall shift). */
  due: number;
  /** Time the last delta is due. */
  readonly end: number;

  /**
   * How many words {@link text} has (see {@link wordEnds}). Where each ends is found as the
   * stream reaches it, not kept in an array: an array per part would live as long as the response.
   */
  readonly #words: number;
  /** Where the first word starts. */
  readonly #from: number;
  /** Where the current word starts (the end of the words released) and where it ends. */
  #at: number;
  #end: number;

  constructor(
    /** The part's text, streamed word by word. */
    readonly text: string,
    /** `response.output_text.delta` or `response.output_audio_transcript.delta`. */
    readonly textType: string,
    /** Audio deltas (0 for a text-only part). */
    readonly chunks: number,
    /** Base64 audio: delta `c` is `audio[c % audio.length]`. */
    readonly audio: readonly string[],
    readonly bytesPerMs: number,
    start: number,
  ) {
    const from = firstWord(text);
    let words = 1;
    if (from < 0) {
      // No word: one delta of the whole text.
      this.#from = 0;
      this.#end = text.length;
    } else {
      this.#from = from;
      this.#end = wordEnd(text, from);
      for (let at = this.#end; at < text.length; at = wordEnd(text, at)) words++;
    }
    this.#at = this.#from;
    this.#words = words;
    let end = start;
    if (chunks === 0) end += TEXT_DELTA_MS * words;
    else for (let c = 0; c < chunks; c++) end += this.#chunkMs(c);
    this.end = end;
    this.due = chunks === 0 ? start + TEXT_DELTA_MS : start;
    this.#settle();
  }

  /** The current delta's text or base64 audio. */
  get delta(): string {
    if (this.kind === 'audio') return this.audio[this.#chunk % this.audio.length] as string;
    return this.text.slice(this.#at, this.#end);
  }

  /**
   * The text of the words released so far (before the current delta): one slice of the part's
   * text, made when asked. Not kept per delta: a slice kept on the part from one word to the
   * next is one string per streaming session alive at every young-generation collection.
   */
  get released(): string {
    return this.#word === 0 ? '' : this.text.slice(this.#from, this.#at);
  }

  /** Moves on to the next delta. */
  advance(): void {
    if (this.kind === 'audio') {
      this.due += this.#chunkMs(this.#chunk);
      this.#chunk++;
    } else {
      this.#word++;
      this.#at = this.#end;
      if (this.#word < this.#words) this.#end = wordEnd(this.text, this.#at);
      if (this.chunks === 0) this.due += TEXT_DELTA_MS;
    }
    this.#settle();
  }

  #settle(): void {
    const words = this.#words;
    if (this.#chunk < this.chunks) {
      this.kind =
        this.#word < words && this.#word * this.chunks <= this.#chunk * words ? 'text' : 'audio';
    } else {
      this.kind = this.#word < words ? 'text' : 'end';
    }
  }

  #chunkMs(index: number): number {
    const delta = this.audio[index % this.audio.length] as string;
    return Math.round(((delta.length / 4) * 3) / this.bytesPerMs) || DELTA_MS;
  }
}

interface OpenItem {
  index: number;
  item: Item;
  /** `item.id`, read by every delta (one object less to load). */
  id: string;
  previousItemId: string | null;
  part:
    | {
        kind: 'text' | 'audio';
        /** The part's deltas, once the first is released: its text is what they released. */
        stream: DeltaStream | undefined;
        audioMs: number;
        /** Adds audio to the item in the conversation (made on the part's first audio delta). */
        addAudio: AudioTally | undefined;
      }
    | undefined;
  call: { name: string; callId: string; args: string } | undefined;
  /** The item's final content, once its part is done (the open item is never changed). */
  content: unknown[] | undefined;
  /** A function call's final arguments, once they are done. */
  args: string | undefined;
}

/**
 * A text cut into words as the real server streams them, each with the spaces after it: where
 * the first starts and where each ends. A text with no word is one delta of the whole text.
 * Words are runs of characters other than white space and white space is what `\s` matches in a
 * regular expression, read here one character at a time: `matchAll` made a match array per word
 * (a tenth of what a paced response allocated besides its deltas).
 */
export function wordEnds(text: string): { from: number; ends: number[] } {
  const from = firstWord(text);
  if (from < 0) return { from: 0, ends: [text.length] };
  const ends: number[] = [];
  for (let at = from; at < text.length; ) {
    at = wordEnd(text, at);
    ends.push(at);
  }
  return { from, ends };
}

/** Where the first word of `text` starts, or -1 when it has none. */
function firstWord(text: string): number {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return i === n ? -1 : i;
}

/** Where the word that starts at `at` ends, with the white space after it. */
function wordEnd(text: string, at: number): number {
  const n = text.length;
  let i = at;
  while (i < n && !isSpace(text.charCodeAt(i))) i++;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Whether a UTF-16 code unit is white space as `\s` defines it (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

export class ResponseRun {
  readonly id: string;
  readonly conversationId: string | null;
  readonly #ctx: RunContext;
  #steps: Step[] = [];
  /** When each step is due (before the stall shift), by the steps' index. */
  #dues: number[] = [];
  #cursor = 0;
  #output: Item[] = [];
  #open: OpenItem | undefined;
  #outputTextTokens = 0;
  #outputAudioTokens = 0;
  #done = false;
  #final: FinalStatus = COMPLETED;

  /** The engine's delay hooks, kept here: read on every release. */
  readonly #delayFor: RunHooks['delayFor'];
  readonly #delays: RunHooks['pendingDelays'];

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
    this.#delayFor = ctx.hooks.delayFor;
    this.#delays = ctx.hooks.pendingDelays;
    this.id = ctx.responseId;
    this.conversationId = ctx.conversationId;
  }

  /** The response object as `response.created` will carry it. */
  preview(): JsonObject {
    return this.#response('in_progress', null, null);
  }

  /** Schedules the run's events from `startAt` (virtual ms). Call once. */
  start(plan: readonly PlannedOutput[], startAt: number, status?: FinalStatus): this {
    if (status !== undefined) this.#ctx.forcedStatus = status;
    this.#build(plan, startAt);
    return this;
  }

  /** Milliseconds of audio the response has sent. */
  get audioMs(): number {
    return this.#audioMs + (this.#open?.part?.audioMs ?? 0);
  }

  /** True once `response.done` has left. */
  get done(): boolean {
    return this.#done;
  }

  /** The virtual time the next step is due, or undefined when nothing is left. */
  nextDue(): number | undefined {
    const step = this.#steps[this.#cursor];
    if (step === undefined) return undefined;
    return (
      (step.stream === undefined ? (this.#dues[this.#cursor] as number) : step.stream.due) +
      this.#shift
    );
  }

  /** Releases every step due at or before `now`, onto `out`. */
  release(now: number, out: PendingEvent[]): void {
    const delayFor = this.#delayFor;
    const delays = this.#delays;
    for (;;) {
      const step = this.#steps[this.#cursor];
      if (step === undefined) break;
      const stream = step.stream;
      if (stream !== undefined && stream.kind === 'end') {
        this.#cursor++;
        continue;
      }
      if (
        (stream === undefined ? (this.#dues[this.#cursor] as number) : stream.due) + this.#shift >
        now
      )
        break;
      // Peeking builds the step's event: only when a delay fault is waiting for one.
      const stall =
        delays !== undefined && delays.length > 0 ? delayFor?.(this.#peek(step)) : undefined;
      if (stall !== undefined && stall > 0) {
        // The model stalls: this step and every later one move back; the response stays active.
        this.#shift += stall;
        continue;
      }
      if (stream !== undefined) {
        // A `deltas` step stays current until its stream has released every delta.
        out.push(this.#streamDelta(stream));
        stream.advance();
        continue;
      }
      this.#cursor++;
      for (const event of this.#run(step)) out.push(event);
    }
  }

  /** How far stalls (delay faults) have moved the steps not yet released, in ms. */
  #shift = 0;

  /** Stops the run: closes the open part and item, then `response.done` with the cancel reason. */
  cancel(reason: 'turn_detected' | 'client_cancelled'): PendingEvent[] {
    if (this.#done) return [];
    this.#cursor = this.#steps.length;
    this.#final = { status: 'cancelled', status_details: { type: 'cancelled', reason } };
    return [...this.#closeOpen('incomplete'), this.#responseDone()];
  }

  #response(status: string, details: unknown, usage: unknown): JsonObject {
    const ctx = this.#ctx;
    return {
      object: 'realtime.response',
      id: this.id,
      status,
      status_details: details,
      output: copyJson(this.#output),
      conversation_id: ctx.conversationId,
      output_modalities: [ctx.modality],
      max_output_tokens: ctx.maxOutputTokens,
      audio: { output: { format: ctx.format, voice: ctx.voice } },
      usage,
      metadata: ctx.metadata ?? null,
    };
  }

  #usage(): JsonObject {
    this.#recount();
    const input = this.#ctx.inputTokens;
    const inputTotal = input.text + input.audio;
    const outputTotal = this.#outputTextTokens + this.#outputAudioTokens;
    return {
      total_tokens: inputTotal + outputTotal,
      input_tokens: inputTotal,
      output_tokens: outputTotal,
      input_token_details: {
        text_tokens: input.text,
        audio_tokens: input.audio,
        image_tokens: 0,
        cached_tokens: 0,
        cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
      },
      output_token_details: {
        text_tokens: this.#outputTextTokens,
        audio_tokens: this.#outputAudioTokens,
      },
    };
  }

  #responseDone(): PendingEvent {
    this.#done = true;
    return {
      type: 'response.done',
      response: this.#response(this.#final.status, this.#final.status_details, this.#usage()),
    };
  }

  #partDone(open: OpenItem): PendingEvent[] {
    const part = open.part;
    if (part === undefined) return [];
    const ids = this.#ids(open);
    const events: PendingEvent[] = [];
    const text = part.stream?.released ?? '';
    let finalPart: JsonObject;
    if (part.kind === 'text') {
      events.push({ type: 'response.output_text.done', ...ids, text });
      finalPart = { type: 'output_text', text };
    } else {
      events.push({ type: 'response.output_audio.done', ...ids });
      events.push({ type: 'response.output_audio_transcript.done', ...ids, transcript: text });
      finalPart = { type: 'output_audio', transcript: text };
    }
    events.push({ type: 'response.content_part.done', ...ids, part: finalPart });
    this.#textChars += text.length;
    this.#audioMs += part.audioMs;
    open.content = [finalPart];
    open.part = undefined;
    return events;
  }

  #ids(open: OpenItem) {
    return {
      response_id: this.id,
      item_id: open.item.id,
      output_index: open.index,
      content_index: 0,
    };
  }

  #itemDone(open: OpenItem, status: 'completed' | 'incomplete'): PendingEvent[] {
    // The final item is a new object: the open one is the conversation's until it is replaced
    // here, and is never changed (see #openItem). Its keys keep their order.
    const final = copyJson(open.item) as Item & {
      status: string;
      content?: unknown[];
      arguments?: string;
    };
    final.status = status;
    if (open.content !== undefined) final.content = open.content;
    if (open.args !== undefined) final.arguments = open.args;
    this.#output[open.index] = copyJson(final);
    const kept = this.#ctx.hooks.finishItem(final);
    this.#open = undefined;
    const events: PendingEvent[] = [
      {
        type: 'response.output_item.done',
        response_id: this.id,
        output_index: open.index,
        item: copyJson(final),
      },
    ];
    // An item the client deleted while it streamed (rule item.delete acks the delete; what follows
    // is unverified) is not announced again: the response still reports it
    // (response.output_item.done), the conversation no longer has it.
    if (this.#ctx.conversationId !== null && kept) {
      events.push({
        type: 'conversation.item.done',
        previous_item_id: open.previousItemId,
        item: copyJson(final),
      });
    }
    return events;
  }

  #closeOpen(status: 'completed' | 'incomplete'): PendingEvent[] {
    const open = this.#open;
    if (open === undefined) return [];
    if (open.call !== undefined) {
      const call = open.call;
      // Built by `+=`, the arguments are a rope with one node per delta, and the conversation
      // keeps them for the session's life: 40 deltas would hold ~50 small strings (~1.7 KB).
      call.args = flatString(call.args);
      this.#textChars += call.args.length;
      open.call = undefined;
      open.args = call.args;
      return [
        {
          type: 'response.function_call_arguments.done',
          response_id: this.id,
          item_id: open.item.id,
          output_index: open.index,
          call_id: call.callId,
          name: call.name,
          arguments: call.args,
        },
        ...this.#itemDone(open, status),
      ];
    }
    return [...this.#partDone(open), ...this.#itemDone(open, status)];
  }

  /** The first event a step will produce, without side effects (for delays). */
  #peek(step: Step): PendingEvent {
    const response_id = this.id;
    const open = this.#open;
    switch (step.kind) {
      case 'created':
        return { type: 'response.created', response_id };
      case 'open-message':
      case 'open-call':
        return { type: 'response.output_item.added', response_id };
      case 'args':
        return {
          type: 'response.function_call_arguments.delta',
          response_id,
          item_id: open?.item.id,
          output_index: step.index,
          call_id: open?.call?.callId,
          delta: step.delta,
        };
      case 'deltas': {
        const stream = step.stream as DeltaStream;
        const type = stream.kind === 'audio' ? 'response.output_audio.delta' : stream.textType;
        return this.#delta(type, open, stream.delta);
      }
      case 'close-call':
        return { type: 'response.function_call_arguments.done', response_id };
      case 'close':
        return { type: step.type, response_id };
      case 'done':
        return { type: 'response.done', response_id };
    }
  }

  /** The events of a step, as it is released. */
  #run(step: Step): PendingEvent[] {
    const ctx = this.#ctx;
    switch (step.kind) {
      case 'created':
        return [
          { type: 'response.created', response: this.#response('in_progress', null, null) },
          { type: 'rate_limits.updated', rate_limits: ctx.hooks.rateLimits(ctx.number) },
        ];
      case 'open-message': {
        const audio = ctx.modality === 'audio';
        const item = {
          id: ctx.hooks.newItemId(),
          object: 'realtime.item' as const,
          type: 'message' as const,
          status: 'in_progress' as const,
          role: 'assistant' as const,
          content: [],
        };
        const events = this.#openItem(step.index, item);
        const open = this.#open as OpenItem;
        open.part = {
          kind: audio ? 'audio' : 'text',
          stream: undefined,
          audioMs: 0,
          addAudio: undefined,
        };
        events.push({
          type: 'response.content_part.added',
          ...this.#ids(open),
          part: audio
            ? { type: 'output_audio', transcript: '' }
            : { type: 'output_text', text: '' },
        });
        return events;
      }
      case 'open-call': {
        const output = step.call as FunctionCallOutput;
        const callId = output.callId ?? ctx.hooks.newCallId();
        const item = {
          id: ctx.hooks.newItemId(),
          object: 'realtime.item' as const,
          type: 'function_call' as const,
          status: 'in_progress' as const,
          call_id: callId,
          name: output.name,
          arguments: '',
        };
        const events = this.#openItem(step.index, item);
        (this.#open as OpenItem).call = { name: output.name, callId, args: '' };
        return events;
      }
      case 'args': {
        const open = this.#open as OpenItem;
        const call = open.call as { callId: string; args: string };
        call.args += step.delta;
        return [
          {
            type: 'response.function_call_arguments.delta',
            response_id: this.id,
            item_id: open.item.id,
            output_index: step.index,
            call_id: call.callId,
            delta: step.delta,
          },
        ];
      }
      case 'deltas': // released by `release` itself, one delta at a time
        return [];
      case 'close-call':
        return this.#closeOpen('completed');
      case 'close': {
        const final: FinalStatus =
          ctx.forcedStatus ??
          (this.#cut
            ? {
                status: 'incomplete',
                status_details: { type: 'incomplete', reason: 'max_output_tokens' },
              }
            : COMPLETED);
        this.#final = final;
        return this.#closeOpen(final.status === 'completed' ? 'completed' : 'incomplete');
      }
      case 'done':
        return [this.#responseDone()];
    }
  }

  /** Whether the output token budget cut the response short. */
  #cut = false;

  #build(plan: readonly PlannedOutput[], start: number): void {
    const ctx = this.#ctx;
    let t = start;
    this.#add(CREATED, t);
    let budget = ctx.maxOutputTokens === 'inf' ? Number.POSITIVE_INFINITY : ctx.maxOutputTokens;
    plan.forEach((output, index) => {
      if (this.#cut) return;
      if (output.kind === 'function_call') {
        const cost = tokens.text(output.arguments.length);
        if (cost > budget) this.#cut = true;
        budget -= cost;
        this.#buildCall(output, index, t);
        return;
      }
      const perChar = ctx.modality === 'audio' ? 0.25 + SPEECH_MS_PER_CHAR / 50 : 0.25;
      let text = output.text;
      if (text.length * perChar > budget) {
        text = text.slice(0, Math.max(0, Math.floor(budget / perChar)));
        this.#cut = true;
      }
      budget -= text.length * perChar;
      t = this.#buildMessage(text, index, t, output.audio);
    });
    // The last message closes in its own step, so a delay can hold `response.done` alone.
    const lastOutput = plan.at(-1);
    const closing =
      lastOutput?.kind === 'message'
        ? ctx.modality === 'audio'
          ? 'response.output_audio.done'
          : 'response.output_text.done'
        : 'response.output_item.done';
    this.#add(closeStep(closing), t);
    this.#add(DONE, t);
    // Copies of the exact size: the arrays grew to 16 slots, and they live as long as the response.
    this.#steps = this.#steps.slice();
    this.#dues = this.#dues.slice();
  }

  #add(step: Step, due: number): void {
    this.#steps.push(step);
    this.#dues.push(due);
  }

  #openItem(index: number, item: Item): PendingEvent[] {
    // The conversation holds the open item itself, not a copy: the run never changes it (the
    // final item is made new when it closes), and a copy would live as long as the response, to
    // be copied and promoted by the garbage collector and then dropped.
    const previousItemId = this.#ctx.conversationId !== null ? this.#ctx.hooks.addItem(item) : null;
    // Every field from the start: one added later would go to a separate property store.
    this.#open = {
      index,
      item,
      id: item.id,
      previousItemId,
      part: undefined,
      call: undefined,
      content: undefined,
      args: undefined,
    };
    // The open item itself until it closes (#itemDone stores a copy of the final item then): the
    // response's output is only read once every item has closed (response.done) or before any
    // opened (response.created), and a copy would live as long as the response for nothing.
    // (The first item starts the array at its size: a store into an empty one grows it to 17.)
    if (index === 0 && this.#output.length === 0) this.#output = [item];
    else this.#output[index] = item;
    const events: PendingEvent[] = [
      {
        type: 'response.output_item.added',
        response_id: this.id,
        output_index: index,
        item: copyJson(item),
      },
    ];
    if (this.#ctx.conversationId !== null) {
      events.push({
        type: 'conversation.item.added',
        previous_item_id: previousItemId,
        item: copyJson(item),
      });
    }
    return events;
  }

  #buildCall(output: FunctionCallOutput, index: number, t: number): void {
    this.#add(new Step('open-call', '', '', index, output), t);
    // Arguments stream in chunks of up to 16 characters.
    for (let i = 0; i < output.arguments.length; i += 16) {
      this.#add(new Step('args', '', output.arguments.slice(i, i + 16), index), t);
    }
    this.#add(CLOSE_CALL, t);
  }

  /** Returns the virtual time after the message has streamed. */
  #buildMessage(text: string, index: number, start: number, scripted?: PlannedAudio): number {
    const ctx = this.#ctx;
    const audio = ctx.modality === 'audio';
    const t = start;
    this.#add(openMessageStep(index), t);
    if (!audio) {
      const stream = new DeltaStream(text, 'response.output_text.delta', 0, [], 1, t);
      this.#add(new Step('deltas', '', '', index, undefined, stream), t);
      return stream.end;
    }
    // Scripted audio: a duration (synthetic speech) or the chunks of a file; default: from the text.
    const chunkList = scripted !== undefined && 'chunks' in scripted ? scripted.chunks : undefined;
    const totalMs =
      scripted !== undefined && 'ms' in scripted
        ? Math.max(DELTA_MS, Math.ceil(scripted.ms / DELTA_MS) * DELTA_MS)
        : Math.max(DELTA_MS, Math.ceil((text.length * SPEECH_MS_PER_CHAR) / DELTA_MS) * DELTA_MS);
    const format = ctx.format;
    const stream = new DeltaStream(
      text,
      'response.output_audio_transcript.delta',
      chunkList?.length ?? totalMs / DELTA_MS,
      chunkList ?? speechChunks(format),
      bytesPerMs(format),
      t,
    );
    this.#add(new Step('deltas', '', '', index, undefined, stream), t);
    return stream.end;
  }

  /** The stream's current delta, as the open part's text or audio delta. */
  #streamDelta(stream: DeltaStream): PendingEvent {
    return stream.kind === 'audio'
      ? this.#audioDelta(stream.delta, stream.bytesPerMs)
      : this.#textDelta(stream);
  }

  #textDelta(stream: DeltaStream): PendingEvent {
    const open = this.#open as OpenItem;
    const part = open.part as { stream?: DeltaStream };
    const delta = stream.delta;
    part.stream = stream;
    const type = stream.textType;
    return this.#delta(type, open, delta);
  }

  #audioDelta(delta: string, perMs: number): PendingEvent {
    const open = this.#open as OpenItem;
    const part = open.part as { audioMs: number; addAudio?: AudioTally };
    const ms = ((delta.length / 4) * 3) / perMs;
    part.audioMs += ms;
    if (part.addAudio === undefined) part.addAudio = this.#ctx.hooks.audioOf(open.item.id);
    part.addAudio.add(ms);
    return this.#delta('response.output_audio.delta', open, delta);
  }

  /**
   * A text, transcript or audio delta of the open part. Its `event_id` slot is empty until the
   * engine stamps it (a peek leaves it empty).
   */
  #delta(type: string, open: OpenItem | undefined, delta: string): PendingEvent {
    return {
      type,
      event_id: '',
      response_id: this.id,
      item_id: open?.id,
      output_index: open?.index,
      content_index: 0,
      delta,
    };
  }

  #textChars = 0;
  #audioMs = 0;

  /** Counts the output tokens (when `response.done` is made, not per delta). */
  #recount(): void {
    // Tokens of finished parts plus the open part or call.
    const open = this.#open;
    const released = open?.part?.stream?.released.length ?? 0;
    const chars = this.#textChars + released + (open?.call?.args.length ?? 0);
    const ms = this.#audioMs + (open?.part?.audioMs ?? 0);
    this.#outputTextTokens = tokens.text(chars);
    this.#outputAudioTokens = tokens.audio(ms);
  }
}
