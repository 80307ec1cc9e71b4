/**
 * Validating one file, streaming: a transcript (a header line opens each session; frames name
 * their session and direction) or a plain event log (one event per line, no header). The first
 * non-blank line decides which; a file whose first line is not a JSON object is not JSON Lines.
 * Memory stays flat as the file grows: lines are read one at a time, and a session's state is
 * dropped at its close line.
 */
import { stat } from 'node:fs/promises';
import type { DialectName } from '@soundcheck/schema';
import { RULE } from '../rules/problem.js';
import { TranscriptFrameSchema, TranscriptHeaderSchema } from '../transcript/format.js';
import { readLines } from '../transcript/reader.js';
import { type ProblemSink, SessionRun } from './session-run.js';

export interface ValidateOptions {
  /** `auto` (default): the header's dialect, else told from the frames. */
  dialect?: DialectName | 'auto';
  /** Check server events strictly too (client events always are). */
  strict?: boolean;
}

/** What one file held. */
export interface FileStats {
  /** `transcript` or `events` (a plain event log); undefined for an empty file. */
  kind: 'transcript' | 'events' | undefined;
  sessions: number;
  frames: number;
  lines: number;
  bytes: number;
}

/** The file cannot be read as JSON Lines at all (missing, a folder, not JSON from line 1). */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly hint: string;

  constructor(file: string, line: number, code: string, message: string, hint: string) {
    super(message);
    this.file = file;
    this.line = line;
    this.code = code;
    this.hint = hint;
  }
}

const JSONL_HINT =
  'validate reads JSON Lines: one JSON object per line (a soundcheck transcript, or one event per line). For a pretty-printed JSON file: jq -c . FILE';

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

