/**
 * One Realtime session as a state machine: a client event (or a clock tick) in, server events out.
 * No I/O, no timers, no randomness: the same seed and the same inputs give the same events, byte for
 * byte. Events are canonical (GA shape); a dialect codec turns them into wire events.
 */
import {
  base64ByteLength,
  bytesPerMs,
  decodeBase64,
  joinBase64,
  SPEECH_MS_PER_CHAR,
  speechDelta,
} from './audio.js';
import { Conversation, measureItems } from './conversation.js';
import { errors } from './errors.js';
import { hashSeed, IdGenerator } from './ids.js';
import { type PlannedOutput, planResponse, tokens } from './responder.js';
import { type FinalStatus, type PendingEvent, ResponseRun, type RunHooks } from './response-run.js';
import {
  applySessionUpdate,
  defaultSession,
  type SessionKind,
  toolProblem,
  transcriptionSessionObject,
} from './session-config.js';
import {
  type CanonicalSession,
  type ClientEvent,
  type ContentPart,
  copyJson,
  type ErrorObject,
  type Item,
  type JsonObject,
  type ServerEvent,
} from './types.js';
import {
  decodeSamples,
  semanticVadParams,
  type VadInputFormat,
  VoiceActivityDetector,
} from './vad.js';

/** Options of one engine session. */
export interface EngineOptions {
  /** Seed of the session's ids. Default 0. */
  seed?: number;
  /** The model named in the connection URL. Default `gpt-realtime`. */
  model?: string;
  /**
   * `transcription`: a transcription session (`?intent=transcription`): it transcribes committed
   * input audio and answers nothing else; `session.created` / `session.updated` carry the
   * transcription session object. Default `realtime`.
   */
  type?: SessionKind;
  /** Virtual wall-clock time at session start, in Unix seconds (used for `expires_at`). */
  epoch?: number;
  /** Default voice of the session. */
  voice?: string;
  /** Beta only: the session's default temperature. */
  temperature?: number;
  /** Send `conversation.created` after `session.created` (the beta server does). */
  announceConversation?: boolean;
  /** Session lifetime in ms (default 60 minutes). */
  lifetimeMs?: number;
  /**
   * Initial session config (canonical partial, as `session.update` takes it), applied over the
   * defaults before `session.created` — e.g. the config a client secret was minted with.
   */
  session?: JsonObject;
  /**
   * Scripts a response instead of the default responder: called with the response object
   * `response.created` will carry; returns the outputs (and final status), or undefined for the
   * default reply.
   */
  planner?: (response: JsonObject) => ScriptedResponse | undefined;
  /**
   * Transcribe committed user audio on its own when the session enables input transcription
   * (rule transcription.off-by-default). Default true; a scenario that scripts transcripts turns it off.
   */
  autoTranscribe?: boolean;
}

/** A scripted response: its output items and, optionally, how it ends. */
export interface ScriptedResponse {
  outputs: PlannedOutput[];
  status?: FinalStatus;
}

/** A server event the engine will send later (transcription, an automatic response). */
interface Scheduled {
  due: number;
  /** Entries of one group (e.g. one transcription) keep their order when one is delayed. */
  group: number;
  peek: () => PendingEvent;
  run: () => PendingEvent[];
}

/** A pending `delay` fault: hold the next `count` events matching `match` by `ms`. */
interface Delay {
  match: (event: PendingEvent) => boolean;
  ms: number;
  count: number;
}

/**
 * The transcript the engine gives committed user audio when no scenario scripts one: a
 * deterministic description of what it heard (the mock does not recognise speech).
 */
function autoTranscript(ms: number): string {
  return `(${(ms / 1000).toFixed(1)} seconds of speech)`;
}

/**
 * The `logprobs` entry of one transcribed piece, when the session includes
 * `item.input_audio_transcription.logprobs`: the piece as one token with its UTF-8 bytes, and a
 * made-up, deterministic log probability (the mock does not recognise speech).
 */
function logprobOf(piece: string): { token: string; logprob: number; bytes: number[] } {
  return {
    token: piece,
    logprob: -((piece.trim().length % 5) + 1) / 100,
    bytes: [...new TextEncoder().encode(piece)],
  };
}

/** The maximum size of one `input_audio_buffer.append` (15 MiB decoded). */
export const MAX_APPEND_BYTES = 15 * 1024 * 1024;

/** A fixed default epoch (2026-01-01T00:00:00Z), so `expires_at` never depends on the clock. */
export const DEFAULT_EPOCH = 1_767_225_600;

