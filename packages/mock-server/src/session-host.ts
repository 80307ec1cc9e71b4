/**
 * Hosts one engine session behind any transport: checks each client frame with the strict schema,
 * answers bad frames with the real API's `error` (the session stays open), decodes with the
 * dialect codec, runs the engine, encodes its events and paces them. Transports only move text.
 */
import { beta, ga, parseClientEvent } from '@soundcheck/schema';
import { clientEventError } from './client-errors.js';
import type { DialectCodec } from './codec/codec.js';
import { type EngineOptions, RealtimeEngine } from './engine/engine.js';
import { errors } from './engine/errors.js';
import type { ErrorObject, JsonObject, ServerEvent } from './engine/types.js';
import { EARLY_MS, type Pacer, type PacerSlot } from './pacer.js';
import type { Scenario } from './scenario/format.js';
import { ScenarioPlayer, type ScenarioReport, type UserAction } from './scenario/player.js';

/** `fast`: everything due is sent at once. `realtime`: audio leaves at the pace it plays. */
export type Pace = 'fast' | 'realtime';

/** What a transport gives the host. */
export interface HostIo {
  /** Sends one text frame to the client. */
  send(text: string): void;
  /**
   * Sends one text frame given in three pieces (`head + body + tail`), when the transport can
   * build the frame bytes itself; `body` is ASCII (base64) and often the same string again.
   * `ascii`: `head` and `tail` are ASCII as well (each one's byte length is its length).
   */
  sendSpliced?(head: string, body: string, tail: string, ascii?: boolean): void;
  /**
   * Sends one text frame given as the first `count` strings of `parts`, in order, when the
   * transport can write them into the frame one after the other: the host then never joins them
   * into one string (a joined string is a rope that the write flattens, a copy and a fresh string
   * per frame). Used for deltas, in preference to {@link sendSpliced}. `ascii`: every part is
   * ASCII (each one's byte length is its length). `parts` is the host's own array, reused: read it
   * during the call only.
   */
  sendParts?(parts: readonly string[], count: number, ascii: boolean): void;
  /** Closes the connection with a code and reason. */
  close(code: number, reason: string): void;
  /** Drops the connection without a close frame (the client sees 1006). */
  terminate?(): void;
  /** Milliseconds of wall time (only read with `pace: 'realtime'`). */
  now?(): number;
  /** Timers (only used with `pace: 'realtime'`). */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
  /**
   * A pacer shared by the transport's sessions (`pace: 'realtime'`): the host's pacing timer is
   * a slot in it instead of a timer of its own. Its clock must be {@link now}'s.
   */
  pacer?: Pacer;
  /** Optional write batching: frames sent between cork() and uncork() leave in one write. */
  cork?(): void;
  uncork?(): void;
}

export interface SessionHostOptions {
  codec: DialectCodec;
  engine?: Omit<EngineOptions, 'announceConversation' | 'voice' | 'temperature'>;
  pace?: Pace;
  /** Observes every frame both ways (for transcripts). */
  onFrame?: (direction: 'client' | 'server', data: string | Uint8Array, at: number) => void;
  /** A scenario to play in this session. */
  scenario?: SessionScenario;
}

/** A scenario as a session plays it. */
export interface SessionScenario {
  scenario: Scenario;
  /** Reads an audio file the scenario names (relative to the scenario file). */
  readAudio: (file: string) => Uint8Array;
  /** Called when the script reaches a `user` step: what the user does now. */
  onUser?: (action: UserAction, step: number) => void;
  /** Called once with the final report. */
  onEnd?: (report: ScenarioReport) => void;
}

const CLIENT_TYPES = {
  beta: Object.keys(beta.clientEvents),
  ga: Object.keys(ga.clientEvents),
} as const;

/** The largest client frame accepted (15 MiB of audio as base64, plus the envelope). */
export const MAX_FRAME_BYTES = Math.ceil((15 * 1024 * 1024 * 4) / 3) + 64 * 1024;

export class SessionHost {
  readonly engine: RealtimeEngine;
  readonly #codec: DialectCodec;
  /** Audio delta envelopes, reused across one content part (see AudioDeltaSplicer). */
  readonly #splicer = new AudioDeltaSplicer();
  /** The same for text and transcript deltas (see TextDeltaWriter). */
  readonly #textDeltas = new TextDeltaWriter();
  readonly #io: HostIo;
  readonly #pace: Pace;
  readonly #onFrame: SessionHostOptions['onFrame'];
  readonly #start: number;
  #timer: unknown;
  /** The pacing timer's slot when the io has a pacer. */
  readonly #slot: PacerSlot | undefined;
  /** The virtual time the realtime timer was set for. */
  #timerDue = 0;
  #closed = false;
  #pumping = false;
  #stalled = false;
  #repump = false;
  /** The scenario being played, if any. */
  readonly player: ScenarioPlayer | undefined;
  readonly #timers = new Set<unknown>();

