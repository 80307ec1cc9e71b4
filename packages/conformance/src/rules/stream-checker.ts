/**
 * The stream checks of one session: feed every frame in order (`push`), then `end()`. Each call
 * returns the problems that frame shows, each citing its rule. Schema checks are separate
 * (@soundcheck/schema); these are the rules that need the frames before: order, ids, sums.
 *
 * @example
 * const checker = new StreamChecker({ dialect: 'ga' });
 * for (const { direction, event, line } of frames) report(checker.push(direction, event, line));
 * report(checker.end());
 */
import type { AudioFormatName, DialectName } from '@soundcheck/schema';
import { DEFAULT_FORMAT, declaredFormat, describeFormat } from './audio.js';
import { canonicalType, ONLY_IN } from './names.js';
import { RULE, type RuleId, type Severity, type StreamProblem } from './problem.js';
import { type Report, ResponseTracker } from './response-tracker.js';

export interface StreamCheckerOptions {
  /** The dialect of the session (event names and shapes). */
  dialect: DialectName;
}

type Event = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** How many call ids a message lists. */
const LISTED = 3;

/** The server events the checks handle (GA names), as small codes to dispatch on. */
const SERVER_CODES: Readonly<Record<string, number>> = {
  'response.output_audio.delta': 1,
  'response.output_text.delta': 1,
  'response.output_audio_transcript.delta': 1,
  'response.output_audio.done': 2,
  'response.output_text.done': 2,
  'response.output_audio_transcript.done': 2,
  'response.function_call_arguments.delta': 3,
  'response.function_call_arguments.done': 4,
  'response.content_part.added': 5,
  'response.content_part.done': 6,
  'response.output_item.added': 7,
  'response.output_item.done': 8,
  'response.created': 9,
  'response.done': 10,
  'session.created': 11,
  'session.updated': 11,
  'transcription_session.updated': 11,
  'conversation.item.created': 12,
  'conversation.item.added': 12,
  'conversation.item.done': 12,
  'conversation.item.retrieved': 12,
  'input_audio_buffer.committed': 13,
  'conversation.item.deleted': 14,
  'conversation.item.truncated': 15,
};

/** Wire type → [GA name, code] of each dialect (a Map: one hash lookup per frame). */
const DISPATCH: Readonly<Record<DialectName, ReadonlyMap<string, readonly [string, number]>>> = {
  ga: dispatchOf('ga'),
  beta: dispatchOf('beta'),
};

function dispatchOf(dialect: DialectName): Map<string, readonly [string, number]> {
  const map = new Map<string, readonly [string, number]>();
  const names = [...Object.keys(SERVER_CODES), ...ONLY_IN.beta];
  for (const wire of names) {
    const name = canonicalType(dialect, wire);
    const code = SERVER_CODES[name];
    if (code !== undefined && (dialect === 'beta' || wire === name)) map.set(wire, [name, code]);
  }
  return map;
}

/** What push returns when a frame shows nothing (shared, never written to). */
const NONE: StreamProblem[] = [];

export class StreamChecker {
  readonly dialect: DialectName;
  readonly #dispatch: ReadonlyMap<string, readonly [string, number]>;
  readonly #tracker: ResponseTracker;
  /** Server event ids → the line that used them first. */
  readonly #eventIds = new Map<string, number>();
  /** Function call ids seen (server items, client-created history items) → their item id. */
  readonly #calls = new Map<string, string | undefined>();
  /** Every conversation item id seen. */
  readonly #items = new Set<string>();
  #inputFormat: AudioFormatName = DEFAULT_FORMAT;
  #outputFormat: AudioFormatName = DEFAULT_FORMAT;
  #problems: StreamProblem[] = [];
  #type = '-';
  #line = 0;
  readonly #report: Report = (rule, severity, path, reason) =>
    this.#add(rule, severity, path, reason);

