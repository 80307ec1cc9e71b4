/**
 * One replayed connection: plays a {@link ReplayPlan} to a live client over a `ws` socket. It sends
 * the opening server frames, then for each recorded client step waits for the client's next frame,
 * checks it (match.ts) and sends what the server sent after it — at once (`fast`), or keeping the
 * recorded gaps (`recorded`). A frame that does not match gets an `error` (`replay_diverged`) and
 * a close (4000 `invalid_request_error.replay_diverged`).
 */
import type { WebSocket } from 'ws';
import { closeWith, expectedOf, idOf, type Live, liveName, liveOf, typeOf, where } from './live.js';
import { describe, eventDifference } from './match.js';
import {
  type AppendRun,
  appendBytes,
  type ClientStep,
  type ReplayPlan,
  runBytes,
  type ServerAction,
} from './plan.js';

/** `fast`: send what followed a client frame at once. `recorded`: keep the recorded gaps. */
export type ReplayPace = 'fast' | 'recorded';

/** How a replayed connection ended. */
export interface ReplayResult {
  /**
   * `completed`: every recorded step was played. `diverged`: the client sent something the
   * recording does not show. `incomplete`: the connection closed before the end of the recording.
   */
  readonly status: 'completed' | 'diverged' | 'incomplete';
  /** Index of the connection on the replay server (0 for the first). */
  readonly connection: number;
  /** Transcript line of the recorded step the replay expected (diverged, incomplete). */
  readonly line?: number;
  /** What that step expected, e.g. `conversation.item.create`. */
  readonly expected?: string;
  /** The field that differed, e.g. `item.content[0].text` (diverged on content). */
  readonly field?: string;
  /** What the client sent instead. */
  readonly got?: string;
  /** One sentence for people. */
  readonly message: string;
}

/** The error code a diverging client receives. */
export const REPLAY_DIVERGED = 'replay_diverged';
/** The close of a diverged replay: code and reason (`<type>.<code>`, as the API closes on fatal errors). */
export const DIVERGED_CLOSE = { code: 4000, reason: `invalid_request_error.${REPLAY_DIVERGED}` };

class Divergence {
  constructor(
    readonly line: number,
    readonly expected: string,
    readonly got: string,
    readonly field: string | undefined,
    readonly detail: string,
    readonly eventId: string | null,
  ) {}
}

/** The connection closed before the replay was over: `line` is what was still to be sent. */
class Ended {
  constructor(
    readonly code: number,
    readonly line?: number,
  ) {}
}

/** A recorded server close was played: the replay is over. */
class Finished {}

export class ReplayConnection {
  readonly #ws: WebSocket;
  readonly #plan: ReplayPlan;
  readonly #pace: ReplayPace;
  readonly #index: number;
  readonly #opened = performance.now();
  readonly #queue: Live[] = [];
  #wake: (() => void) | undefined;
  #timer: { handle: NodeJS.Timeout; done: () => void } | undefined;
  #closed = false;
  #closeCode = 1005;
  /** Resolves with the outcome once the connection is over. */
  readonly result: Promise<ReplayResult>;

  constructor(ws: WebSocket, plan: ReplayPlan, pace: ReplayPace, index: number) {
    this.#ws = ws;
    this.#plan = plan;
    this.#pace = pace;
    this.#index = index;
    ws.on('message', (data, isBinary) => this.#push(liveOf(data as Buffer, isBinary)));
    ws.on('close', (code) => {
      this.#closed = true;
      this.#closeCode = code;
      this.#timer?.done();
      this.#push({ kind: 'close', code });
    });
    ws.on('error', () => undefined);
    this.result = this.#run();
  }

  #push(live: Live): void {
    this.#queue.push(live);
    this.#wake?.();
  }

  async #next(): Promise<Live> {
    while (this.#queue.length === 0) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    return this.#queue.shift() as Live;
  }

