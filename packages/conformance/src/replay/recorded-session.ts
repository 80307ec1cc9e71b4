/**
 * One session of a transcript, read for replay and for `scenario from-transcript`: its header and
 * its frame lines with their line numbers. JSON frames keep the exact text the writer stored, so a
 * replay sends the recorded bytes, not a re-serialisation.
 */
import type { Readable } from 'node:stream';
import {
  isTranscriptHeader,
  type TranscriptHeader,
  type TranscriptLine,
} from '../transcript/format.js';
import { parseTranscriptLine, readLines } from '../transcript/reader.js';

/** One frame line of the session. */
export type RecordedFrame = {
  /** 1-based line in the file (or index + 1 in an array of lines). */
  readonly line: number;
  /** Milliseconds since the session opened. */
  readonly t: number;
  readonly direction: 'client' | 'server';
} & (
  | { readonly kind: 'json'; readonly frame: unknown; readonly raw: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly bytes: Buffer }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string }
);

/** The session a replay plays. */
export interface RecordedSession {
  /** The file it came from, for messages (`undefined` for lines given in memory). */
  readonly file: string | undefined;
  readonly session: number;
  readonly header: TranscriptHeader;
  /** Line of the header. */
  readonly headerLine: number;
  readonly frames: readonly RecordedFrame[];
}

/**
 * Stable codes of {@link TranscriptError}: `TRANSCRIPT_UNREADABLE` (no such file),
 * `TRANSCRIPT_INVALID_LINE` (a line is not a transcript line), `TRANSCRIPT_NO_SESSION` (no header
 * for the session asked for), `TRANSCRIPT_NO_HEADER` (a frame before its session's header).
 */
export type TranscriptErrorCode =
  | 'TRANSCRIPT_UNREADABLE'
  | 'TRANSCRIPT_INVALID_LINE'
  | 'TRANSCRIPT_NO_SESSION'
  | 'TRANSCRIPT_NO_HEADER';

/** A transcript that cannot be replayed: where (file, line), what is wrong, and the fix. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
  readonly code: TranscriptErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string;

  constructor(
    code: TranscriptErrorCode,
    where: { file: string | undefined; line?: number },
    problem: string,
    hint: string,
  ) {
    const place = `${where.file ?? 'transcript'}${where.line === undefined ? '' : `:${where.line}`}`;
    super(`${place}: ${problem}`);
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.hint = hint;
  }
}

/** Line lists accepted in memory: parsed transcript lines, optionally numbered. */
export type TranscriptLines = readonly (TranscriptLine & { line?: number })[];

// What `frameLine` writes before the frame: the recorded bytes follow up to the closing brace.
const FRAME_HEAD = /^\{"t":[-+.eE0-9]+,(?:"session":\d+,)?"direction":"(?:client|server)","frame":/;

/** The frame's own text inside a line, when the line has the writer's layout; else undefined. */
function rawFrame(text: string): string | undefined {
  const head = FRAME_HEAD.exec(text);
  const trimmed = text.trimEnd();
  if (head === null || !trimmed.endsWith('}')) return undefined;
  const raw = trimmed.slice(head[0].length, -1);
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    return undefined; // another key follows the frame: not our layout
  }
}

function toFrame(value: TranscriptLine, line: number, text?: string): RecordedFrame | undefined {
  if (isTranscriptHeader(value)) return undefined;
  const base = { line, t: value.t, direction: value.direction };
  if ('frame' in value) {
    const raw = (text === undefined ? undefined : rawFrame(text)) ?? JSON.stringify(value.frame);
    return { ...base, kind: 'json', frame: value.frame, raw };
  }
  if ('text' in value) return { ...base, kind: 'text', text: value.text };
  if ('binary' in value) {
    return { ...base, kind: 'binary', bytes: Buffer.from(value.binary, 'base64') };
  }
  return { ...base, kind: 'close', code: value.close.code, reason: value.close.reason };
}

const FORMAT_HINT =
  'each line is a session header or a frame line (see "Transcript format" in the @soundcheck/conformance README); fix or delete that line';

/**
 * Reads one session of a transcript (a file path, a stream or parsed lines). Only that session's
 * lines are kept in memory.
 *
 * @throws {TranscriptError} naming the file and line of the problem.
 */
export async function readRecordedSession(
  source: string | Readable | TranscriptLines,
  session = 0,
): Promise<RecordedSession> {
  const file = typeof source === 'string' ? source : undefined;
  let header: { value: TranscriptHeader; line: number } | undefined;
  const frames: RecordedFrame[] = [];
  const seen = new Set<number>();
  const take = (value: TranscriptLine, line: number, text?: string) => {
    const index = value.session ?? 0;
    seen.add(index);
    if (index !== session) return;
    if (isTranscriptHeader(value)) {
      // A second header for the same index starts over (a file appended to): keep the last one.
      header = { value, line };
      frames.length = 0;
      return;
    }
    if (header === undefined) {
      throw new TranscriptError(
        'TRANSCRIPT_NO_HEADER',
        { file, line },
        `frame of session ${session} before its header`,
        'a session starts with its header line ({"format":"soundcheck.transcript","version":1,...}); add it or fix the "session" of this line',
      );
    }
    frames.push(toFrame(value, line, text) as RecordedFrame);
  };
  if (Array.isArray(source)) {
    for (const [i, value] of (source as TranscriptLines).entries())
      take(value, value.line ?? i + 1);
  } else {
    try {
      for await (const { line, text } of readLines(source as string | Readable)) {
        const parsed = parseTranscriptLine(text);
        if (!parsed.success) {
          throw new TranscriptError(
            'TRANSCRIPT_INVALID_LINE',
            { file, line },
            `not a transcript line: ${parsed.message}${parsed.path === '' ? '' : ` at ${parsed.path}`}`,
            FORMAT_HINT,
          );
        }
        take(parsed.value, line, text);
      }
    } catch (error) {
      if (error instanceof TranscriptError) throw error;
      const e = error as NodeJS.ErrnoException;
      throw new TranscriptError(
        'TRANSCRIPT_UNREADABLE',
        { file },
        `cannot read the transcript (${e.code ?? e.message})`,
        'check the path; a transcript is written by `soundcheck serve --transcript` or `soundcheck record`',
      );
    }
  }
  if (header === undefined) {
    const sessions = [...seen].sort((a, b) => a - b);
    throw new TranscriptError(
      'TRANSCRIPT_NO_SESSION',
      { file },
      sessions.length === 0 ? 'the transcript is empty' : `no session ${session} in the transcript`,
      sessions.length === 0
        ? 'record a session first (soundcheck serve --transcript FILE)'
        : `sessions in the file: ${sessions.join(', ')}; pick one with --session`,
    );
  }
  return { file, session, header: header.value, headerLine: header.line, frames };
}