export class RealtimeEngine {
  readonly #ids: IdGenerator;
  readonly #options: Required<
    Omit<EngineOptions, 'temperature' | 'session' | 'planner' | 'autoTranscribe' | 'type'>
  > & {
    temperature?: number;
  };
  readonly #planner: EngineOptions['planner'];
  readonly #autoTranscribe: boolean;
  readonly #kind: SessionKind;
  #queue: Scheduled[] = [];
  #groups = 0;
  readonly #delays: Delay[] = [];
  /**
   * What every response run calls back into the engine for: made once per session, not as a set
   * of closures per response (a paced response lives for seconds, and what lives that long is
   * what the garbage collector copies and promotes).
   */
  readonly #runHooks: RunHooks = {
    newItemId: () => this.#ids.id('item'),
    newCallId: () => this.#ids.id('call'),
    addItem: (item) => this.#conversation.insert(item),
    finishItem: (item) => this.#conversation.replace(item),
    audioOf: (itemId) => {
      this.#audioProduced = true;
      return this.#conversation.audioOf(itemId);
    },
    rateLimits: (responses) => [
      {
        name: 'requests',
        limit: 10_000,
        remaining: Math.max(0, 10_000 - responses),
        reset_seconds: 0.006,
      },
      { name: 'tokens', limit: 200_000, remaining: 200_000 - 4096, reset_seconds: 1.228 },
    ],
    delayFor: (event) => this.#delayFor(event),
    pendingDelays: this.#delays,
  };
  /** Idle timeout: appended-audio position (ms) from which silence counts (rule vad.idle-timeout). */
  #idleFrom: number | undefined;
  #session: CanonicalSession;
  readonly #conversationId: string;
  readonly #conversation = new Conversation();
  #buffer: string[] = [];
  #bufferBytes = 0;
  #audioProduced = false;
  /**
   * The runs in the order they started, `#runs[0..#runCount)`; the slots after them are empty.
   * The array keeps its size: a fresh array per response, or one emptied by setting its length to
   * 0 (V8 then drops its backing store), is a new backing store at the next response that lives
   * as long as the response.
   */
  readonly #runs: (ResponseRun | undefined)[] = [undefined, undefined];
  #runCount = 0;

  #addRun(run: ResponseRun): void {
    if (this.#runCount === this.#runs.length) this.#runs.push(run);
    else this.#runs[this.#runCount] = run;
    this.#runCount++;
  }

  /** The first run, in order, that `test` accepts. */
  #findRun(test: (run: ResponseRun) => boolean): ResponseRun | undefined {
    for (let i = 0; i < this.#runCount; i++) {
      const run = this.#runs[i] as ResponseRun;
      if (test(run)) return run;
    }
    return undefined;
  }

  /** Drops the runs that are done, in place. */
  #dropDone(): void {
    const runs = this.#runs;
    const count = this.#runCount;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const run = runs[i] as ResponseRun;
      if (!run.done) runs[kept++] = run;
    }
    for (let i = kept; i < count; i++) runs[i] = undefined;
    this.#runCount = kept;
  }
  /** Server VAD over the appended audio (undefined in manual mode); rebuilt when its config changes. */
  #vad: VoiceActivityDetector | undefined;
  #vadConfig = '';
  /** Milliseconds of audio appended in the session (VAD offsets are session-relative). */
  #appendedMs = 0;
  /** A trailing odd pcm16 byte, kept for the next append. */
  #carry: number | undefined;
  /** The id the user item of the current VAD turn will get (rule vad.item-id-stable). */
  #turnItemId: string | undefined;
  #responses = 0;
  #now = 0;

  constructor(options: EngineOptions = {}) {
    this.#options = {
      seed: options.seed ?? 0,
      model: options.model ?? 'gpt-realtime',
      epoch: options.epoch ?? DEFAULT_EPOCH,
      voice: options.voice ?? 'marin',
      announceConversation: options.announceConversation ?? false,
      lifetimeMs: options.lifetimeMs ?? 60 * 60 * 1000,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    };
    this.#planner = options.planner;
    this.#autoTranscribe = options.autoTranscribe ?? true;
    this.#kind = options.type ?? 'realtime';
    this.#ids = new IdGenerator(hashSeed(String(this.#options.seed)));
    this.#session = defaultSession({
      kind: this.#kind,
      id: this.#ids.id('sess'),
      model: this.#options.model,
      expiresAt: this.#options.epoch + Math.floor(this.#options.lifetimeMs / 1000),
      voice: this.#options.voice,
      ...(this.#options.temperature === undefined
        ? {}
        : { temperature: this.#options.temperature }),
    });
    this.#conversationId = this.#ids.id('conv');
    if (options.session !== undefined) {
      // The initial config is for whichever kind of session this is: a client secret opens its
      // own kind, and a scenario's config (realtime-shaped, its type optional) applies to either.
      const config = { ...options.session, type: this.#kind };
      const initial = applySessionUpdate(this.#session, config, {
        kind: this.#kind,
        audioProduced: false,
        eventId: undefined,
      });
      if ('error' in initial)
        throw new TypeError(`Invalid initial session config: ${initial.error.message}`);
      this.#session = initial.session;
    }
    this.#syncVad();
  }

  /**
   * The effective session configuration (a copy). In a transcription session only its input
   * audio and `include` are in use; the session events carry {@link sessionObject}.
   */
  get session(): CanonicalSession {
    return copyJson(this.#session);
  }

  /** `realtime`, or `transcription` for a transcription session. */
  get kind(): SessionKind {
    return this.#kind;
  }

  /** The session object `session.created` / `session.updated` carry (a copy). */
  get sessionObject(): JsonObject {
    return this.#kind === 'transcription'
      ? transcriptionSessionObject(this.#session)
      : copyJson(this.#session);
  }

  /** The session's input audio format (no copy: read-only use). */
  get inputFormat(): CanonicalSession['audio']['input']['format'] {
    return this.#session.audio.input.format;
  }

  /** The conversation's items in order (copies). */
  get items(): Item[] {
    return copyJson([...this.#conversation.items()]);
  }

  /** Current virtual time in ms since the session opened. */
  get now(): number {
    return this.#now;
  }

  /** The first events of a session: `session.created` (and `conversation.created` if announced). */
  open(): ServerEvent[] {
    const events: PendingEvent[] = [{ type: 'session.created', session: this.sessionObject }];
    if (this.#options.announceConversation && this.#kind === 'realtime') {
      events.push({
        type: 'conversation.created',
        conversation: { id: this.#conversationId, object: 'realtime.conversation' },
      });
    }
    return this.#stamp(events);
  }

  /** An `error` event for a problem found outside the engine (bad JSON, schema errors, ...). */
  error(error: ErrorObject): ServerEvent {
    return this.#stamp([{ type: 'error', error }])[0] as ServerEvent;
  }

  /** Advances the virtual clock (never backwards) and returns the events that became due. */
  tick(now: number): ServerEvent[] {
    if (now > this.#now) this.#now = now;
    const out: PendingEvent[] = [];
    this.#releaseDue(out, true);
    return this.#stamp(out);
  }

  /** The virtual time of the next scheduled event, if any. */
  nextDue(): number | undefined {
    let due = this.#queue[0]?.due;
    for (let i = 0; i < this.#runCount; i++) {
      const d = (this.#runs[i] as ResponseRun).nextDue();
      if (d !== undefined && (due === undefined || d < due)) due = d;
    }
    return due;
  }

  /** Handles one validated, canonical client event at virtual time `now`. */
  receive(event: ClientEvent, now: number = this.#now): ServerEvent[] {
    if (now > this.#now) this.#now = now;
    const out = this.#handle(event);
    // Anything the event made due right now (a response's first events) leaves with its answer;
    // scheduled work (transcripts, automatic responses) waits for the next tick.
    this.#releaseDue(out, false);
    return this.#stamp(out);
  }

  /**
   * Releases what is due: scheduled entries (with `queue`) and response steps, until quiet. A run
   * releases all its due steps at once and its hooks schedule nothing, so only a released entry
   * (which may start a response or schedule another entry) calls for another round.
   */
  #releaseDue(out: PendingEvent[], queue: boolean): void {
    for (;;) {
      let ranEntry = false;
      while (queue && this.#queue.length > 0 && (this.#queue[0] as Scheduled).due <= this.#now) {
        const entry = this.#queue[0] as Scheduled;
        const stall = this.#delays.length > 0 ? this.#delayFor(entry.peek()) : undefined;
        if (stall !== undefined) {
          for (const e of this.#queue) if (e.group === entry.group) e.due += stall;
          this.#sortQueue();
          continue;
        }
        this.#queue.shift();
        for (const event of entry.run()) out.push(event);
        ranEntry = true;
      }
      let finished = false;
      // A run started meanwhile is released in this round too (the count is read each time).
      for (let i = 0; i < this.#runCount; i++) {
        const run = this.#runs[i] as ResponseRun;
        run.release(this.#now, out);
        if (run.done) {
          this.#finished(run);
          finished = true;
        }
      }
      if (finished) this.#dropDone();
      if (!ranEntry) return;
    }
  }

  #sortQueue(): void {
    this.#queue.sort((a, b) => a.due - b.due || a.group - b.group);
  }

  #schedule(due: number, group: number, peek: () => PendingEvent, run: () => PendingEvent[]): void {
    this.#queue.push({ due, group, peek, run });
    this.#sortQueue();
  }

  #delayFor(event: PendingEvent): number | undefined {
    const index = this.#delays.findIndex((d) => d.match(event));
    if (index < 0) return undefined;
    const delay = this.#delays[index] as Delay;
    if (--delay.count <= 0) this.#delays.splice(index, 1);
    this.#stall = Math.max(this.#stall ?? 0, delay.ms);
    return delay.ms;
  }

  #stall: number | undefined;

  /**
   * The longest stall a `delay` fault caused since the last call, in ms (then cleared). A host that
   * does not wait for due times (`pace: 'fast'`) waits this long for real, so the client sees it.
   */
  takeStall(): number | undefined {
    const stall = this.#stall;
    this.#stall = undefined;
    return stall;
  }

  /** A response of the default conversation ended: the idle timeout starts after its audio plays. */
  #finished(run: ResponseRun): void {
    if (run.conversationId === null) return;
    const td = this.#session.audio.input.turn_detection;
    if (td?.type === 'server_vad' && typeof td.idle_timeout_ms === 'number') {
      this.#idleFrom = this.#appendedMs + run.audioMs;
    }
  }

  #stamp(events: PendingEvent[]): ServerEvent[] {
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as PendingEvent;
      if (event.event_id === '') {
        // A delta made with its event_id slot in place (see PendingEvent).
        event.event_id = this.#ids.id('event');
      } else {
        const { type, ...rest } = event;
        events[i] = { type, event_id: this.#ids.id('event'), ...rest };
      }
    }
    return events as ServerEvent[];
  }

  // --- Scenario controls: what a script makes the server do beyond answering the client. ---

  /**
   * Sends server events as they are (canonical shape); an `event_id` is added when missing.
   * For scenario `emit` steps and faults.
   */
  emit(events: readonly JsonObject[]): ServerEvent[] {
    return events.map((event) =>
      typeof event.event_id === 'string'
        ? (copyJson(event) as ServerEvent)
        : (this.#stamp([copyJson(event) as PendingEvent])[0] as ServerEvent),
    );
  }

  /** Holds the next `count` scheduled events matching `match` (and what follows them) by `ms`. */
  delay(match: (event: PendingEvent) => boolean, ms: number, count = 1): void {
    this.#delays.push({ match, ms, count });
  }

  /**
   * Acts as if server VAD decided now (rule vad.*): `speech_started` (interrupts the default
   * response when `interrupt_response`), `speech_stopped` (commits what is buffered and answers when
   * `create_response`), or `timeout_triggered` (rule vad.idle-timeout).
   */
  vad(kind: 'speech_started' | 'speech_stopped' | 'timeout_triggered'): ServerEvent[] {
    const at = Math.round(this.#appendedMs);
    const out =
      kind === 'speech_started'
        ? this.#speechStarted(at)
        : kind === 'speech_stopped'
          ? this.#speechStopped(at)
          : this.#timeoutTriggered(this.#idleFrom ?? at, at);
    return this.#stamp(out);
  }

  /**
   * Input transcription of a user audio item: word deltas (models that stream them) and
   * `completed` with `text`, or `failed` with `error` (rules transcription.*). Scheduled from now.
   */
  transcribe(
    itemId: string,
    result: { text: string; deltas?: boolean } | { error: JsonObject },
  ): ServerEvent[] {
    this.#scheduleTranscript(itemId, result, this.#now);
    return []; // everything is scheduled: the host's next tick releases it
  }

  /** The ids of the committed user audio items, in order. */
  get userAudioItems(): string[] {
    return this.#userAudioItems.slice();
  }

  #userAudioItems: string[] = [];
  #turnSpeech = false;

  #fail(error: ErrorObject): PendingEvent[] {
    return [{ type: 'error', error }];
  }

  /** Client events a transcription session refuses: it makes no responses and no model items. */
  static readonly #notForTranscription = new Set([
    'conversation.item.create',
    'conversation.item.truncate',
    'response.create',
    'response.cancel',
  ]);

  #handle(event: ClientEvent): PendingEvent[] {
    const id = event.event_id;
    if (this.#kind === 'transcription' && RealtimeEngine.#notForTranscription.has(event.type))
      return this.#fail(errors.notInTranscriptionSession(event.type, id));
    switch (event.type) {
      case 'session.update':
        return this.#sessionUpdate(event.session as JsonObject, id);
      case 'input_audio_buffer.append':
        return this.#append(event.audio as string, id);
      case 'input_audio_buffer.commit':
        return this.#commit(id);
      case 'input_audio_buffer.clear':
        this.#buffer = [];
        this.#bufferBytes = 0;
        return [{ type: 'input_audio_buffer.cleared' }];
      case 'conversation.item.create':
        return this.#itemCreate(
          event.item as JsonObject,
          event.previous_item_id as string | null | undefined,
          id,
        );
      case 'conversation.item.retrieve':
        return this.#itemRetrieve(event.item_id as string, id);
      case 'conversation.item.delete': {
        const itemId = event.item_id as string;
        if (!this.#conversation.delete(itemId))
          return this.#fail(errors.deleteNotFound(itemId, id));
        return [{ type: 'conversation.item.deleted', item_id: itemId }];
      }
      case 'conversation.item.truncate':
        return this.#truncate(
          event.item_id as string,
          event.content_index as number,
          event.audio_end_ms as number,
          id,
        );
      case 'response.create':
        return this.#responseCreate((event.response ?? {}) as JsonObject, id);
      case 'response.cancel':
        return this.#responseCancel(event.response_id as string | undefined, id);
      case 'output_audio_buffer.clear':
        return this.#fail(errors.webrtcOnly(event.type, id));
      default:
        return this.#fail(errors.unknownType(event.type, [], id));
    }
  }

  #sessionUpdate(update: JsonObject, eventId: string | undefined): PendingEvent[] {
    const result = applySessionUpdate(this.#session, update, {
      kind: this.#kind,
      audioProduced: this.#audioProduced,
      eventId,
    });
    if ('error' in result) return this.#fail(result.error);
    this.#session = result.session;
    this.#syncVad();
    return [{ type: 'session.updated', session: this.sessionObject }];
  }

  #append(audio: string, eventId: string | undefined): PendingEvent[] {
    const bytes = base64ByteLength(audio);
    if (bytes > MAX_APPEND_BYTES) return this.#fail(errors.audioTooLarge(bytes, eventId));
    if (bytes === 0) return [];
    this.#buffer.push(audio);
    this.#bufferBytes += bytes;
    this.#appendedMs += bytes / bytesPerMs(this.#session.audio.input.format);
    // rule events.append-no-ack: nothing answers an append, but server VAD may speak up.
    return this.#vad === undefined ? [] : this.#detect(audio);
  }

  /** The input format as the VAD decodes it. */
  #vadFormat(): VadInputFormat {
    const type = this.#session.audio.input.format.type;
    return type === 'audio/pcm' ? 'pcm16' : type === 'audio/pcmu' ? 'pcmu' : 'pcma';
  }

  /** (Re)builds the detector when turn detection or the input format changed (rule vad.manual-mode). */
  #syncVad(): void {
    const td = this.#session.audio.input.turn_detection;
    const config = JSON.stringify([td, this.#session.audio.input.format]);
    if (config === this.#vadConfig) return;
    this.#vadConfig = config;
    this.#carry = undefined;
    if (td === null) {
      this.#vad = undefined;
      return;
    }
    const params =
      td.type === 'semantic_vad'
        ? semanticVadParams(td.eagerness)
        : {
            threshold: td.threshold,
            prefixPaddingMs: td.prefix_padding_ms,
            silenceDurationMs: td.silence_duration_ms,
          };
    this.#vad = new VoiceActivityDetector({
      ...params,
      sampleRate: this.#vadFormat() === 'pcm16' ? 24000 : 8000,
      offsetMs: Math.round(this.#appendedMs),
    });
  }

  #detect(audio: string): PendingEvent[] {
    let bytes = decodeBase64(audio);
    if (this.#carry !== undefined) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.#carry;
      joined.set(bytes, 1);
      bytes = joined;
      this.#carry = undefined;
    }
    const format = this.#vadFormat();
    if (format === 'pcm16' && bytes.length % 2 === 1) this.#carry = bytes[bytes.length - 1];
    const { samples } = decodeSamples(bytes, format);
    const out: PendingEvent[] = [];
    const td = this.#session.audio.input.turn_detection;
    for (const event of (this.#vad as VoiceActivityDetector).push(samples)) {
      if (event.type === 'speech_started') out.push(...this.#speechStarted(event.audioStartMs));
      else out.push(...this.#speechStopped(event.audioEndMs));
    }
    // rule vad.idle-timeout: no speech for idle_timeout_ms after the last response's audio.
    if (
      td?.type === 'server_vad' &&
      typeof td.idle_timeout_ms === 'number' &&
      this.#idleFrom !== undefined &&
      !this.#turnSpeech &&
      this.#appendedMs >= this.#idleFrom + td.idle_timeout_ms
    ) {
      out.push(...this.#timeoutTriggered(this.#idleFrom, this.#appendedMs));
    }
    return out;
  }

  #speechStarted(audioStartMs: number): PendingEvent[] {
    const td = this.#session.audio.input.turn_detection;
    this.#turnItemId = this.#ids.id('item');
    this.#turnSpeech = true;
    this.#idleFrom = undefined;
    const out: PendingEvent[] = [
      {
        type: 'input_audio_buffer.speech_started',
        audio_start_ms: audioStartMs,
        item_id: this.#turnItemId,
      },
    ];
    // rule vad.interrupt-response: speech cancels the default response in progress.
    const active = this.#activeDefault();
    if (td?.interrupt_response !== false && active !== undefined) {
      out.push(...active.cancel('turn_detected'));
      this.#dropDone();
    }
    return out;
  }

  #speechStopped(audioEndMs: number): PendingEvent[] {
    const itemId = this.#turnItemId ?? this.#ids.id('item');
    this.#turnItemId = undefined;
    this.#turnSpeech = false;
    const out: PendingEvent[] = [
      { type: 'input_audio_buffer.speech_stopped', audio_end_ms: audioEndMs, item_id: itemId },
    ];
    // rule vad.speech-stopped.includes-silence: the commit follows (rule audio.commit.result).
    if (this.#bufferBytes > 0) out.push(...this.#commitAndAnswer(itemId));
    return out;
  }

  #timeoutTriggered(audioStartMs: number, audioEndMs: number): PendingEvent[] {
    this.#idleFrom = undefined;
    const itemId = this.#ids.id('item');
    const out: PendingEvent[] = [
      {
        type: 'input_audio_buffer.timeout_triggered',
        audio_start_ms: Math.round(audioStartMs),
        audio_end_ms: Math.round(audioEndMs),
        item_id: itemId,
      },
    ];
    if (this.#bufferBytes > 0) out.push(...this.#commitAndAnswer(itemId));
    return out;
  }

  /** Commits the buffer as a VAD turn and (rules vad.create-response, vad.events-only) answers it. */
  #commitAndAnswer(itemId: string): PendingEvent[] {
    const td = this.#session.audio.input.turn_detection;
    const out = this.#commitAs(itemId);
    if (td?.create_response !== false) {
      // The automatic response starts on the next tick of the same instant, after the commit left.
      this.#schedule(
        this.#now,
        ++this.#groups,
        () => ({ type: 'response.created' }),
        () => (this.#activeDefault() === undefined ? this.#responseCreate({}, undefined) : []),
      );
    }
    return out;
  }

  /**
   * Schedules the transcription events of a user audio item: word deltas (not for `whisper-1`,
   * rule transcription.deltas-by-model), a speaker segment (`gpt-4o-transcribe-diarize`), then
   * `completed` with usage, or `failed`. They start 100 ms after `from`, so they interleave with
   * (or follow) the response that answers the turn.
   */
  #scheduleTranscript(
    itemId: string,
    result: { text: string; deltas?: boolean } | { error: JsonObject },
    from: number,
  ): void {
    const group = ++this.#groups;
    const model = String(
      (this.#session.audio.input.transcription as { model?: unknown } | null)?.model ?? '',
    );
    const base = { item_id: itemId, content_index: 0 };
    let due = from + 100;
    /** Schedules `event` at `due` (released as a copy), the next one 20 ms later. */
    const next = (event: PendingEvent) => {
      this.#schedule(
        due,
        group,
        () => event,
        () => [copyJson(event)],
      );
      due += 20;
    };
    if ('error' in result) {
      const error = { type: 'transcription_error', code: null, message: '', param: null };
      const event = {
        type: 'conversation.item.input_audio_transcription.failed',
        ...base,
        error: { ...error, ...result.error },
      };
      next(event);
      return;
    }
    const text = result.text;
    const pieces = text.match(/\S+\s*/g) ?? [];
    // rule transcription.logprobs-opt-in: only with `include` do the events carry them (whisper-1 never).
    const logprobs =
      model !== 'whisper-1' &&
      this.#session.include?.includes('item.input_audio_transcription.logprobs') === true;
    if (result.deltas !== false && model !== 'whisper-1') {
      for (const piece of pieces) {
        next({
          type: 'conversation.item.input_audio_transcription.delta',
          ...base,
          delta: piece,
          ...(logprobs ? { logprobs: [logprobOf(piece)] } : {}),
        });
      }
    }
    const ms = this.#conversation.audio(itemId)?.ms ?? 0;
    if (model === 'gpt-4o-transcribe-diarize' && text.length > 0) {
      // rule transcription.segment-diarize: the diarizing model labels speakers. The mock hears
      // one speaker, so one segment spans the item's audio (GA only; the beta codec drops it).
      next({
        type: 'conversation.item.input_audio_transcription.segment',
        ...base,
        text,
        id: 'seg_0',
        speaker: 'A',
        start: 0,
        end: Math.round(ms) / 1000,
      });
    }
    const usage =
      model === 'whisper-1'
        ? { type: 'duration', seconds: Math.round(ms) / 1000 }
        : {
            type: 'tokens',
            input_tokens: tokens.audio(ms),
            output_tokens: tokens.text(text.length),
            total_tokens: tokens.audio(ms) + tokens.text(text.length),
            input_token_details: { text_tokens: 0, audio_tokens: tokens.audio(ms) },
          };
    const completed = {
      type: 'conversation.item.input_audio_transcription.completed',
      ...base,
      transcript: text,
      ...(logprobs ? { logprobs: pieces.map(logprobOf) } : {}),
      usage,
    };
    this.#schedule(
      due,
      group,
      () => completed,
      () => {
        // rule transcription.attach-by-item-id: the item now carries its transcript.
        const item = this.#conversation.get(itemId);
        const part = (item as { content?: ContentPart[] } | undefined)?.content?.[0];
        if (item !== undefined && part?.type === 'input_audio') {
          const updated = copyJson(item) as Item & { content: ContentPart[] };
          (updated.content[0] as { transcript: string | null }).transcript = text;
          this.#conversation.replace(updated);
        }
        return [copyJson(completed)];
      },
    );
  }

  #commit(eventId: string | undefined): PendingEvent[] {
    const ms = this.#bufferBytes / bytesPerMs(this.#session.audio.input.format);
    if (ms < 100) return this.#fail(errors.commitEmpty(ms, eventId));
    // A manual commit during VAD speech takes a new id (rule vad.item-id-stable's exception).
    return this.#commitAs(this.#ids.id('item'));
  }

  #commitAs(itemId: string): PendingEvent[] {
    const ms = this.#bufferBytes / bytesPerMs(this.#session.audio.input.format);
    const item: Item = {
      id: itemId,
      object: 'realtime.item',
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    };
    const previous = this.#conversation.insert(item);
    this.#conversation.setAudio(itemId, { chunks: this.#buffer, ms });
    this.#buffer = [];
    this.#bufferBytes = 0;
    this.#userAudioItems.push(itemId);
    const transcription = this.#session.audio.input.transcription;
    if (this.#autoTranscribe && transcription !== null && transcription !== undefined) {
      this.#scheduleTranscript(itemId, { text: autoTranscript(ms) }, this.#now);
    }
    return [
      { type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId },
      { type: 'conversation.item.added', previous_item_id: previous, item: copyJson(item) },
      { type: 'conversation.item.done', previous_item_id: previous, item: copyJson(item) },
    ];
  }

  #checkItem(item: JsonObject, eventId: string | undefined): ErrorObject | undefined {
    if (typeof item.id === 'string' && this.#conversation.has(item.id)) {
      return errors.duplicateItemId(item.id, eventId);
    }
    if (item.type === 'message') {
      const role = item.role as string;
      const content = (item.content ?? []) as JsonObject[];
      const allowed: Record<string, string[]> = {
        system: ['input_text'],
        user: ['input_text', 'input_audio', 'input_image'],
        assistant: ['output_text', 'output_audio'],
      };
      for (const [index, part] of content.entries()) {
        if (role === 'assistant' && part.type === 'output_audio' && typeof part.text !== 'string') {
          return errors.assistantAudioText(index, eventId); // rule item.no-assistant-audio
        }
        if (!(allowed[role] ?? []).includes(part.type as string)) {
          return errors.contentNotAllowed(role, String(part.type), index, eventId);
        }
      }
    }
    if (
      item.type === 'function_call_output' &&
      !this.#conversation.hasCall(item.call_id as string)
    ) {
      return errors.unknownCallId(item.call_id as string, eventId);
    }
    return undefined;
  }

  #toItem(input: JsonObject): { item: Item; audio?: { chunks: string[]; ms: number } } {
    const item = {
      ...copyJson(input),
      object: 'realtime.item',
      status: input.status ?? 'completed',
    } as JsonObject;
    if (typeof item.id !== 'string') item.id = this.#ids.id('item');
    let audio: { chunks: string[]; ms: number } | undefined;
    if (item.type === 'message' && Array.isArray(item.content)) {
      item.content = (item.content as JsonObject[]).map((part) => {
        if (part.type !== 'input_audio') return part;
        if (typeof part.audio === 'string') {
          const ms = base64ByteLength(part.audio) / bytesPerMs(this.#session.audio.input.format);
          audio = { chunks: [...(audio?.chunks ?? []), part.audio], ms: (audio?.ms ?? 0) + ms };
        }
        const { audio: _omitted, ...rest } = part; // rule item.audio-omitted
        return { ...rest, transcript: (part.transcript as string | undefined) ?? null };
      });
    }
    return audio === undefined ? { item: item as Item } : { item: item as Item, audio };
  }

  #itemCreate(
    input: JsonObject,
    previous: string | null | undefined,
    eventId: string | undefined,
  ): PendingEvent[] {
    if (typeof previous === 'string' && previous !== 'root' && !this.#conversation.has(previous)) {
      return this.#fail(errors.previousItemNotFound(previous, eventId));
    }
    const problem = this.#checkItem(input, eventId);
    if (problem !== undefined) return this.#fail(problem);
    const { item, audio } = this.#toItem(input);
    const after = this.#conversation.insert(item, previous ?? undefined);
    if (audio !== undefined) this.#conversation.setAudio(item.id, audio);
    return [
      { type: 'conversation.item.added', previous_item_id: after, item: copyJson(item) },
      { type: 'conversation.item.done', previous_item_id: after, item: copyJson(item) },
    ];
  }

  #itemRetrieve(itemId: string, eventId: string | undefined): PendingEvent[] {
    const stored = this.#conversation.get(itemId);
    if (stored === undefined) return this.#fail(errors.retrieveNotFound(itemId, eventId));
    const item = copyJson(stored) as JsonObject;
    const audio = this.#conversation.audio(itemId);
    if (audio !== undefined && Array.isArray(item.content)) {
      const role = item.role;
      const chunks =
        role === 'assistant'
          ? Array.from({ length: Math.ceil(audio.ms / 100) }, (_, i) =>
              speechDelta(i, this.#session.audio.output.format),
            )
          : audio.chunks;
      const joined = chunks.length > 0 ? joinBase64(chunks) : '';
      item.content = (item.content as JsonObject[]).map((part) =>
        part.type === 'input_audio' || part.type === 'output_audio'
          ? { ...part, audio: joined }
          : part,
      );
    }
    return [{ type: 'conversation.item.retrieved', item }];
  }

  #truncate(
    itemId: string,
    contentIndex: number,
    audioEndMs: number,
    eventId: string | undefined,
  ): PendingEvent[] {
    const item = this.#conversation.get(itemId);
    if (item === undefined) return this.#fail(errors.truncateNotFound(itemId, eventId));
    const part = (item as { content?: ContentPart[] }).content?.[contentIndex];
    const audio = this.#conversation.audio(itemId);
    const isAssistantAudio =
      item.type === 'message' &&
      (item as { role: string }).role === 'assistant' &&
      part?.type === 'output_audio';
    if (!isAssistantAudio || audio === undefined || audio.ms === 0) {
      return this.#fail(errors.truncateNotAudio(eventId)); // truncate.assistant-audio-only, zero-before-audio
    }
    if (audioEndMs > audio.ms) {
      return this.#fail(errors.truncateBeyondAudio(Math.round(audio.ms), audioEndMs, eventId));
    }
    // The transcript is cut to what was heard; later responses see only what remains.
    this.#conversation.truncate(
      itemId,
      contentIndex,
      audioEndMs,
      Math.floor(audioEndMs / SPEECH_MS_PER_CHAR),
    );
    return [
      {
        type: 'conversation.item.truncated',
        item_id: itemId,
        content_index: contentIndex,
        audio_end_ms: audioEndMs,
      },
    ];
  }

  #activeDefault(): ResponseRun | undefined {
    return this.#findRun((run) => run.conversationId !== null && !run.done);
  }

  #responseCreate(params: JsonObject, eventId: string | undefined): PendingEvent[] {
    const badTool = toolProblem(params.tools, 'response.tools', eventId);
    if (badTool !== undefined) return this.#fail(badTool);
    const outOfBand = params.conversation === 'none';
    const active = this.#activeDefault();
    if (!outOfBand && active !== undefined)
      return this.#fail(errors.activeResponse(active.id, eventId));
    let context: readonly Item[] = this.#conversation.view();
    if (Array.isArray(params.input)) {
      const resolved: Item[] = [];
      for (const [index, entry] of (params.input as JsonObject[]).entries()) {
        if (entry.type === 'item_reference') {
          const found = this.#conversation.get(entry.id as string);
          if (found === undefined)
            return this.#fail(errors.referenceNotFound(String(entry.id), index, eventId));
          resolved.push(found);
        } else {
          resolved.push(this.#toItem(entry).item);
        }
      }
      context = resolved;
    }
    const session = this.#session;
    const audioOut = (params.audio as { output?: JsonObject } | undefined)?.output ?? {};
    const modalities =
      (params.output_modalities as string[] | undefined) ?? session.output_modalities;
    const responseId = this.#ids.id('resp');
    this.#responses++;
    const plan: PlannedOutput[] = planResponse({
      context,
      tools: (params.tools as JsonObject[] | undefined) ?? session.tools,
      toolChoice:
        (params.tool_choice as CanonicalSession['tool_choice'] | undefined) ?? session.tool_choice,
      inputAudioMs: (id) => this.#conversation.audio(id)?.ms ?? 0,
    });
    const instructions = (params.instructions as string | undefined) ?? session.instructions;
    // Input tokens: instructions plus the context (running totals for the default conversation).
    const size =
      context === this.#conversation.view()
        ? this.#conversation.totals()
        : measureItems(context, (id) => this.#conversation.audio(id)?.ms ?? 0);
    const textChars = instructions.length + size.textChars;
    const audioMs = size.audioMs;
    const run = new ResponseRun({
      responseId,
      conversationId: outOfBand ? null : this.#conversationId,
      modality: modalities.includes('audio') ? 'audio' : 'text',
      format:
        (audioOut.format as CanonicalSession['audio']['output']['format'] | undefined) ??
        session.audio.output.format,
      voice: audioOut.voice ?? session.audio.output.voice,
      maxOutputTokens:
        (params.max_output_tokens as number | 'inf' | undefined) ?? session.max_output_tokens,
      metadata: params.metadata ?? null,
      inputTokens: { text: tokens.text(textChars), audio: tokens.audio(audioMs) },
      number: this.#responses,
      hooks: this.#runHooks,
    });
    const scripted = this.#planner?.(run.preview());
    this.#addRun(run.start(scripted?.outputs ?? plan, this.#now, scripted?.status));
    return [];
  }

  #responseCancel(responseId: string | undefined, eventId: string | undefined): PendingEvent[] {
    const run =
      responseId === undefined
        ? this.#activeDefault()
        : this.#findRun((r) => r.id === responseId && !r.done);
    if (run === undefined) return this.#fail(errors.cancelNotActive(eventId));
    const events = run.cancel('client_cancelled');
    this.#dropDone();
    return events;
  }
}
