/**
 * Turn detection over real input audio: a pure, incremental, energy-based voice activity detector
 * (rules vad.speech-started, vad.speech-stopped.includes-silence, audio.offsets-session-relative),
 * G.711 expansion so the engine can feed any input format, and the deterministic `semantic_vad`
 * mapping. No I/O, no timers, no randomness, no Node-only APIs: the same audio always gives the same
 * events, however it is split into chunks.
 *
 * Threshold mapping: audio is cut into fixed 10 ms frames; a frame is voiced when its RMS, normalized
 * to full scale (32768 = 1), exceeds `10^(4·(threshold − 1))`, i.e. `80·(threshold − 1)` dBFS:
 * threshold 0.5 → RMS 0.01 (−40 dBFS: normal speech, well above a quiet room's noise), 0.25 → −60
 * dBFS (picks up faint noise), 0.8 → −16 dBFS (only loud speech), 1 → 0 dBFS (never voiced). The real
 * server's threshold is a model probability; this mapping only keeps its direction — higher
 * threshold, louder audio needed.
 */

/** Length of one analysis frame in milliseconds. */
const VAD_FRAME_MS = 10;

/** Parameters of the detector, as in `server_vad` (camelCase of the wire fields). */
export interface VadParams {
  /** `threshold`, 0..1: higher needs louder audio (see the mapping above). */
  threshold: number;
  /** `prefix_padding_ms`: audio kept before the detected onset; `audio_start_ms` = onset − this, ≥ 0. */
  prefixPaddingMs: number;
  /** `silence_duration_ms`: silence that ends a turn; included in `audio_end_ms`. */
  silenceDurationMs: number;
}

/** Options of {@link VoiceActivityDetector}. */
export interface VadOptions extends VadParams {
  /** Samples per second of the pushed audio: 24000 for pcm16, 8000 for G.711; a multiple of 100. */
  sampleRate: number;
  /**
   * Session time (ms) of the first sample pushed to this detector, added to every reported time;
   * default 0. For a detector created mid-session (turn detection changed by `session.update`).
   */
  offsetMs?: number;
}

/** Speech began: `audioStartMs` is the onset minus `prefixPaddingMs`, clamped at 0 (session-relative). */
interface VadSpeechStarted {
  type: 'speech_started';
  audioStartMs: number;
}

/** Speech ended: `audioEndMs` is the end of the last voiced frame plus `silenceDurationMs`. */
interface VadSpeechStopped {
  type: 'speech_stopped';
  audioEndMs: number;
}

/** What {@link VoiceActivityDetector.push} reports, in order. */
export type VadEvent = VadSpeechStarted | VadSpeechStopped;

function checkNumber(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(
      `VoiceActivityDetector: expected ${name} to be a number from ${min} to ${max}, but got ${String(value)}.`,
    );
  }
}

/**
 * Incremental energy VAD. Push mono int16 samples as they arrive; each call returns the events whose
 * decision point lies in the audio pushed so far. Times count from the first sample ever pushed.
 */
export class VoiceActivityDetector {
  readonly #frameSize: number;
  readonly #frameMs = VAD_FRAME_MS;
  /** Mean-square level (of samples normalized to ±1) a frame must exceed to be voiced. */
  readonly #level: number;
  readonly #paddingMs: number;
  readonly #silenceMs: number;
  readonly #offsetMs: number;
  readonly #pending: Int16Array;
  #pendingCount = 0;
  #frames = 0;
  #speaking = false;
  /** End (ms, detector-relative) of the last voiced frame of the current turn. */
  #lastVoicedEndMs = 0;

  constructor(options: VadOptions) {
    checkNumber('threshold', options.threshold, 0, 1);
    checkNumber('prefixPaddingMs', options.prefixPaddingMs, 0, Number.MAX_SAFE_INTEGER);
    checkNumber('silenceDurationMs', options.silenceDurationMs, 0, Number.MAX_SAFE_INTEGER);
    checkNumber('offsetMs', options.offsetMs ?? 0, 0, Number.MAX_SAFE_INTEGER);
    const frameSize = (options.sampleRate * VAD_FRAME_MS) / 1000;
    if (!Number.isInteger(frameSize) || frameSize <= 0) {
      throw new RangeError(
        `VoiceActivityDetector: expected sampleRate to be a positive multiple of 100 (24000 or 8000), but got ${String(options.sampleRate)}.`,
      );
    }
    this.#frameSize = frameSize;
    // RMS > 10^(4(t−1))  ⇔  mean square > 10^(8(t−1)).
    this.#level = 10 ** (8 * (options.threshold - 1));
    this.#paddingMs = options.prefixPaddingMs;
    this.#silenceMs = options.silenceDurationMs;
    this.#offsetMs = options.offsetMs ?? 0;
    this.#pending = new Int16Array(frameSize);
  }

