/**
 * Audio arithmetic for the checks: how long a base64 audio delta is at a given format, and which
 * format a session or response declares (rule output.audio-delta-format: pcm16 is 24 kHz mono
 * 16-bit, 48 bytes per ms; G.711 μ-law / A-law is 8 kHz, one byte per sample, 8 bytes per ms).
 */
import { type AudioFormatName, decodedLength } from '@soundcheck/schema';

/** The default format of both dialects (beta `pcm16`, GA `audio/pcm` at 24 kHz). */
export const DEFAULT_FORMAT: AudioFormatName = 'pcm16';

const NAMES: ReadonlySet<string> = new Set([
  'pcm16',
  'g711_ulaw',
  'g711_alaw',
  'audio/pcm',
  'audio/pcmu',
  'audio/pcma',
]);

/** Bytes per millisecond of audio in `format`. */
export function bytesPerMs(format: AudioFormatName): number {
  return format === 'pcm16' || format === 'audio/pcm' ? 48 : 8;
}

/** A readable name for messages: `pcm16 at 24 kHz`, `audio/pcmu at 8 kHz`. */
export function describeFormat(format: AudioFormatName): string {
  return `${format} at ${bytesPerMs(format) === 48 ? 24 : 8} kHz`;
}

/** Decoded byte length of base64 text, without decoding it (whole bytes). */
export function base64Bytes(value: string): number {
  return Math.floor(decodedLength(value));
}

function asFormat(value: unknown): AudioFormatName | undefined {
  if (typeof value === 'string') return NAMES.has(value) ? (value as AudioFormatName) : undefined;
  if (value !== null && typeof value === 'object')
    return asFormat((value as { type?: unknown }).type);
  return undefined;
}

/**
 * The `direction` audio format a session or response object declares: beta
 * `input_audio_format` / `output_audio_format`, GA `audio.input.format` / `audio.output.format`.
 */
export function declaredFormat(
  body: unknown,
  direction: 'input' | 'output',
): AudioFormatName | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const flat = asFormat(b[`${direction}_audio_format`]);
  if (flat !== undefined) return flat;
  const audio = b.audio as Record<string, { format?: unknown } | undefined> | undefined;
  if (audio === null || typeof audio !== 'object') return undefined;
  return asFormat(audio[direction]?.format);
}