  /** The next live frame; throws {@link Ended} when the client closed. */
  async #nextFrame(): Promise<Exclude<Live, { kind: 'close' }>> {
    const live = await this.#next();
    if (live.kind === 'close') throw new Ended(live.code);
    return live;
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(handle);
        this.#timer = undefined;
        resolve();
      };
      const handle = setTimeout(done, ms);
      this.#timer = { handle, done };
    });
  }

  /**
   * Plays server actions; `anchor` maps recorded time `at` to wall time `wall`.
   * @throws {Finished} after a recorded close. @throws {Ended} when the socket closed first.
   */
  async #play(actions: readonly ServerAction[], anchor: { wall: number; at: number }) {
    for (const action of actions) {
      if (this.#pace === 'recorded') {
        await this.#sleep(anchor.wall + (action.t - anchor.at) - performance.now());
      }
      if (this.#closed) throw new Ended(this.#closeCode, action.line);
      if (action.kind === 'close') {
        this.#closed = true;
        closeWith(this.#ws, action.code, action.reason);
        throw new Finished();
      }
      this.#ws.send(action.data, { binary: typeof action.data !== 'string' });
    }
  }

  #anchor(at: number) {
    return { wall: performance.now(), at };
  }

  async #run(): Promise<ReplayResult> {
    const { steps } = this.#plan;
    let current: ClientStep | undefined;
    try {
      await this.#play(this.#plan.opening, { wall: this.#opened, at: 0 });
      for (const step of steps) {
        current = step;
        await this.#step(step);
      }
      current = undefined;
      const extra = await this.#nextFrame();
      throw new Divergence(
        this.#plan.recording.frames.at(-1)?.line ?? this.#plan.recording.headerLine,
        'nothing more (the recording ends here)',
        liveName(extra),
        undefined,
        '',
        extra.kind === 'json' ? idOf(extra.event) : null,
      );
    } catch (error) {
      if (error instanceof Finished) return this.#completed();
      if (error instanceof Divergence) return this.#diverged(error);
      if (error instanceof Ended) {
        if (error.line !== undefined) return this.#incomplete(error.code, error.line);
        if (current === undefined) return this.#completed();
        return this.#incomplete(error.code, current.line, expectedOf(current));
      }
      throw error;
    }
  }

  /** Plays one step: waits for the client, checks, answers. */
  async #step(step: ClientStep): Promise<void> {
    if (step.kind === 'appends') return this.#appends(step);
    const live = await this.#next();
    if (step.kind === 'close') {
      if (live.kind === 'close') throw new Finished();
      throw new Divergence(step.line, 'the client to close', liveName(live), undefined, '', null);
    }
    if (live.kind === 'close') throw new Ended(live.code);
    this.#check(step, live);
    await this.#play(step.answers, this.#anchor(step.t));
  }

  #check(step: ClientStep & { kind: 'frame' }, live: Exclude<Live, { kind: 'close' }>): void {
    const recorded = step.frame;
    const eventId = live.kind === 'json' ? idOf(live.event) : null;
    if (recorded.kind === 'json') {
      const expected = typeOf(recorded.frame) ?? 'an event without a type';
      if (live.kind !== 'json') {
        throw new Divergence(step.line, expected, liveName(live), undefined, '', null);
      }
      const d = eventDifference(recorded.frame, live.event);
      if (d === undefined) return;
      if (d.path === 'type') {
        throw new Divergence(step.line, expected, liveName(live), undefined, '', eventId);
      }
      throw new Divergence(
        step.line,
        expected,
        describe(d.got),
        d.path,
        ` with ${d.path} ${describe(d.expected)}`,
        eventId,
      );
    }
    const same =
      recorded.kind === 'text'
        ? live.kind === 'text' && live.text === recorded.text
        : live.kind === 'binary';
    if (!same) {
      const expected = recorded.kind === 'text' ? 'a text frame (not JSON)' : 'a binary frame';
      throw new Divergence(step.line, expected, liveName(live), undefined, '', eventId);
    }
  }

  async #appends(run: AppendRun): Promise<void> {
    const total = runBytes(run);
    let sent = 0;
    let part = 0;
    while (part < run.parts.length) {
      const live = await this.#nextFrame();
      const bytes = live.kind === 'json' ? appendBytes(live.event) : undefined;
      const eventId = live.kind === 'json' ? idOf(live.event) : null;
      if (bytes === undefined) {
        throw new Divergence(
          run.line,
          'input_audio_buffer.append',
          `${liveName(live)} after ${sent} bytes of audio`,
          'audio',
          ` (${total} bytes of audio in all)`,
          eventId,
        );
      }
      sent += bytes;
      if (sent > total) {
        throw new Divergence(
          run.line,
          'input_audio_buffer.append',
          `${sent} bytes`,
          'audio',
          ` (${total} bytes of audio in all)`,
          eventId,
        );
      }
      for (let p = run.parts[part]; p !== undefined && p.end <= sent; p = run.parts[part]) {
        part++;
        await this.#play(p.answers, this.#anchor(p.t));
      }
    }
  }

  #completed(): ReplayResult {
    const { recording } = this.#plan;
    return {
      status: 'completed',
      connection: this.#index,
      message: `replay completed: every step of ${where(recording.file, undefined)} (session ${recording.session}) was played`,
    };
  }

  /** Closed at `line`: a client step (`expected` says what it waited for) or a frame not yet sent. */
  #incomplete(code: number, line: number, expected?: string): ReplayResult {
    const place = where(this.#plan.recording.file, line);
    return {
      status: 'incomplete',
      connection: this.#index,
      line,
      ...(expected === undefined ? {} : { expected }),
      message:
        expected === undefined
          ? `replay incomplete: the connection closed (${code}) before the replay sent ${place}`
          : `replay incomplete: the connection closed (${code}) while the replay waited for ${place}: ${expected}`,
    };
  }

  #diverged(d: Divergence): ReplayResult {
    const place = where(this.#plan.recording.file, d.line);
    const sentence = `expected ${d.expected}${d.detail}, got ${d.got}`;
    if (!this.#closed) {
      this.#ws.send(
        JSON.stringify({
          type: 'error',
          event_id: 'event_replay_diverged',
          error: {
            type: 'invalid_request_error',
            code: REPLAY_DIVERGED,
            message: `Replay diverged at ${place}: ${sentence}.`,
            param: d.field ?? null,
            event_id: d.eventId,
          },
        }),
      );
      this.#closed = true;
      this.#ws.close(DIVERGED_CLOSE.code, DIVERGED_CLOSE.reason);
    }
    return {
      status: 'diverged',
      connection: this.#index,
      line: d.line,
      expected: d.expected,
      ...(d.field === undefined ? {} : { field: d.field }),
      got: d.got,
      message: `replay diverged at ${place}: ${sentence}`,
    };
  }
}