  /** True between `speech_started` and `speech_stopped`. */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Milliseconds of audio analysed so far (whole frames), session-relative. */
  get analysedMs(): number {
    return this.#offsetMs + this.#frames * this.#frameMs;
  }

  /** Feeds samples; returns the events they complete (possibly several, possibly none). */
  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    const size = this.#frameSize;
    let at = 0;
    if (this.#pendingCount > 0) {
      const take = Math.min(size - this.#pendingCount, samples.length);
      this.#pending.set(samples.subarray(0, take), this.#pendingCount);
      this.#pendingCount += take;
      at = take;
      if (this.#pendingCount < size) return events;
      this.#frame(this.#pending, 0, events);
      this.#pendingCount = 0;
    }
    for (; at + size <= samples.length; at += size) this.#frame(samples, at, events);
    if (at < samples.length) {
      this.#pending.set(samples.subarray(at), 0);
      this.#pendingCount = samples.length - at;
    }
    return events;
  }

  #frame(samples: Int16Array, from: number, events: VadEvent[]): void {
    const size = this.#frameSize;
    // Integer sum of squares: exact in a double (at most 480 · 2^30 < 2^53).
    let sum = 0;
    for (let i = from; i < from + size; i++) {
      const s = samples[i] as number;
      sum += s * s;
    }
    const voiced = sum / (size * 1073741824) > this.#level;
    const startMs = this.#frames * this.#frameMs;
    const endMs = startMs + this.#frameMs;
    this.#frames++;
    if (voiced) {
      // Rule vad.speech-started: onset − prefix padding, clamped at 0; once per turn.
      if (!this.#speaking) {
        this.#speaking = true;
        events.push({
          type: 'speech_started',
          audioStartMs: this.#offsetMs + Math.max(0, startMs - this.#paddingMs),
        });
      }
      this.#lastVoicedEndMs = endMs;
      return;
    }
    // Rule vad.speech-stopped.includes-silence: end of last voiced frame + silence, once seen.
    if (this.#speaking && endMs - this.#lastVoicedEndMs >= this.#silenceMs) {
      this.#speaking = false;
      events.push({
        type: 'speech_stopped',
        audioEndMs: this.#offsetMs + this.#lastVoicedEndMs + this.#silenceMs,
      });
    }
  }
}

/** `semantic_vad` eagerness values (`auto` = `medium`, rule vad.defaults). */
export type SemanticVadEagerness = 'low' | 'medium' | 'high' | 'auto';

/**
 * Server-VAD parameters standing in for `semantic_vad` (the real one judges whether the user has
 * finished speaking; the mock only waits): eagerness sets how long a pause ends the turn — low 800
 * ms, medium/auto 500 ms, high 250 ms — with threshold 0.5 and prefix padding 300 ms, like the
 * `server_vad` defaults.
 */
export function semanticVadParams(eagerness: SemanticVadEagerness): VadParams {
  const silenceDurationMs = eagerness === 'low' ? 800 : eagerness === 'high' ? 250 : 500;
  return { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs };
}

/** Input audio formats the detector can be fed from (the wire `input_audio_format` names). */
export type VadInputFormat = 'pcm16' | 'pcmu' | 'pcma';

/** Expands one G.711 μ-law byte to a 16-bit sample (ITU-T G.711; range ±32124). */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** Expands one G.711 A-law byte to a 16-bit sample (ITU-T G.711; range ±32256). */
export function alawToLinear(byte: number): number {
  const a = (byte ^ 0x55) & 0xff;
  const exponent = (a >> 4) & 0x07;
  const mantissa = (a & 0x0f) << 4;
  const magnitude = exponent === 0 ? mantissa + 8 : (mantissa + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/**
 * Decodes input audio bytes to samples: pcm16 is 24 kHz little-endian int16 (a trailing odd byte is
 * ignored — keep it for the next chunk if audio may be split mid-sample); pcmu/pcma are 8 kHz G.711.
 */
export function decodeSamples(
  bytes: Uint8Array,
  format: VadInputFormat,
): { samples: Int16Array; sampleRate: 24000 | 8000 } {
  if (format === 'pcm16') {
    const samples = new Int16Array(bytes.length >> 1);
    for (let i = 0; i < samples.length; i++) {
      samples[i] = (bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8);
    }
    return { samples, sampleRate: 24000 };
  }
  if (format !== 'pcmu' && format !== 'pcma') {
    throw new RangeError(
      `decodeSamples: expected format 'pcm16', 'pcmu' or 'pcma', but got ${String(format)}.`,
    );
  }
  const expand = format === 'pcmu' ? ulawToLinear : alawToLinear;
  const samples = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) samples[i] = expand(bytes[i] as number);
  return { samples, sampleRate: 8000 };
}
