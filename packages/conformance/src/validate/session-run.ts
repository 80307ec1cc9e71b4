/**
 * One session of a file being validated: its dialect (told by the transcript header, the
 * `--dialect` flag, or the first frames that show it), the schema check of each frame and its
 * StreamChecker. Until the dialect is known (plain event logs), frames wait in a small buffer.
 */
import type { AudioFormatName, DialectName, ParseOptions } from '@soundcheck/schema';
import { CLIENT_TYPES, dialectShownBy } from '../rules/names.js';
import { RULE, type StreamProblem } from '../rules/problem.js';
import { checkParsed } from '../rules/schema-check.js';
import { StreamChecker } from '../rules/stream-checker.js';

export type Direction = 'client' | 'server';

/** A problem found in a file: the stream problem plus where it was seen. */
export interface ValidateProblem extends StreamProblem {
  readonly file: string;
  /** The session (transcript `session`, or the n-th `session.created` of an event log). */
  readonly session: number;
  /** Who sent the frame, when the problem belongs to one frame. */
  readonly direction?: Direction;
}

export type ProblemSink = (problem: ValidateProblem) => void;

/** Frames kept while the dialect is unknown: at most this many, or this many characters. */
const MAX_PENDING_FRAMES = 1000;
const MAX_PENDING_CHARS = 16 * 1024 * 1024;

type Pending =
  | { kind: 'frame'; direction: Direction | undefined; event: unknown; line: number }
  | { kind: 'bad'; direction: Direction | undefined; line: number; reason: string };

export interface SessionRunOptions {
  file: string;
  index: number;
  /** Known dialect, or undefined to tell it from the frames. */
  dialect: DialectName | undefined;
  strict: boolean;
  sink: ProblemSink;
}

export class SessionRun {
  readonly index: number;
  readonly #file: string;
  readonly #strict: boolean;
  readonly #sink: ProblemSink;
  #dialect: DialectName | undefined;
  #checker: StreamChecker | undefined;
  #pending: Pending[] = [];
  /** Parse options by direction and audio format, made once (not one object per frame). */
  readonly #parseOptions = {
    client: new Map<string, ParseOptions & { dialect: DialectName }>(),
    server: new Map<string, ParseOptions & { dialect: DialectName }>(),
  };
  #pendingChars = 0;
  /** Frames seen (JSON, text and binary). */
  frames = 0;

  constructor(options: SessionRunOptions) {
    this.index = options.index;
    this.#file = options.file;
    this.#strict = options.strict;
    this.#sink = options.sink;
    this.#dialect = options.dialect;
    if (options.dialect !== undefined)
      this.#checker = new StreamChecker({ dialect: options.dialect });
  }

  get dialect(): DialectName | undefined {
    return this.#dialect;
  }

  /** One JSON frame. `direction` undefined: infer it from the type (plain event logs). */
  frame(direction: Direction | undefined, event: unknown, line: number, chars: number): void {
    this.frames++;
    const checker = this.#checker;
    if (checker !== undefined) {
      this.#check(checker, direction, event, line);
      return;
    }
    this.#pending.push({ kind: 'frame', direction, event, line });
    this.#pendingChars += chars;
    const shown = dialectShownBy(event);
    if (shown !== undefined) this.#decide(shown, undefined);
    else if (
      this.#pending.length >= MAX_PENDING_FRAMES ||
      this.#pendingChars >= MAX_PENDING_CHARS
    ) {
      this.#decide('ga', `no frame among the first ${this.#pending.length} shows the dialect`);
    }
  }

  /** A frame that is not a JSON event (a non-JSON text frame, a binary frame, a bad log line). */
  bad(direction: Direction | undefined, line: number, reason: string, countAsFrame = true): void {
    if (countAsFrame) this.frames++;
    if (this.#checker === undefined) this.#pending.push({ kind: 'bad', direction, line, reason });
    else this.#badNow(direction, line, reason);
  }

  /** The end of the session (its close line, or the end of the file). */
  end(): void {
    if (this.#checker === undefined) {
      if (this.#pending.length === 0) return;
      this.#decide('ga', `no frame of the session shows the dialect`);
    }
    const checker = this.#checker as StreamChecker;
    for (const problem of checker.end()) this.#emit(problem, undefined);
  }

  #decide(dialect: DialectName, why: string | undefined): void {
    this.#dialect = dialect;
    const checker = new StreamChecker({ dialect });
    this.#checker = checker;
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingChars = 0;
    if (why !== undefined) {
      // rule handshake.dialect-marker: the marker selects the dialect; a log without one is guessed.
      this.#emit(
        {
          rule: RULE.dialectMarker,
          severity: 'warning',
          type: '-',
          path: '$',
          reason: `${why}: checked as GA (pass --dialect beta or --dialect ga)`,
          line: pending[0]?.line ?? 0,
        },
        undefined,
      );
    }
    for (const entry of pending) {
      if (entry.kind === 'frame') this.#check(checker, entry.direction, entry.event, entry.line);
      else this.#badNow(entry.direction, entry.line, entry.reason);
    }
  }

  #check(checker: StreamChecker, given: Direction | undefined, event: unknown, line: number): void {
    const dialect = checker.dialect;
    let direction = given;
    if (direction === undefined) {
      const type = (event as { type?: unknown } | null)?.type;
      direction = typeof type === 'string' && CLIENT_TYPES[dialect].has(type) ? 'client' : 'server';
    }
    const audioFormat = checker.audioFormat(direction, event);
    const options = this.#optionsFor(direction, dialect, audioFormat);
    const schema = checkParsed(direction, event, line, options);
    for (const problem of schema) this.#emit(problem, direction);
    const stream = checker.push(direction, event, line);
    for (const problem of stream) this.#emit(problem, direction);
  }

  #optionsFor(
    direction: Direction,
    dialect: DialectName,
    audioFormat: AudioFormatName,
  ): ParseOptions & { dialect: DialectName } {
    const byFormat = this.#parseOptions[direction];
    let options = byFormat.get(audioFormat);
    if (options === undefined) {
      options = { dialect, strict: direction === 'client' || this.#strict, audioFormat };
      byFormat.set(audioFormat, options);
    }
    return options;
  }

  #badNow(direction: Direction | undefined, line: number, reason: string): void {
    this.#emit(
      { rule: RULE.jsonText, severity: 'error', type: '-', path: '$', reason, line },
      direction,
    );
  }

  #emit(problem: StreamProblem, direction: Direction | undefined): void {
    this.#sink({
      file: this.#file,
      session: this.index,
      ...(direction === undefined ? {} : { direction }),
      ...problem,
    });
  }
}
