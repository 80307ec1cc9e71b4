/**
 * Validating one file, streaming: a transcript (a header line opens each session; frames name
 * their session and direction) or a plain event log (one event per line, no header). The first
 * non-blank line decides which; a file whose first line is not a JSON object is not JSON Lines.
 * Memory stays flat as the file grows: lines are read one at a time, and a session's state is
 * dropped at its close line.
 */
import { stat } from 'node:fs/promises';
import type { DialectName } from '@soundcheck/schema';
import { TranscriptFrameSchema, TranscriptHeaderSchema } from '../transcript/format.js';
import { readLines } from '../transcript/reader.js';
import { type Direction, type ProblemSink, SessionRun } from './session-run.js';

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
  const flagDialect = options.dialect === 'auto' ? undefined : options.dialect;
  const strict = options.strict === true;
  const stats: FileStats = { kind: undefined, sessions: 0, frames: 0, lines: 0, bytes };
  const sessions = new Map<number, SessionRun>();
  const open = (index: number, dialect: DialectName | undefined): SessionRun => {
    const run = new SessionRun({ file, index, dialect, strict, sink });
    sessions.set(index, run);
    stats.sessions++;
    return run;
  };
  const close = (run: SessionRun): void => {
    run.end();
    stats.frames += run.frames;
    sessions.delete(run.index);
  };
  /** Plain event logs: the session events go to (a new one at each later `session.created`). */
  let current: SessionRun | undefined;
  try {
    for await (const { line, text } of readLines(file)) {
      stats.lines = line;
      let value: unknown;
      let parseError: string | undefined;
      try {
        value = JSON.parse(text);
      } catch (error) {
        parseError = (error as Error).message;
      }
      if (stats.kind === undefined) {
        if (
          parseError !== undefined ||
          value === null ||
          typeof value !== 'object' ||
          Array.isArray(value)
        ) {
          throw new UnreadableFileError(
            file,
            line,
            'not_jsonl',
            `${file}:${line}: not JSON Lines: the first line is ${parseError === undefined ? describe(value) : `not JSON (${parseError})`}`,
            JSONL_HINT,
          );
        }
        const first = value as Record<string, unknown>;
        stats.kind =
          'format' in first || ('direction' in first && 't' in first) ? 'transcript' : 'events';
      }
      if (stats.kind === 'events') {
        if (parseError !== undefined) {
          current = current ?? open(0, flagDialect);
          current.bad(undefined, line, `not JSON (${parseError})`);
          continue;
        }
        const type = (value as { type?: unknown } | null)?.type;
        if (type === 'session.created' && current !== undefined && current.frames > 0) {
          const next = current.index + 1;
          close(current);
          current = open(next, flagDialect);
        }
        current = current ?? open(0, flagDialect);
        current.frame(undefined, value, line, text.length);
        continue;
      }
      // A transcript line.
      if (parseError !== undefined) {
        emitLineProblem(sink, file, sessions, line, `not JSON (${parseError})`);
        continue;
      }
      const record = value as Record<string, unknown>;
      const direction = record.direction;
      const session = record.session ?? 0;
      if (
        'frame' in record &&
        (direction === 'client' || direction === 'server') &&
        typeof record.t === 'number' &&
        Number.isInteger(session)
      ) {
        // The hot path: a JSON frame (not checked by the transcript schema: its frame is checked).
        const run = sessions.get(session as number) ?? open(session as number, flagDialect);
        run.frame(direction, record.frame, line, text.length);
        continue;
      }
      if ('format' in record) {
        const header = TranscriptHeaderSchema.safeParse(record);
        if (!header.success) {
          emitLineProblem(
            sink,
            file,
            sessions,
            line,
            `not a transcript header: ${issueText(header.error.issues)}`,
          );
          continue;
        }
        const index = header.data.session ?? 0;
        const earlier = sessions.get(index);
        if (earlier !== undefined) close(earlier);
        open(index, header.data.dialect);
        continue;
      }
      const parsed = TranscriptFrameSchema.safeParse(record);
      if (!parsed.success) {
        emitLineProblem(
          sink,
          file,
          sessions,
          line,
          `not a transcript line: ${issueText(parsed.error.issues)}`,
        );
        continue;
      }
      const frame = parsed.data;
      const index = frame.session ?? 0;
      const run = sessions.get(index) ?? open(index, flagDialect);
      const dir: Direction = frame.direction;
      if ('close' in frame) close(run);
      else if ('text' in frame)
        run.bad(dir, line, 'a text frame that is not JSON (each message must be one JSON object)');
      else if ('binary' in frame)
        run.bad(dir, line, 'a binary frame (events travel as JSON text frames)');
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new UnreadableFileError(
      file,
      stats.lines,
      'cannot_read',
      `cannot read ${file}: ${e.message}`,
      'check that the file is readable',
    );
  }
  for (const run of [...sessions.values()]) close(run);
  return stats;
}

function issueText(issues: readonly { message: string; path: readonly PropertyKey[] }[]): string {
  const issue = issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${issue.message} at ${path}`;
}

/** A transcript line that is no frame at all: reported against the session it names, if any. */
function emitLineProblem(
  sink: ProblemSink,
  file: string,
  sessions: Map<number, SessionRun>,
  line: number,
  reason: string,
): void {
  const only = sessions.size === 1 ? [...sessions.keys()][0] : undefined;
  sink({
    file,
    session: only ?? 0,
    rule: 'events.json-text',
    severity: 'error',
    type: '-',
    path: '$',
    reason,
    line,
  });
}
