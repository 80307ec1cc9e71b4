/**
 * An in-memory client/host pair: the whole engine behind its codec and the strict schema check,
 * with no socket. For unit tests of the engine through the wire format.
 *
 * Delivery is synchronous: when `client.send()` returns, every server event the frame caused is
 * already in `client.events` (with `pace: 'fast'`, the whole response). Nothing is scheduled in
 * fast mode: no timers, no microtasks, no clock reads, so the same seed and the same frames give
 * byte-identical server frames.
 */
import { betaCodec } from '../codec/beta.js';
import type { DialectCodec, DialectName } from '../codec/codec.js';
import { gaCodec } from '../codec/ga.js';
import { ScenarioPlayer } from '../scenario/player.js';
import { type Pace, SessionHost, type SessionScenario } from '../session-host.js';
import { MEMORY_OPTIONS, optionsChecker } from './check-options.js';

/** Options of {@link createMemoryPair}. */
export interface MemoryPairOptions {
  /** The dialect the session speaks. Default `ga`. */
  dialect?: DialectName;
  /** Seed of every id the session makes. Default 0. */
  seed?: number;
  /**
   * `fast` (default): everything due is delivered inside `send()`. `realtime`: audio is paced with
   * real timers (`setTimeout`), so tests must await {@link MemoryClient.next}.
   */
  pace?: Pace;
  /** The model the connection URL would name. Default `gpt-realtime` (GA), `gpt-4o-realtime-preview` (beta). */
  model?: string;
  /**
   * The `intent` the connection URL would name: `transcription` opens a transcription session
   * (`?intent=transcription`), which transcribes input audio and makes no responses. Not with
   * `model`. Default `realtime`.
   */
  intent?: 'realtime' | 'transcription';
  /**
   * A scenario to play (steps that wait — `wait`, `withinMs`, `forMs`, `delay` — use real timers,
   * so tests then await {@link MemoryClient.next}).
   */
  scenario?: SessionScenario;
  /** Observes every frame both ways (for transcripts). `at` is the session's virtual time in ms. */
  onFrame?: (direction: 'client' | 'server', data: string | Uint8Array, at: number) => void;
}

/** A server event as received: the parsed JSON of one text frame. */
export type ReceivedEvent = Record<string, unknown> & { type: string };

/** The client side of a {@link MemoryPair}. */
export interface MemoryClient {
  /**
   * Sends one frame to the server. A string goes as is (it may be invalid JSON, to test errors),
   * a `Uint8Array` as a binary frame, anything else as `JSON.stringify(value)`.
   */
  send(frame: string | Uint8Array | object): void;
  /** Every server event received so far, parsed, in order. */
  readonly events: readonly ReceivedEvent[];
  /** Every server text frame received so far, byte for byte, in order. */
  readonly frames: readonly string[];
  /**
   * The next unread server event (of `type`, when given; events of other types before it are
   * skipped). Each call moves a read cursor past the event it returns. Resolves at once when the
   * event is already here; otherwise when it arrives; rejects when the connection closes first.
   */
  next(type?: string): Promise<ReceivedEvent>;
  /** The close code and reason, once the connection is closed (by either side). */
  readonly closed: { code: number; reason: string } | undefined;
  /** Closes the connection from the client side (1000). */
  close(): void;
}

/** A client and the host serving it. */
export interface MemoryPair {
  client: MemoryClient;
  /** The session host, e.g. to inject errors (`host.sendError`) or read `host.engine` state. */
  host: SessionHost;
}

const codecs: Record<DialectName, DialectCodec> = { beta: betaCodec, ga: gaCodec };
const checkMemoryOptions = optionsChecker('createMemoryPair', MEMORY_OPTIONS);

interface Waiter {
  type: string | undefined;
  resolve: (event: ReceivedEvent) => void;
  reject: (error: Error) => void;
}

