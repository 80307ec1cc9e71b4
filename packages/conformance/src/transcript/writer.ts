/**
 * Writing transcripts: one line per frame, in the order the frames were seen. A JSON text frame is
 * written as it was sent (its own bytes, not re-serialised), so key order and number spelling
 * survive; anything else is kept losslessly as `text` or `binary`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { TRANSCRIPT_FORMAT, TRANSCRIPT_VERSION, type TranscriptHeader } from './format.js';

/** The header fields a writer fills in (format and version are its own). */
export type TranscriptHeaderInfo = Omit<TranscriptHeader, 'format' | 'version'>;

const ms = (t: number): number => Math.round(t * 1000) / 1000;

/** Renders one frame line (without the newline). */
export function frameLine(
  session: number,
  t: number,
  direction: 'client' | 'server',
  data: string | Uint8Array,
): string {
  const head = `{"t":${ms(t)},"session":${session},"direction":"${direction}",`;
  if (typeof data !== 'string') {
    return `${head}"binary":"${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}"}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return `${head}"text":${JSON.stringify(data)}}`;
  }
  // The sent bytes when they fit on one line; otherwise the same value re-serialised.
  const text = /[\n\r]/.test(data) ? JSON.stringify(parsed) : data.trim();
  return `${head}"frame":${text}}`;
}

/** Renders one header line (without the newline). */
export function headerLine(info: TranscriptHeaderInfo): string {
  return JSON.stringify({ format: TRANSCRIPT_FORMAT, version: TRANSCRIPT_VERSION, ...info });
}

/** Renders one close line (without the newline). */
export function closeLine(
  session: number,
  t: number,
  direction: 'client' | 'server',
  code: number,
  reason: string,
): string {
  return JSON.stringify({ t: ms(t), session, direction, close: { code, reason } });
}

/** Writes transcript lines to any line sink (a file, an array, a stream). */
export class TranscriptWriter {
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  header(info: TranscriptHeaderInfo): void {
    this.#write(`${headerLine(info)}\n`);
  }

  frame(
    session: number,
    t: number,
    direction: 'client' | 'server',
    data: string | Uint8Array,
  ): void {
    this.#write(`${frameLine(session, t, direction, data)}\n`);
  }

  close(
    session: number,
    t: number,
    direction: 'client' | 'server',
    code: number,
    reason: string,
  ): void {
    this.#write(`${closeLine(session, t, direction, code, reason)}\n`);
  }
}

/** A transcript file being written. */
export interface TranscriptFile {
  readonly writer: TranscriptWriter;
  /** Flushes and closes the file. */
  end(): Promise<void>;
}

/** Opens (truncates) a transcript file; rejects with the fs error when it cannot be written. */
export async function openTranscriptFile(path: string): Promise<TranscriptFile> {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  return {
    writer: new TranscriptWriter((line) => stream.write(line)),
    end: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
