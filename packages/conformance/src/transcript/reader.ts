/**
 * Reading transcripts line by line, streaming: a file of any size is read with constant memory.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  TranscriptBinaryFrameSchema,
  TranscriptCloseSchema,
  TranscriptHeaderSchema,
  TranscriptJsonFrameSchema,
  type TranscriptLine,
  TranscriptLineSchema,
  TranscriptTextFrameSchema,
} from './format.js';

/** The schema of the kind of line `raw` is meant to be (by its distinguishing key). */
function kindOf(raw: unknown) {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  if ('format' in raw) return TranscriptHeaderSchema;
  if ('frame' in raw) return TranscriptJsonFrameSchema;
  if ('text' in raw) return TranscriptTextFrameSchema;
  if ('binary' in raw) return TranscriptBinaryFrameSchema;
  if ('close' in raw) return TranscriptCloseSchema;
  return undefined;
}

/** One raw line of a file, numbered from 1. */
export interface RawLine {
  line: number;
  text: string;
}

/** The lines of a file or stream, numbered from 1 (blank lines skipped, CRLF accepted). */
export async function* readLines(source: string | Readable): AsyncGenerator<RawLine> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    yield { line, text };
  }
}

/** The result of parsing one transcript line. */
export type ParsedLine =
  | { success: true; value: TranscriptLine }
  | { success: false; message: string; path: string };

/** Parses and checks one transcript line. Never throws. */
export function parseTranscriptLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { success: false, message: `not JSON: ${(error as Error).message}`, path: '' };
  }
  // Pick the line's kind first, so a problem is reported at its exact path.
  const kind = kindOf(raw);
  const result = (kind ?? TranscriptLineSchema).safeParse(raw);
  if (result.success) return { success: true, value: result.data as TranscriptLine };
  const issue = result.error.issues[0];
  return {
    success: false,
    message: issue?.message ?? 'not a transcript line',
    path: (issue?.path ?? []).map(String).join('.'),
  };
}

/** Reads a whole transcript into memory (small files: tests, replay). Throws on a bad line. */
export async function loadTranscript(
  source: string | Readable,
): Promise<Array<TranscriptLine & { line: number }>> {
  const out: Array<TranscriptLine & { line: number }> = [];
  for await (const { line, text } of readLines(source)) {
    const parsed = parseTranscriptLine(text);
    if (!parsed.success) {
      const where = typeof source === 'string' ? `${source}:${line}` : `line ${line}`;
      throw new TypeError(
        `${where}: ${parsed.message}${parsed.path === '' ? '' : ` at ${parsed.path}`}`,
      );
    }
    out.push({ ...parsed.value, line });
  }
  return out;
}