  constructor(io: HostIo, options: SessionHostOptions) {
    this.#io = io;
    this.#codec = options.codec;
    this.#pace = options.pace ?? 'fast';
    this.#onFrame = options.onFrame;
    this.#start = io.now?.() ?? 0;
    this.#slot = this.#pace === 'realtime' ? io.pacer?.slot(this.#onTimer) : undefined;
    const played = options.scenario;
    const initial =
      played?.scenario.session === undefined
        ? options.engine?.session
        : { ...(played.scenario.session as JsonObject), ...options.engine?.session };
    this.engine = new RealtimeEngine({
      ...options.engine,
      ...(initial === undefined ? {} : { session: initial }),
      announceConversation: options.codec.announcesConversation,
      voice: options.codec.defaultVoice,
      ...(options.codec.defaultTemperature === undefined
        ? {}
        : { temperature: options.codec.defaultTemperature }),
      ...(played === undefined
        ? {}
        : {
            planner: (response: JsonObject) => this.player?.plan(response),
            autoTranscribe: !ScenarioPlayer.scriptsTranscripts(played.scenario),
          }),
    });
    this.player =
      played === undefined
        ? undefined
        : new ScenarioPlayer(
            played.scenario,
            {
              engine: this.engine,
              send: (events) => this.#emit(events),
              sendVerbatim: (value) => {
                if (this.#closed) return;
                const text = JSON.stringify(value);
                this.#onFrame?.('server', text, this.#virtualNow());
                this.#io.send(text);
              },
              close: (code, reason) => this.close(code, reason),
              drop: () => this.#drop(),
              timer: (ms, fn) => this.#playerTimer(ms, fn),
              readAudio: played.readAudio,
            },
            {
              dialect: options.codec.name,
              ...(played.onUser === undefined ? {} : { onUser: played.onUser }),
              ...(played.onEnd === undefined ? {} : { onEnd: played.onEnd }),
            },
          );
  }

  #virtualNow(): number {
    return this.#pace === 'realtime' ? (this.#io.now?.() ?? 0) - this.#start : this.engine.now;
  }

  /** Virtual time of the session in ms (wall time since open with `pace: 'realtime'`). */
  get now(): number {
    return this.#virtualNow();
  }

  /** Sends the session's first events (and starts the scenario). Call once, when the connection opens. */
  open(): void {
    if (this.player?.scenario.connection?.sessionCreated !== false) this.#emit(this.engine.open());
    if (this.player !== undefined) {
      this.player.start();
      this.#pump();
    }
  }