/**
 * Creates a connected client/host pair. `session.created` (and, for beta, `conversation.created`)
 * is already in `client.events` when this returns.
 *
 * @example
 * const { client } = createMemoryPair({ dialect: 'ga', seed: 1 });
 * client.send({ type: 'response.create' });
 * const done = await client.next('response.done');
 */
export function createMemoryPair(options: MemoryPairOptions = {}): MemoryPair {
  checkMemoryOptions(options);
  // rule handshake.transcription-no-model: the URL names one or the other.
  if (options.intent === 'transcription' && options.model !== undefined)
    throw new TypeError(
      "createMemoryPair: a transcription session has no model (intent: 'transcription' with model); its transcription model goes in the session's input transcription config.",
    );
  const dialect = options.dialect ?? 'ga';
  const codec = codecs[dialect];
  if (options.scenario !== undefined) {
    const refusal = ScenarioPlayer.refusal(
      options.scenario.scenario,
      dialect,
      options.intent ?? 'realtime',
    );
    if (refusal !== undefined)
      throw new TypeError(`createMemoryPair: ${refusal.message} (options dialect and intent)`);
  }
  const pace = options.pace ?? 'fast';
  const events: ReceivedEvent[] = [];
  const frames: string[] = [];
  const waiters: Waiter[] = [];
  let cursor = 0;
  let closed: { code: number; reason: string } | undefined;

  /** Index of the first event at or after `from` matching `type`, or -1. */
  const find = (from: number, type: string | undefined): number => {
    for (let i = from; i < events.length; i++) {
      if (type === undefined || events[i]?.type === type) return i;
    }
    return -1;
  };

  // Waiters are served in call order, each from the cursor the previous one left.
  const serve = (): void => {
    while (waiters.length > 0) {
      const waiter = waiters[0] as Waiter;
      const index = find(cursor, waiter.type);
      if (index === -1) return;
      waiters.shift();
      cursor = index + 1;
      waiter.resolve(events[index] as ReceivedEvent);
    }
  };

  // Pending waiters can never be served once the connection is closed.
  const rejectWaiters = (): void => {
    if (closed === undefined) return;
    for (const waiter of waiters.splice(0)) {
      const wanted = waiter.type === undefined ? 'an event' : `'${waiter.type}'`;
      waiter.reject(
        new Error(
          `The connection closed (${closed.code} ${closed.reason}) before ${wanted} arrived.`,
        ),
      );
    }
  };

  const markClosed = (code: number, reason: string): void => {
    if (closed !== undefined) return;
    closed = { code, reason };
    rejectWaiters();
  };

  const host = new SessionHost(
    {
      send: (text) => {
        frames.push(text);
        events.push(JSON.parse(text) as ReceivedEvent);
        serve();
      },
      close: (code, reason) => markClosed(code, reason),
      // Clocks and timers exist only in realtime pace; fast mode never schedules anything.
      ...(pace === 'realtime'
        ? {
            now: () => performance.now(),
            setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
            clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
          }
        : {}),
    },
    {
      codec,
      pace,
      engine: {
        seed: options.seed ?? 0,
        model: options.model ?? (dialect === 'beta' ? 'gpt-4o-realtime-preview' : 'gpt-realtime'),
        type: options.intent ?? 'realtime',
      },
      ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
      ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
    },
  );

  const client: MemoryClient = {
    send(frame) {
      if (closed !== undefined)
        throw new Error(`Cannot send: the connection is closed (${closed.code}).`);
      if (typeof frame === 'string' || frame instanceof Uint8Array) host.receive(frame);
      else host.receive(JSON.stringify(frame));
    },
    events,
    frames,
    next(type) {
      return new Promise<ReceivedEvent>((resolve, reject) => {
        waiters.push({ type, resolve, reject });
        serve();
        rejectWaiters();
      });
    },
    get closed() {
      return closed;
    },
    close() {
      if (closed !== undefined) return;
      host.detach();
      markClosed(1000, '');
    },
  };

  host.open();
  return { client, host };
}
