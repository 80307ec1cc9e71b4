/**
 * Audio arithmetic the engine needs: how long appended audio is, and a deterministic speech-like
 * signal for the assistant's voice. No Node-only APIs (the engine also runs behind msw in a browser).
 */
import { decodedLength } from '@soundcheck/schema';

/** The audio formats of both dialects, in canonical (GA) form. */
export type CanonicalAudioFormat =
  | { type: 'audio/pcm'; rate: 24000 }
  | { type: 'audio/pcmu' }
  | { type: 'audio/pcma' };

/** Bytes per millisecond of a format: pcm16 at 24 kHz is 48, G.711 at 8 kHz is 8. */
export function bytesPerMs(format: CanonicalAudioFormat): number {
  return format.type === 'audio/pcm' ? 48 : 8;
}

/** Decoded length of a base64 string in whole bytes, without decoding it. */
export function base64ByteLength(value: string): number {
  return Math.floor(decodedLength(value));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Encodes bytes as base64 (no Buffer: works in browsers too). */
function encodeBase64(bytes: Uint8Array): string {
  // Pieces joined once: `+=` would leave a rope of one node per 3 bytes.
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    parts.push(
      B64.charAt(n >>> 18) +
        B64.charAt((n >>> 12) & 63) +
        B64.charAt((n >>> 6) & 63) +
        B64.charAt(n & 63),
    );
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    parts.push(`${B64.charAt(n >>> 18)}${B64.charAt((n >>> 12) & 63)}==`);
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    parts.push(
      `${B64.charAt(n >>> 18)}${B64.charAt((n >>> 12) & 63)}${B64.charAt((n >>> 6) & 63)}=`,
    );
  }
  return parts.join('');
}

/** Milliseconds of assistant audio per output audio delta (the real server streams ~100 ms chunks). */
export const DELTA_MS = 100;

/** Milliseconds of assistant speech per character of transcript (about 150 words a minute). */
export const SPEECH_MS_PER_CHAR = 65;

function speechChunk(index: number, format: CanonicalAudioFormat): Uint8Array {
  const rate = format.type === 'audio/pcm' ? 24000 : 8000;
  const samples = (rate * DELTA_MS) / 1000;
  const pcm = new Int16Array(samples);
  for (let s = 0; s < samples; s++) {
    const t = (index * samples + s) / rate;
    // A voiced sound: a gliding pitch with three harmonics, shaped by a ~4 Hz syllable envelope.
    const pitch = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    const phase = 2 * Math.PI * pitch * t;
    const voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
    const envelope = 0.35 + 0.65 * Math.max(0, Math.sin(2 * Math.PI * 4 * t));
    pcm[s] = Math.round(voice * envelope * 6000);
  }
  if (format.type === 'audio/pcm') return new Uint8Array(pcm.buffer);
  const out = new Uint8Array(samples);
  for (let s = 0; s < samples; s++) {
    out[s] =
      format.type === 'audio/pcmu'
        ? linearToUlaw(pcm[s] as number)
        : linearToAlaw(pcm[s] as number);
  }
  return out;
}

/**
 * Audio of a file (pcm16 at 24 kHz, or G.711 at 8 kHz, as `samples` at `rate`) as base64 chunks of
 * `DELTA_MS` in the output `format` (resampled by repeating or averaging samples: the mock needs
 * the duration and a recognisable signal, not studio quality).
 */
export function audioChunks(
  samples: Int16Array,
  rate: 24000 | 8000,
  format: CanonicalAudioFormat,
): string[] {
  const outRate = format.type === 'audio/pcm' ? 24000 : 8000;
  let pcm = samples;
  if (rate === 8000 && outRate === 24000) {
    pcm = new Int16Array(samples.length * 3);
    for (let i = 0; i < pcm.length; i++) pcm[i] = samples[Math.floor(i / 3)] as number;
  } else if (rate === 24000 && outRate === 8000) {
    pcm = new Int16Array(Math.floor(samples.length / 3));
    for (let i = 0; i < pcm.length; i++) {
      const a = samples[3 * i] as number;
      const b = samples[3 * i + 1] as number;
      const c = samples[3 * i + 2] as number;
      pcm[i] = Math.round((a + b + c) / 3);
    }
  }
  let bytes: Uint8Array;
  if (format.type === 'audio/pcm') {
    bytes = new Uint8Array(pcm.length * 2);
    for (let i = 0; i < pcm.length; i++) {
      const v = pcm[i] as number;
      bytes[2 * i] = v & 0xff;
      bytes[2 * i + 1] = (v >> 8) & 0xff;
    }
  } else {
    const encode = format.type === 'audio/pcmu' ? linearToUlaw : linearToAlaw;
    bytes = new Uint8Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) bytes[i] = encode(pcm[i] as number);
  }
  const size = bytesPerMs(format) * DELTA_MS;
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(encodeBase64(bytes.subarray(i, i + size)));
  return out;
}

function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32767) >> 3;
  let exponent = 0;
  if (magnitude >= 32) {
    exponent = 1;
    while (magnitude >= 64 && exponent < 7) {
      magnitude >>= 1;
      exponent++;
    }
    magnitude = (magnitude >> 1) & 0x0f;
  } else {
    magnitude >>= 1;
  }
  return (sign | (exponent << 4) | magnitude) ^ 0x55;
}

const CYCLE = 16;
const chunkCache = new Map<string, string[]>();

/**
 * The assistant's voice in `format`: a deterministic, speech-like signal (not silence), as 16
 * precomputed base64 chunks of 100 ms that delta number `i` cycles through (`chunks[i % 16]`).
 */
export function speechChunks(format: CanonicalAudioFormat): readonly string[] {
  const key = format.type;
  let chunks = chunkCache.get(key);
  if (chunks === undefined) {
    chunks = [];
    for (let i = 0; i < CYCLE; i++) chunks.push(encodeBase64(speechChunk(i, format)));
    chunkCache.set(key, chunks);
  }
  return chunks;
}

/** The base64 audio delta number `index` of the assistant's voice in `format`. */
export function speechDelta(index: number, format: CanonicalAudioFormat): string {
  const chunks = speechChunks(format);
  return chunks[index % chunks.length] as string;
}

const B64_INDEX = new Uint8Array(128);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Decodes base64 (assumed structurally valid: the schema checked it). */
export function decodeBase64(value: string): Uint8Array {
  const out = new Uint8Array(base64ByteLength(value));
  let o = 0;
  for (let i = 0; i < value.length; i += 4) {
    const a = B64_INDEX[value.charCodeAt(i)] as number;
    const b = B64_INDEX[value.charCodeAt(i + 1)] as number;
    const c = B64_INDEX[value.charCodeAt(i + 2)] as number;
    const d = B64_INDEX[value.charCodeAt(i + 3)] as number;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Joins base64 chunks into one base64 string (chunks may carry their own padding). */
export function joinBase64(chunks: readonly string[]): string {
  if (chunks.length === 1) return chunks[0] as string;
  const parts = chunks.map(decodeBase64);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return encodeBase64(all);
}