  /** Handles one frame from the client: text (JSON) or binary. */
  receive(data: string | Uint8Array): void {
    if (this.#closed) return;
    if (typeof data !== 'string') {
      this.#onFrame?.('client', data, this.#virtualNow());
      this.#emit([this.engine.error(errors.binaryFrame())]);
      return;
    }
    this.#onFrame?.('client', data, this.#virtualNow());
    if (data.length > MAX_FRAME_BYTES) {
      this.#emit([this.engine.error(errors.audioTooLarge(Math.floor((data.length * 3) / 4)))]);
      return;
    }
    const dialect = this.#codec.name;
    // Appended audio is checked in the session's input format (G.711 samples are one byte wide).
    const audioFormat = this.engine.inputFormat.type;
    const result = parseClientEvent(data, { dialect, strict: true, audioFormat });
    if (!result.success) {
      let raw: unknown;
      try {
        raw = JSON.parse(data);
      } catch {
        raw = undefined;
      }
      this.#emit([this.engine.error(clientEventError(result.error, raw, CLIENT_TYPES[dialect]))]);
      return;
    }
    const event = this.#codec.decodeClient(result.data as unknown as JsonObject);
    // A scenario sees the event first: its next steps act now, and an `expect` may withhold it.
    if (this.player?.onClient(event) !== true) {
      this.#emit(this.engine.receive(event, this.#virtualNow()));
    }
    this.#pump();
  }

  /** Sends an `error` (e.g. a fault a scenario injects); the session stays open. */
  sendError(error: ErrorObject): void {
    this.#emit([this.engine.error(error)]);
  }

  /** Sends a fatal `error` and closes with `code` and the reason `<type>.<code>` (rule close.fatal-error-then-close). */
  fail(error: ErrorObject, code: number): void {
    this.#emit([this.engine.error(error)]);
    this.close(code, `${error.type}.${error.code}`);
  }

  /** Stops timers and closes the connection. */
  close(code = 1000, reason = ''): void {
    if (this.#closed) return;
    this.#stop();
    this.#io.close(code, reason);
  }

  /** Marks the connection closed by the peer (no close frame is sent). */
  detach(): void {
    if (this.#closed) return;
    this.#stop();
  }

  #stop(): void {
    this.#closed = true;
    if (this.#slot !== undefined) this.#io.pacer?.cancel(this.#slot);
    if (this.#timer !== undefined) this.#io.clearTimer?.(this.#timer);
    for (const handle of this.#timers) this.#clear(handle);
    this.#timers.clear();
    this.player?.onClose();
  }

  /** Drops the connection without a close frame (a scenario's `fault.close` without a code). */
  #drop(): void {
    if (this.#closed) return;
    this.#stop();
    if (this.#io.terminate !== undefined) this.#io.terminate();
    else this.#io.close(1011, 'connection dropped');
  }

  #setTimer(fn: () => void, ms: number): unknown {
    return this.#io.setTimer !== undefined ? this.#io.setTimer(fn, ms) : setTimeout(fn, ms);
  }

  #clear(handle: unknown): void {
    if (this.#io.clearTimer !== undefined) this.#io.clearTimer(handle);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
  }

  /**
   * A scenario timer of `ms` virtual ms. With `pace: 'fast'` the wait is real (the client needs the
   * time to act) and the virtual clock then moves on by `ms`.
   */
  #playerTimer(ms: number, fn: () => void): () => void {
    const from = this.#virtualNow();
    const handle = this.#setTimer(() => {
      this.#timers.delete(handle);
      if (this.#closed) return;
      if (this.#pace === 'fast') this.#emit(this.engine.tick(from + ms));
      fn();
      this.#pump();
    }, ms);
    this.#timers.add(handle);
    return () => {
      if (this.#timers.delete(handle)) this.#clear(handle);
    };
  }

  #pump(): void {
    if (this.#closed) return;
    if (this.#pace === 'fast') {
      if (this.#pumping) {
        this.#repump = true;
        return;
      }
      this.#pumping = true;
      // Everything due leaves now, in one write when the transport corks. With a scenario each
      // instant leaves on its own, so triggers act between instants.
      this.#io.cork?.();
      try {
        do {
          this.#repump = false;
          if (this.player === undefined) {
            const batch: ServerEvent[] = [];
            for (let due = this.engine.nextDue(); due !== undefined; due = this.engine.nextDue()) {
              for (const event of this.engine.tick(due)) batch.push(event);
            }
            this.#emit(batch);
          } else {
            while (!this.#closed && !this.#stalled) {
              // A scenario's `delay` fault stalls the model for real, even in fast mode.
              const stall = this.engine.takeStall();
              if (stall !== undefined) {
                this.#stalled = true;
                const handle = this.#setTimer(() => {
                  this.#timers.delete(handle);
                  this.#stalled = false;
                  this.#pump();
                }, stall);
                this.#timers.add(handle);
                break;
              }
              const due = this.engine.nextDue();
              if (due === undefined) break;
              this.#emit(this.engine.tick(due));
            }
          }
        } while (this.#repump && !this.#closed);
      } finally {
        this.#pumping = false;
        this.#io.uncork?.();
      }
      return;
    }
    const due = this.engine.nextDue();
    const slot = this.#slot;
    if (slot !== undefined) {
      const pacer = this.#io.pacer as Pacer;
      if (due === undefined) pacer.cancel(slot);
      else if (!slot.scheduled || due !== this.#timerDue) {
        this.#timerDue = due;
        // The pacer's clock is the io's: virtual time `due` is `#start + due` on it.
        pacer.scheduleAt(slot, this.#start + due);
      }
      return;
    }
    if (this.#timer !== undefined) this.#io.clearTimer?.(this.#timer);
    this.#timer = undefined;
    if (due === undefined) return;
    const wait = Math.max(0, due - this.#virtualNow());
    this.#timerDue = due;
    this.#timer = this.#io.setTimer?.(this.#onTimer, wait);
  }

  /**
   * The realtime pace's timer: one function for the session's life, not a closure per tick.
   *
   * Node counts a timer from the event loop's cached time, which is stale by however long the
   * loop has been busy, so under load a timer fires early. What is due within {@link EARLY_MS}
   * leaves now (the virtual clock moves to its due time) instead of after one more timer: that
   * second timer would make the event later than the first one makes it early.
   */
  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const wall = this.#io.now?.() ?? 0;
    const now = wall - this.#start;
    // The due time the timer was set for: every change to the engine since ran #pump, which
    // would have set another timer.
    const due = this.#timerDue;
    // Compared on the io's clock exactly as the pacer compares (`start + due <= now + EARLY_MS`):
    // `due - now <= EARLY_MS` rounds differently, and a slot the pacer ran as due would then
    // release nothing and be scheduled again for the same time (a loop on a clock that stands
    // still, as a virtual one does).
    this.#emit(this.engine.tick(this.#start + due <= wall + EARLY_MS ? Math.max(now, due) : now));
    this.#pump();
  };

  #emit(input: ServerEvent[]): void {
    if (this.#closed || input.length === 0) return;
    const player = this.player;
    const events = player === undefined ? input : player.outgoing(input);
    // Several frames leave in one write; a single frame (a paced audio delta) needs no cork.
    const batch = events.length > 1;
    if (batch) this.#io.cork?.();
    for (const event of events) {
      const wire = this.#codec.encodeServer(event);
      if (wire === undefined) continue;
      // Without a scenario every event is the engine's own: its deltas have the engine's keys
      // and ids (see DeltaHead).
      const own = player === undefined;
      const type = event.type;
      const audio = type === 'response.output_audio.delta';
      const text =
        type === 'response.output_audio_transcript.delta' || type === 'response.output_text.delta';
      const sendParts = this.#io.sendParts;
      if (sendParts !== undefined && (audio || text)) {
        const parts = audio ? this.#splicer.parts : this.#textDeltas.parts;
        const count = audio ? this.#splicer.load(wire, own) : this.#textDeltas.load(wire, own);
        const ascii = audio ? this.#splicer.ascii : this.#textDeltas.ascii;
        this.#onFrame?.('server', parts.slice(0, count).join(''), this.#virtualNow());
        sendParts(parts, count, ascii);
        // The parts that are the event's own (its id, a text delta's JSON) are dropped once
        // written: kept, they would live until the session's next delta, strings alive at every
        // young-generation collection. The others are the stream's, kept anyway.
        clearOwnParts(parts, count);
        continue;
      }
      if (audio && this.#io.sendSpliced !== undefined) {
        const splicer = this.#splicer;
        splicer.load(wire, own);
        const { head, body, tail } = splicer;
        this.#onFrame?.('server', head + body + tail, this.#virtualNow());
        this.#io.sendSpliced(head, body, tail, splicer.ascii);
        clearOwnParts(splicer.parts, splicer.count);
        continue;
      }
      const json = text ? this.#textDeltas.text(wire, own) : JSON.stringify(wire);
      this.#onFrame?.('server', json, this.#virtualNow());
      this.#io.send(json);
    }
    if (batch) this.#io.uncork?.();
    if (player !== undefined) player.observe(events === input ? input : [...new Set(events)]);
  }
}

/**
 * An audio delta's JSON text in three pieces — envelope head, base64, tail — so a transport can
 * build the frame without stringifying or re-encoding the base64 (which never needs escaping).
 * `head + body + tail` is byte-identical to `JSON.stringify(event)`.
 *
 * @note Joining the pieces into one *string* makes a V8 rope that `ws` then flattens in
 * `Buffer.byteLength` at several times the cost of JSON.stringify; the ws transport copies the
 * pieces into one buffer instead.
 */
export function spliceAudioDelta(event: ServerEvent): [head: string, body: string, tail: string] {
  const audio = event as ServerEvent & { delta: string };
  const delta = audio.delta;
  // The envelope is stringified with an empty delta (the engine's deltas end with it): no copy of
  // the event and no second string, where taking `delta` out would make both.
  audio.delta = '';
  const text = JSON.stringify(audio);
  audio.delta = delta;
  if (text.endsWith(EMPTY_DELTA_END)) return [text.slice(0, -2), delta, '"}'];
  // `delta` is not the last key (an event a scenario emits as written): move it last.
  const { delta: _, ...envelope } = audio;
  return [`${JSON.stringify(envelope).slice(0, -1)},"delta":"`, delta, '"}'];
}

const EMPTY_DELTA_END = ',"delta":""}';

/** The keys of a delta (audio, transcript, text) as the engine makes it, in order. */
const DELTA_KEYS = [
  'type',
  'event_id',
  'response_id',
  'item_id',
  'output_index',
  'content_index',
  'delta',
] as const;
/** An id or a type that JSON writes as it is (the engine's ids are `event_` + base62). */
const PLAIN = /^[A-Za-z0-9_.-]+$/;

type DeltaEvent = ServerEvent & Record<(typeof DELTA_KEYS)[number], unknown>;

/**
 * How many strings a plain delta's JSON text is loaded as (see {@link DeltaHead}): the seven
 * of the head, the delta's value and the closing.
 */
const PLAIN_PARTS = 9;
const RESPONSE_ID_KEY = '","response_id":"';
const ITEM_ID_KEY = '","item_id":"';

/**
 * `{"type":"<type>","event_id":"` per delta type: one string for every session. (A head kept per
 * stream, the text around the `event_id` with the response and item ids in it, was two strings
 * per response that lived as long as the response; what lives that long the garbage collector
 * copies twice and then marks and sweeps in the old generation.)
 */
const TYPE_HEADS = new Map<string, string>();
/** The text after the item id, up to the delta's value: per output and content index (small ones kept). */
const INDEX_TAILS: (string | undefined)[] = [];
const MAX_SHARED = 64;

function typeHead(type: string): string {
  let head = TYPE_HEADS.get(type);
  if (head === undefined) {
    head = `{"type":"${type}","event_id":"`;
    if (TYPE_HEADS.size < MAX_SHARED) TYPE_HEADS.set(type, head);
  }
  return head;
}

/** `open`: the text ends with the delta's opening quote (base64 is written as it is). */
function indexTail(output: number, content: number, open: boolean): string {
  const key = output < 16 && content < 4 ? (output * 4 + content) * 2 + (open ? 1 : 0) : -1;
  let tail = key < 0 ? undefined : INDEX_TAILS[key];
  if (tail === undefined) {
    tail = `","output_index":${output},"content_index":${content},"delta":${open ? '"' : ''}`;
    if (key >= 0) INDEX_TAILS[key] = tail;
  }
  return tail;
}

/** A whole number JSON writes as its digits. */
function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Loads a delta's JSON text up to its value into `parts[0..7)`: the type's head, the `event_id`,
 * the response id's key, the response id, the item id's key, the item id, and the text after it.
 * Every part but the three ids is a string shared by every session, and only those shared parts
 * (with the type and indexes they were made for) are kept from one delta to the next.
 */
class DeltaHead {
  /** The type and indexes `parts[0]` and `parts[6]` were last loaded for. */
  #type: unknown;
  #output = -1;
  #content = -1;

  /** `open`: the head ends with the value's opening quote (base64, written as it is). */
  constructor(readonly open: boolean) {}

  /**
   * False (nothing loaded) when `event` is not a plain delta: its keys not a delta's in order, or
   * a value JSON would escape. `own`: the event is the engine's own delta (its keys in the
   * engine's order, its ids the engine's), so that need not be checked.
   */
  load(parts: string[], event: ServerEvent, own: boolean): boolean {
    const delta = event as DeltaEvent;
    if (
      !own &&
      !(
        hasDeltaKeys(delta) &&
        isPlain(delta.type) &&
        isPlain(delta.event_id) &&
        isPlain(delta.response_id) &&
        isPlain(delta.item_id) &&
        isIndex(delta.output_index) &&
        isIndex(delta.content_index)
      )
    )
      return false;
    // A writer's parts 0, 2, 4 and 6 survive a frame (see clearOwnParts), so a stream's later
    // deltas only load their ids.
    if (delta.type !== this.#type) {
      this.#type = delta.type;
      parts[0] = typeHead(delta.type as string);
      parts[2] = RESPONSE_ID_KEY;
      parts[4] = ITEM_ID_KEY;
    }
    const output = delta.output_index as number;
    const content = delta.content_index as number;
    if (output !== this.#output || content !== this.#content) {
      this.#output = output;
      this.#content = content;
      parts[6] = indexTail(output, content, this.open);
    }
    parts[1] = delta.event_id as string;
    parts[3] = delta.response_id as string;
    parts[5] = delta.item_id as string;
    return true;
  }

  /** Forgets what the parts hold: the writer put something else in them. */
  forget(): void {
    this.#type = undefined;
    this.#output = -1;
  }
}

function isPlain(value: unknown): value is string {
  return typeof value === 'string' && PLAIN.test(value);
}

/** JSON text without characters beyond ASCII (JSON.stringify escapes the control characters). */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Drops the parts a delta's frame does not share with every session (its ids, a text delta's
 * JSON, a whole head made for an event of another shape) once the frame is written: kept, they
 * would live until the session's next delta, strings alive at every young-generation collection.
 */
function clearOwnParts(parts: string[], count: number): void {
  if (count === PLAIN_PARTS) {
    parts[1] = '';
    parts[3] = '';
    parts[5] = '';
    parts[7] = '';
  } else {
    for (let i = 0; i < count; i++) parts[i] = '';
  }
}

/**
 * {@link spliceAudioDelta} for one session's stream, without a JSON.stringify per delta: a plain
 * delta's text is loaded in parts (see DeltaHead). An event of another shape goes through
 * spliceAudioDelta.
 */
export class AudioDeltaSplicer {
  readonly #head = new DeltaHead(true);
  /**
   * The event last {@link load}ed as the text of its frame in pieces, `parts[0..count)`: the
   * head's seven parts (see DeltaHead), the base64 and `"}` for a plain delta (9); head,
   * base64 and tail for another shape (3).
   */
  readonly parts: string[] = ['', '', '', '', '', '', '', '', ''];
  count = 0;
  /** Whether every part but the base64 is ASCII. */
  ascii = false;

  /** The event's JSON text up to the base64 (joined from its parts). */
  get head(): string {
    return this.parts.slice(0, this.count - 2).join('');
  }

  get body(): string {
    return this.parts[this.count - 2] as string;
  }

  get tail(): string {
    return this.parts[this.count - 1] as string;
  }

  splice(event: ServerEvent): [head: string, body: string, tail: string] {
    this.load(event);
    return [this.head, this.body, this.tail];
  }

  /** {@link splice} into {@link parts}, without a string or an array per delta; returns the count. */
  load(event: ServerEvent, own = false): number {
    const parts = this.parts;
    if (this.#head.load(parts, event, own)) {
      parts[7] = (event as DeltaEvent).delta as string;
      parts[8] = '"}';
      this.ascii = true;
      this.count = PLAIN_PARTS;
      return PLAIN_PARTS;
    }
    this.#head.forget();
    [parts[0], parts[1], parts[2]] = spliceAudioDelta(event);
    this.ascii = false;
    this.count = 3;
    return 3;
  }
}

/**
 * JSON text of a session's text and transcript deltas: the head in shared parts (see
 * DeltaHead) and `JSON.stringify` of the delta string alone. Byte-identical to
 * `JSON.stringify(event)`; an event of another shape is stringified whole.
 */
export class TextDeltaWriter {
  readonly #head = new DeltaHead(false);
  /**
   * The event last {@link load}ed as its JSON text in pieces, `parts[0..count)`: the head's seven
   * parts, the delta's JSON and `}` for a plain delta (9); the whole JSON for another shape (1).
   */
  readonly parts: string[] = ['', '', '', '', '', '', '', '', ''];
  count = 0;
  /** Whether every part is ASCII. */
  ascii = false;

  /** `own`: see DeltaHead. */
  text(event: ServerEvent, own = false): string {
    const count = this.load(event, own);
    const text = count === 1 ? (this.parts[0] as string) : this.parts.join('');
    clearOwnParts(this.parts, count);
    return text;
  }

  /** {@link text} into {@link parts}, without joining them; returns the count. */
  load(event: ServerEvent, own = false): number {
    const parts = this.parts;
    if (this.#head.load(parts, event, own)) {
      const json = JSON.stringify((event as DeltaEvent).delta);
      parts[7] = json;
      parts[8] = '}';
      this.ascii = ASCII.test(json);
      this.count = PLAIN_PARTS;
      return PLAIN_PARTS;
    }
    this.#head.forget();
    parts[0] = JSON.stringify(event);
    this.ascii = false;
    this.count = 1;
    return 1;
  }
}

/** Whether `event` has exactly the keys of an engine-made delta, in that order. */
function hasDeltaKeys(event: object): boolean {
  let i = 0;
  for (const key in event) {
    if (key !== DELTA_KEYS[i]) return false;
    i++;
  }
  return i === DELTA_KEYS.length;
}