  constructor(options: StreamCheckerOptions) {
    this.dialect = options.dialect;
    this.#dispatch = DISPATCH[options.dialect];
    this.#tracker = new ResponseTracker({
      betaOrder: options.dialect === 'beta',
      onCall: (callId, itemId) => {
        if (!this.#calls.has(callId)) this.#calls.set(callId, itemId);
      },
    });
  }

  #add(rule: RuleId, severity: Severity, path: string, reason: string, line = this.#line): void {
    if (this.#problems === NONE) this.#problems = [];
    this.#problems.push({ rule, severity, type: this.#type, path, reason, line });
  }

  /**
   * The audio format a frame's audio is in, for checking it with @soundcheck/schema: the session's
   * input format for client frames; for server frames the format of the response the item
   * belongs to (a response can override the session's), else the session's output format.
   */
  audioFormat(direction: 'client' | 'server', event: unknown): AudioFormatName {
    if (direction === 'client') return this.#inputFormat;
    const itemId = (event as { item_id?: unknown } | null)?.item_id;
    return this.#tracker.formatOf(itemId) ?? this.#outputFormat;
  }

  /** Checks one frame (an event object) seen on `line`; returns the problems it shows. */
  push(direction: 'client' | 'server', event: unknown, line: number): StreamProblem[] {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return NONE;
    const type = (event as Event).type;
    if (typeof type !== 'string') return NONE;
    this.#problems = NONE;
    this.#type = type;
    this.#line = line;
    if (direction === 'server') this.#server(type, event as Event, line);
    else this.#client(type, event as Event);
    return this.#problems;
  }

  /** Ends the stream; returns what was left unfinished. */
  end(): StreamProblem[] {
    this.#problems = NONE;
    this.#type = 'response.created';
    this.#tracker.end((line, reason) => this.#add(RULE.doneAlways, 'warning', '$', reason, line));
    return this.#problems;
  }

  #server(wire: string, event: Event, line: number): void {
    // rule events.event-id-on-every-server-event: unique server event ids.
    const eventId = str(event.event_id);
    if (eventId !== undefined) {
      const first = this.#eventIds.get(eventId);
      if (first === undefined) this.#eventIds.set(eventId, line);
      else
        this.#add(
          RULE.eventIdUnique,
          'error',
          '$.event_id',
          `event_id ${eventId} was already used by the server event on line ${first}`,
        );
    }
    const tracker = this.#tracker;
    const report = this.#report;
    const entry = this.#dispatch.get(wire);
    if (entry === undefined) return;
    const [type, code] = entry;
    switch (code) {
      case 1:
        tracker.delta(type, event, report);
        break;
      case 2:
        tracker.streamDone(type, event, report);
        break;
      case 3:
        tracker.argumentsDelta(event, report);
        break;
      case 4:
        tracker.argumentsDone(event, report);
        break;
      case 5:
        tracker.partAdded(event, line, report);
        break;
      case 6:
        tracker.partDone(event, report);
        break;
      case 7:
        tracker.itemAdded(event, line, report);
        break;
      case 8:
        tracker.itemDone(event, report);
        break;
      case 9:
        tracker.created(
          event,
          line,
          this.#outputFormat,
          declaredFormat(event.response, 'output'),
          report,
        );
        break;
      case 10:
        tracker.done(event, line, report);
        break;
      case 11: {
        this.#inputFormat = declaredFormat(event.session, 'input') ?? this.#inputFormat;
        this.#outputFormat = declaredFormat(event.session, 'output') ?? this.#outputFormat;
        break;
      }
      case 12:
        this.#itemSeen(event.item as Event | undefined);
        break;
      case 13: {
        const itemId = str(event.item_id);
        if (itemId !== undefined) this.#items.add(itemId);
        break;
      }
      case 14: {
        const itemId = str(event.item_id);
        if (itemId === undefined) return;
        this.#items.delete(itemId);
        for (const [callId, owner] of this.#calls) if (owner === itemId) this.#calls.delete(callId);
        break;
      }
      case 15: {
        const itemId = str(event.item_id);
        const end = event.audio_end_ms;
        if (itemId !== undefined && typeof end === 'number') tracker.truncated(itemId, end);
        break;
      }
      default:
        break;
    }
  }

  #itemSeen(item: Event | undefined): void {
    const id = str(item?.id);
    if (id !== undefined) {
      this.#items.add(id);
      this.#tracker.itemInConversation(id);
    }
    const callId = str(item?.call_id);
    if (item?.type === 'function_call' && callId !== undefined && !this.#calls.has(callId)) {
      this.#calls.set(callId, id);
    }
  }

  #client(type: string, event: Event): void {
    switch (type) {
      case 'conversation.item.create':
        this.#itemCreate(event.item as Event | undefined);
        break;
      case 'conversation.item.truncate':
        this.#truncate(event);
        break;
      case 'response.create': {
        // rule response.create-serialised: no default-conversation response.create while one runs.
        const conversation = (event.response as Event | undefined)?.conversation;
        const active = this.#tracker.activeDefault;
        if (active !== undefined && conversation !== 'none') {
          this.#add(
            RULE.createSerialised,
            'warning',
            '$',
            `response.create while response ${active.id} (line ${active.line}) is in progress in the default conversation; wait for its response.done, or create an out-of-band response (conversation "none")`,
          );
        }
        break;
      }
      default:
        break;
    }
  }

  #itemCreate(item: Event | undefined): void {
    const callId = str(item?.call_id);
    if (item === undefined || callId === undefined) return;
    if (item.type === 'function_call') {
      // History replay: a function call the client adds itself.
      if (!this.#calls.has(callId)) this.#calls.set(callId, str(item.id));
      return;
    }
    if (item.type !== 'function_call_output' || this.#calls.has(callId)) return;
    // rule tools.call-id.required: the output answers a function call already seen.
    const known = [...this.#calls.keys()];
    const listed =
      known.length === 0
        ? 'no function call was seen in this session'
        : `function calls seen: ${known.slice(-LISTED).join(', ')}${known.length > LISTED ? ` and ${known.length - LISTED} more` : ''}`;
    this.#add(
      RULE.callIdKnown,
      'error',
      '$.item.call_id',
      `call_id ${callId} matches no function_call (${listed})`,
    );
  }

  #truncate(event: Event): void {
    const itemId = str(event.item_id);
    const end = event.audio_end_ms;
    if (itemId === undefined || typeof end !== 'number') return;
    const audio = this.#tracker.audioOf(itemId);
    if (audio === undefined) {
      if (!this.#items.has(itemId)) {
        this.#add(
          RULE.truncateUnknown,
          'warning',
          '$.item_id',
          `item ${itemId} is not in the conversation (the server answers item_truncate_invalid_item_id)`,
        );
      } else if (end === 0) {
        this.#add(
          RULE.truncateZero,
          'error',
          '$.audio_end_ms',
          `audio_end_ms 0 on item ${itemId}, which has no audio: delete the item (or leave it) instead of truncating it`,
        );
      } else {
        this.#add(
          RULE.truncateBounded,
          'error',
          '$.audio_end_ms',
          `audio_end_ms ${end}, but the server sent no audio for item ${itemId}`,
        );
      }
      return;
    }
    // rule truncate.bounded-by-audio: within the audio sent for the item (pcm16 24 kHz, G.711 8 kHz).
    if (end > audio.ms) {
      this.#add(
        RULE.truncateBounded,
        'error',
        '$.audio_end_ms',
        `audio_end_ms ${end} is past the end of the audio the server sent for item ${itemId}: ${Math.floor(audio.ms * 100) / 100} ms (${audio.bytes} bytes of ${describeFormat(audio.format)})`,
      );
    }
  }
}
