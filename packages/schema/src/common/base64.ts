import { z } from 'zod';

/**
 * How deeply base64 audio is checked.
 *
 * - `structure` (default): length is a multiple of 4, `=` padding only at the end (at most two),
 *   and the decoded size is a whole number of samples. O(1) per string.
 * - `full`: also every character is in the base64 alphabet. O(n): one pass over the string.
 *
 * @note No regular expression is used: a quantified regex over a 100 ms audio chunk costs several
 * times the event's whole `JSON.parse`.
 */
export type Base64Check = 'structure' | 'full';

/** Decoded byte length of a structurally valid base64 string. */
export function decodedLength(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  let padding = 0;
  if (value.charCodeAt(n - 1) === 61 /* = */) padding++;
  if (n > 1 && value.charCodeAt(n - 2) === 61) padding++;
  return (n / 4) * 3 - padding;
}

// 1 where the char code is in the base64 alphabet (A-Z a-z 0-9 + /).
const ALPHABET = new Uint8Array(128);
for (let c = 65; c <= 90; c++) ALPHABET[c] = 1;
for (let c = 97; c <= 122; c++) ALPHABET[c] = 1;
for (let c = 48; c <= 57; c++) ALPHABET[c] = 1;
ALPHABET[43] = 1;
ALPHABET[47] = 1;

const nativeAtob: ((data: string) => string) | undefined = (
  globalThis as { atob?: (data: string) => string }
).atob?.bind(globalThis);

/** Whether this platform has a native `atob` (browsers, Node ≥ 16) for {@link alphabetConfirmed}. */
export const hasNativeAtob = nativeAtob !== undefined;

/**
 * A fast, native confirmation that a structurally valid base64 string uses only the alphabet.
 * `true` means certainly valid; `false` means "look character by character" (the loop decides).
 * `true` also proves the string holds no `"`, `\\` or control character (none is in the alphabet),
 * which the parse fast path for JSON text relies on.
 *
 * @note `atob` is forgiving (it skips ASCII whitespace), so success alone proves nothing; but a
 * skipped character shortens the decoded text, so "decodes to exactly the length the structure
 * implies" rules whitespace out. The native decoder is several times faster than a JS loop over a
 * 100 ms audio chunk.
 */
export function alphabetConfirmed(value: string): boolean {
  if (nativeAtob === undefined) return false;
  try {
    return nativeAtob(value).length === decodedLength(value);
  } catch {
    return false;
  }
}

/**
 * Checks a base64 string. Returns `undefined` when it is valid, or the reason it is not.
 *
 * @param value the base64 text
 * @param check `structure` or `full` (see {@link Base64Check})
 * @param sampleWidth bytes per audio sample; the decoded size must be a multiple of it
 */
export function base64Problem(
  value: string,
  check: Base64Check,
  sampleWidth: 1 | 2,
): string | undefined {
  const n = value.length;
  if (n % 4 !== 0) {
    return `not valid base64: length ${n} is not a multiple of 4`;
  }
  // Padding: only the last two characters may be '=', and '=' at n-2 needs '=' at n-1.
  if (n >= 2 && value.charCodeAt(n - 2) === 61 && value.charCodeAt(n - 1) !== 61) {
    return `not valid base64: '=' padding at position ${n - 2} is not at the end`;
  }
  if (n >= 3 && value.charCodeAt(n - 3) === 61) {
    return `not valid base64: more than two '=' padding characters`;
  }
  if (check === 'full' && !alphabetConfirmed(value)) {
    const end =
      n - (n > 0 && value.charCodeAt(n - 1) === 61 ? (value.charCodeAt(n - 2) === 61 ? 2 : 1) : 0);
    for (let i = 0; i < end; i++) {
      const c = value.charCodeAt(i);
      if (c > 127 || ALPHABET[c] !== 1) {
        return `not valid base64: character ${JSON.stringify(value[i])} at position ${i} is not in the base64 alphabet`;
      }
    }
  }
  if (sampleWidth === 2) {
    const bytes = decodedLength(value);
    if (bytes % 2 !== 0) {
      return `pcm16 audio must be a whole number of 16-bit samples, but it decodes to ${bytes} bytes`;
    }
  }
  return undefined;
}

export interface Base64AudioOptions {
  check: Base64Check;
  sampleWidth: 1 | 2;
}

/**
 * The options of every check function made by {@link base64Audio}: such a check fails exactly
 * when `base64Problem(value, check, sampleWidth)` names a problem, so the parse fast path calls
 * that directly.
 */
export const base64AudioChecks = new WeakMap<object, Base64AudioOptions>();

/** A zod string schema for base64 audio, annotated `contentEncoding: base64` in JSON Schema. */
export function base64Audio(options: Base64AudioOptions): z.ZodString {
  const { check, sampleWidth } = options;
  const audioCheck = (ctx: z.core.ParsePayload<string>): void => {
    const problem = base64Problem(ctx.value, check, sampleWidth);
    if (problem !== undefined) {
      ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, continue: true });
    }
  };
  base64AudioChecks.set(audioCheck, { check, sampleWidth });
  return z
    .string()
    .check(audioCheck)
    .meta({
      contentEncoding: 'base64',
      description:
        sampleWidth === 2
          ? 'Base64-encoded audio bytes (pcm16: a whole number of 16-bit little-endian samples).'
          : 'Base64-encoded audio bytes.',
    });
}
