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

/** `fast`: everything due is sent at once. `realtime`: audio leaves at the pace it plays. */
export type Pace = 'fast' | 'realtime';

/** What a transport gives the host. */
export interface HostIo {
  /** Sends one text frame to the client. */
  send(text: string): void;
  /**
   * Sends one text frame given in three pieces (`head + body + tail`), when the transport can
   * build the frame bytes itself; `body` is ASCII (base64) and often the same string again.
   */
  sendSpliced?(head: string, body: string, tail: string): void;
  /** Closes the connection with a code and reason. */
  close(code: number, reason: string): void;
  /** Milliseconds of wall time (only read with `pace: 'realtime'`). */
  now?(): number;
  /** Timers (only used with `pace: 'realtime'`). */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
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
  readonly #io: HostIo;
  readonly #pace: Pace;
  readonly #onFrame: SessionHostOptions['onFrame'];
  readonly #start: number;
  #timer: unknown;
  #closed = false;

  constructor(io: HostIo, options: SessionHostOptions) {
    this.#io = io;
    this.#codec = options.codec;
    this.#pace = options.pace ?? 'fast';
    this.#onFrame = options.onFrame;
    this.#start = io.now?.() ?? 0;
    this.engine = new RealtimeEngine({
      ...options.engine,
      announceConversation: options.codec.announcesConversation,
      voice: options.codec.defaultVoice,
      ...(options.codec.defaultTemperature === undefined
        ? {}
        : { temperature: options.codec.defaultTemperature }),
    });
  }

  #virtualNow(): number {
    return this.#pace === 'realtime' ? (this.#io.now?.() ?? 0) - this.#start : this.engine.now;
  }

  /** Virtual time of the session in ms (wall time since open with `pace: 'realtime'`). */
  get now(): number {
    return this.#virtualNow();
  }

  /** Sends the session's first events. Call once, right after the connection opens. */
  open(): void {
    this.#emit(this.engine.open());
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
    this.#emit(this.engine.receive(event, this.#virtualNow()));
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
    this.#closed = true;
    if (this.#timer !== undefined) this.#io.clearTimer?.(this.#timer);
    this.#io.close(code, reason);
  }

  /** Marks the connection closed by the peer (no close frame is sent). */
  detach(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#io.clearTimer?.(this.#timer);
  }

  #pump(): void {
    if (this.#closed) return;
    if (this.#pace === 'fast') {
      // Everything due leaves now, in one batch (one write when the transport corks).
      const batch: ServerEvent[] = [];
      for (let due = this.engine.nextDue(); due !== undefined; due = this.engine.nextDue()) {
        for (const event of this.engine.tick(due)) batch.push(event);
      }
      this.#emit(batch);
      return;
    }
    if (this.#timer !== undefined) this.#io.clearTimer?.(this.#timer);
    this.#timer = undefined;
    const due = this.engine.nextDue();
    if (due === undefined) return;
    const wait = Math.max(0, due - this.#virtualNow());
    this.#timer = this.#io.setTimer?.(() => {
      this.#timer = undefined;
      this.#emit(this.engine.tick(this.#virtualNow()));
      this.#pump();
    }, wait);
  }

  #emit(events: ServerEvent[]): void {
    if (this.#closed || events.length === 0) return;
    this.#io.cork?.();
    for (const event of events) {
      const wire = this.#codec.encodeServer(event);
      if (wire === undefined) continue;
      if (event.type === 'response.output_audio.delta' && this.#io.sendSpliced !== undefined) {
        const [head, body, tail] = spliceAudioDelta(wire);
        this.#onFrame?.('server', head + body + tail, this.#virtualNow());
        this.#io.sendSpliced(head, body, tail);
        continue;
      }
      const text = JSON.stringify(wire);
      this.#onFrame?.('server', text, this.#virtualNow());
      this.#io.send(text);
    }
    this.#io.uncork?.();
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
  const { delta, ...envelope } = event as ServerEvent & { delta: string };
  return [`${JSON.stringify(envelope).slice(0, -1)},"delta":"`, delta, '"}'];
}