async function openCheck(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new UnreadableFileError(
        file,
        0,
        'is_directory',
        `${file} is a folder`,
        'pass the JSONL files inside it',
      );
    }
    return info.size;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new UnreadableFileError(
      file,
      0,
      e.code === 'ENOENT' ? 'no_such_file' : 'cannot_read',
      `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
      'check the path',
    );
  }
}

/** Validates one file; every problem goes to `sink` as it is found. */
export async function validateFile(
  file: string,
  options: ValidateOptions,
  sink: ProblemSink,
): Promise<FileStats> {
  const bytes = await openCheck(file);
  const run = new FileRun(file, options, sink, bytes);
  try {
    for await (const { line, text } of readLines(file)) run.line(line, text);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new UnreadableFileError(
      file,
      run.stats.lines,
      'cannot_read',
      `cannot read ${file}: ${e.message}`,
      'check that the file is readable',
    );
  }
  run.end();
  return run.stats;
}

/** The sessions of one file being read, and what a line does to them. */
class FileRun {
  readonly stats: FileStats;
  readonly #file: string;
  readonly #sink: ProblemSink;
  readonly #strict: boolean;
  /** The dialect of sessions without a header (undefined: told from their events). */
  readonly #dialect: DialectName | undefined;
  readonly #sessions = new Map<number, SessionRun>();
  /** Plain event logs: the session events go to (a new one starts at each later `session.created`). */
  #current: SessionRun | undefined;

  constructor(file: string, options: ValidateOptions, sink: ProblemSink, bytes: number) {
    this.#file = file;
    this.#sink = sink;
    this.#strict = options.strict === true;
    this.#dialect = options.dialect === 'auto' ? undefined : options.dialect;
    this.stats = { kind: undefined, sessions: 0, frames: 0, lines: 0, bytes };
  }

  line(line: number, text: string): void {
    this.stats.lines = line;
    let value: unknown;
    let parseError: string | undefined;
    try {
      value = JSON.parse(text);
    } catch (error) {
      parseError = (error as Error).message;
    }
    if (this.stats.kind === undefined) this.#decideKind(line, value, parseError);
    if (this.stats.kind === 'events') this.#eventLine(line, text, value, parseError);
    else if (parseError !== undefined) this.#lineProblem(line, `not JSON (${parseError})`);
    else if (value === null || typeof value !== 'object' || Array.isArray(value))
      // A transcript line is one JSON object; a string, number or array is reported, not read.
      this.#lineProblem(
        line,
        `not a transcript line: expected a JSON object, found ${describe(value)}`,
      );
    else this.#transcriptLine(line, text, value as Record<string, unknown>);
  }

  /** The end of the file: every session still open ends. */
  end(): void {
    for (const run of [...this.#sessions.values()]) this.#close(run);
  }

  /** The first line decides: a transcript (header or frame line), an event log, or not JSONL. */
  #decideKind(line: number, value: unknown, parseError: string | undefined): void {
    if (
      parseError !== undefined ||
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value)
    ) {
      const found = parseError === undefined ? describe(value) : `not JSON (${parseError})`;
      throw new UnreadableFileError(
        this.#file,
        line,
        'not_jsonl',
        `${this.#file}:${line}: not JSON Lines: the first line is ${found}`,
        JSONL_HINT,
      );
    }
    const first = value as Record<string, unknown>;
    const transcript = 'format' in first || ('direction' in first && 't' in first);
    this.stats.kind = transcript ? 'transcript' : 'events';
  }

  #open(index: number, dialect: DialectName | undefined): SessionRun {
    const run = new SessionRun({
      file: this.#file,
      index,
      dialect,
      strict: this.#strict,
      sink: this.#sink,
    });
    this.#sessions.set(index, run);
    this.stats.sessions++;
    return run;
  }

  #close(run: SessionRun): void {
    run.end();
    this.stats.frames += run.frames;
    this.#sessions.delete(run.index);
  }

  /** A line of a plain event log: one event, its direction told from its type. */
  #eventLine(line: number, text: string, value: unknown, parseError: string | undefined): void {
    let current = this.#current;
    if (parseError !== undefined) {
      current = current ?? this.#open(0, this.#dialect);
      current.bad(undefined, line, `not JSON (${parseError})`);
    } else {
      const type = (value as { type?: unknown } | null)?.type;
      if (type === 'session.created' && current !== undefined && current.frames > 0) {
        this.#close(current);
        current = this.#open(current.index + 1, this.#dialect);
      }
      current = current ?? this.#open(0, this.#dialect);
      current.frame(undefined, value, line, text.length);
    }
    this.#current = current;
  }

  /** A line of a transcript: a header, a frame (JSON, text, binary) or a close. */
  #transcriptLine(line: number, text: string, record: Record<string, unknown>): void {
    const direction = record.direction;
    const session = record.session ?? 0;
    if (
      'frame' in record &&
      (direction === 'client' || direction === 'server') &&
      typeof record.t === 'number' &&
      Number.isInteger(session)
    ) {
      // The hot path: a JSON frame (not checked by the transcript schema: its frame is checked).
      const index = session as number;
      const run = this.#sessions.get(index) ?? this.#open(index, this.#dialect);
      run.frame(direction, record.frame, line, text.length);
      return;
    }
    if ('format' in record) {
      const header = TranscriptHeaderSchema.safeParse(record);
      if (!header.success) {
        this.#lineProblem(line, `not a transcript header: ${issueText(header.error.issues)}`);
        return;
      }
      const index = header.data.session ?? 0;
      const earlier = this.#sessions.get(index);
      if (earlier !== undefined) this.#close(earlier);
      this.#open(index, header.data.dialect);
      return;
    }
    const parsed = TranscriptFrameSchema.safeParse(record);
    if (!parsed.success) {
      this.#lineProblem(line, `not a transcript line: ${issueText(parsed.error.issues)}`);
      return;
    }
    const frame = parsed.data;
    const index = frame.session ?? 0;
    const run = this.#sessions.get(index) ?? this.#open(index, this.#dialect);
    if ('close' in frame) this.#close(run);
    else if ('text' in frame) {
      run.bad(
        frame.direction,
        line,
        'a text frame that is not JSON (each message must be one JSON object)',
      );
    } else if ('binary' in frame) {
      run.bad(frame.direction, line, 'a binary frame (events travel as JSON text frames)');
    }
  }

  /** A transcript line that is no frame at all: reported against the only open session, or 0. */
  #lineProblem(line: number, reason: string): void {
    const only = this.#sessions.size === 1 ? [...this.#sessions.keys()][0] : undefined;
    this.#sink({
      file: this.#file,
      session: only ?? 0,
      rule: RULE.jsonText,
      severity: 'error',
      type: '-',
      path: '$',
      reason,
      line,
    });
  }
}

function issueText(issues: readonly { message: string; path: readonly PropertyKey[] }[]): string {
  const issue = issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${issue.message} at ${path}`;
}
