// Rules: vad.speech-started, vad.speech-stopped.includes-silence, audio.offsets-session-relative, vad.defaults.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  alawToLinear,
  decodeSamples,
  semanticVadParams,
  ulawToLinear,
  type VadEvent,
  type VadInputFormat,
  type VadParams,
  VoiceActivityDetector,
} from '../src/engine/vad.js';

/*
 * The clips in fixtures/audio are espeak-ng speech (see its README.md). Expected times were read off
 * the waveform once: per-10 ms-frame RMS in dBFS, printed frame by frame. Every clip's silence is
 * digital zero (espeak pads with zeros, sox adds zero padding), so a turn's onset is the first frame
 * above −40 dBFS and its end the last such frame; the values below are those frame edges:
 *   weather-paris  speech 500 → 2700 ms (first frame −32 dBFS, last −26 dBFS; inner gaps ≤ 40 ms)
 *   two-phrases    400 → 1620 ms, 700 ms of zeros, 2320 → 3360 ms (last frame −38 dBFS)
 *   barge-in       200 → 1230 ms ("Wait," 200–600, 180 ms comma pause, "stop." 780–1230)
 *   noise-low      every frame −56…−58 dBFS
 */
const dir = new URL('../../../fixtures/audio/', import.meta.url);

function clip(name: string, format: VadInputFormat = 'pcm16') {
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(name, dir))));
  return decodeSamples(bytes, format);
}

const server = (silenceDurationMs: number, prefixPaddingMs = 300, threshold = 0.5): VadParams => ({
  threshold,
  prefixPaddingMs,
  silenceDurationMs,
});

/** Runs a fresh detector over `samples`, pushed in chunks of `chunk` samples (all at once if omitted). */
function detect(
  audio: { samples: Int16Array; sampleRate: number },
  params: VadParams,
  chunk = audio.samples.length,
): VadEvent[] {
  const vad = new VoiceActivityDetector({ ...params, sampleRate: audio.sampleRate });
  const events: VadEvent[] = [];
  for (let at = 0; at < audio.samples.length; at += chunk) {
    events.push(...vad.push(audio.samples.subarray(at, at + chunk)));
  }
  return events;
}

const started = (audioStartMs: number): VadEvent => ({ type: 'speech_started', audioStartMs });
const stopped = (audioEndMs: number): VadEvent => ({ type: 'speech_stopped', audioEndMs });

describe('energy VAD on real speech', () => {
  const weather = clip('weather-paris.pcm');
  const twoPhrases = clip('two-phrases.pcm');
  const bargeIn = clip('barge-in.pcm');
  const noise = clip('noise-low.pcm');

  it('one sentence: start = onset − padding, end = last voiced + silence', () => {
    expect(weather.sampleRate).toBe(24000);
    expect(detect(weather, server(500))).toEqual([started(200), stopped(3200)]);
    // The wire default silence (200 ms) ends the turn earlier; the onset does not move.
    expect(detect(weather, server(200))).toEqual([started(200), stopped(2900)]);
  });

  it('a 700 ms pause splits the turn at silence 500 but not at silence 1000', () => {
    expect(detect(twoPhrases, server(500))).toEqual([
      started(100),
      stopped(2120),
      started(2020),
      stopped(3860),
    ]);
    // One turn: speech resumes inside the silence window, so no second speech_started.
    expect(detect(twoPhrases, server(1000))).toEqual([started(100), stopped(4360)]);
  });

  it('barge-in clip: padding clamps at 0; the comma pause stays inside the turn', () => {
    expect(detect(bargeIn, server(500))).toEqual([started(0), stopped(1730)]);
    expect(detect(bargeIn, server(200, 100))).toEqual([started(100), stopped(1430)]);
    // Padding longer than the lead-in clamps at 0 on the sentence clip too.
    expect(detect(weather, server(500, 600))).toEqual([started(0), stopped(3200)]);
    expect(detect(weather, server(500, 0))).toEqual([started(500), stopped(3200)]);
  });

  it('low noise stays silent at 0.5; lower thresholds hear it, higher ones need louder audio', () => {
    expect(detect(noise, server(500))).toEqual([]);
    // 0.25 → −60 dBFS: the −57 dBFS noise is "speech" from the first frame, never stopping.
    expect(detect(noise, server(500, 300, 0.25))).toEqual([started(0)]);
    // 0.8 → −16 dBFS: only the loudest vowels count (first at 570 ms, last ending at 2500 ms).
    expect(detect(weather, server(500, 300, 0.8))).toEqual([started(270), stopped(3000)]);
  });

  it('gives the same events however the audio is chunked', () => {
    for (const audio of [weather, twoPhrases, bargeIn]) {
      const whole = detect(audio, server(500));
      for (const chunk of [480, 2400, 333, 1, 7919]) {
        expect(detect(audio, server(500), chunk)).toEqual(whole);
      }
    }
  });

  it('times are session-relative: they count from the first sample ever pushed', () => {
    // noise-low is exactly 2000 ms (200 frames); barge-in follows it in the same session.
    const vad = new VoiceActivityDetector({ ...server(500), sampleRate: 24000 });
    expect(vad.push(noise.samples)).toEqual([]);
    expect(vad.analysedMs).toBe(2000);
    expect(vad.push(bargeIn.samples)).toEqual([started(1900), stopped(3730)]);
    // offsetMs shifts a detector created mid-session.
    const later = new VoiceActivityDetector({ ...server(500), sampleRate: 24000, offsetMs: 2000 });
    expect(later.push(bargeIn.samples)).toEqual([started(2000), stopped(3730)]);
  });

  it('G.711 μ-law and A-law versions give the same events within one frame', () => {
    const pcm = detect(weather, server(500));
    for (const [file, format] of [
      ['weather-paris.ulaw', 'pcmu'],
      ['weather-paris.alaw', 'pcma'],
    ] as const) {
      const g711 = clip(file, format);
      expect(g711.sampleRate).toBe(8000);
      const events = detect(g711, server(500));
      expect(events.map((e) => e.type)).toEqual(pcm.map((e) => e.type));
      events.forEach((e, i) => {
        const ref = pcm[i] as VadEvent;
        const time = (v: VadEvent) => (v.type === 'speech_started' ? v.audioStartMs : v.audioEndMs);
        expect(Math.abs(time(e) - time(ref))).toBeLessThanOrEqual(10);
      });
      expect(detect(g711, server(500), 80 * 3 + 1)).toEqual(events);
    }
  });
});

describe('threshold mapping and framing', () => {
  const constant = (amplitude: number, ms: number) =>
    new Int16Array((24000 * ms) / 1000).fill(amplitude);

  it('a frame is voiced when RMS / 32768 exceeds 10^(4·(threshold − 1))', () => {
    // 0.5 → RMS 0.01 → amplitude 327.68; 0.75 → 0.1 → 3276.8.
    const cases: [number, number, boolean][] = [
      [0.5, 327, false],
      [0.5, 328, true],
      [0.75, 3276, false],
      [0.75, 3277, true],
      [1, 32767, false],
    ];
    for (const [threshold, amplitude, voiced] of cases) {
      const vad = new VoiceActivityDetector({ ...server(0, 0, threshold), sampleRate: 24000 });
      expect(vad.push(constant(amplitude, 10))).toEqual(voiced ? [started(0)] : []);
    }
  });

  it('stops after exactly silence_duration_ms of silent frames, even if not a frame multiple', () => {
    const vad = new VoiceActivityDetector({ ...server(25, 0), sampleRate: 24000 });
    expect(vad.push(constant(0, 20))).toEqual([]);
    expect(vad.push(constant(1000, 50))).toEqual([started(20)]);
    expect(vad.speaking).toBe(true);
    expect(vad.push(constant(0, 20))).toEqual([]);
    expect(vad.push(constant(0, 10))).toEqual([stopped(95)]);
    expect(vad.speaking).toBe(false);
    // A frame multiple: emitted by the very frame that completes the silence, not one later.
    const exact = new VoiceActivityDetector({ ...server(30, 0), sampleRate: 24000 });
    expect(exact.push(constant(1000, 10))).toEqual([started(0)]);
    expect(exact.push(constant(0, 20))).toEqual([]);
    expect(exact.push(constant(0, 10))).toEqual([stopped(40)]);
  });

  it('rejects parameters it cannot honour', () => {
    expect(() => new VoiceActivityDetector({ ...server(500), sampleRate: 22050 })).toThrow(
      /sampleRate/,
    );
    expect(
      () => new VoiceActivityDetector({ ...server(500, 300, 1.5), sampleRate: 24000 }),
    ).toThrow(/threshold/);
    expect(() => new VoiceActivityDetector({ ...server(-1), sampleRate: 24000 })).toThrow(
      /silenceDurationMs/,
    );
  });
});

describe('decodeSamples', () => {
  it('reads pcm16 little-endian at 24 kHz and drops a trailing odd byte', () => {
    const out = decodeSamples(
      new Uint8Array([0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f, 9]),
      'pcm16',
    );
    expect(out.sampleRate).toBe(24000);
    expect(Array.from(out.samples)).toEqual([1, -1, -32768, 32767]);
  });

  it('expands G.711 like sox does', () => {
    // Reference values: sox 14.4.2 decoding all 256 codes (`sox -t raw -e mu-law …` / `-e a-law`)
    // matched ulawToLinear / alawToLinear on every code; these are its extremes and zero points.
    expect([0xff, 0x7f, 0x00, 0x80].map(ulawToLinear)).toEqual([0, 0, -32124, 32124]);
    expect([0xd5, 0x55, 0xaa, 0x2a].map(alawToLinear)).toEqual([8, -8, 32256, -32256]);
    // Sign symmetry and monotonic segments over the whole code space.
    for (let b = 0; b < 128; b++) {
      expect(ulawToLinear(b) + ulawToLinear(b | 0x80)).toBe(0);
      expect(alawToLinear(b) + alawToLinear(b | 0x80)).toBe(0);
      if (b > 0) expect(ulawToLinear(b | 0x80)).toBeLessThan(ulawToLinear((b - 1) | 0x80));
    }
    const mu = decodeSamples(new Uint8Array([0x80, 0xff]), 'pcmu');
    expect(mu.sampleRate).toBe(8000);
    expect(Array.from(mu.samples)).toEqual([32124, 0]);
    expect(Array.from(decodeSamples(new Uint8Array([0xaa]), 'pcma').samples)).toEqual([32256]);
  });
});

describe('semantic_vad mapping', () => {
  it('maps eagerness to silence 800/500/500/250 ms with threshold 0.5 and padding 300', () => {
    expect(semanticVadParams('low')).toEqual(server(800));
    expect(semanticVadParams('medium')).toEqual(server(500));
    expect(semanticVadParams('auto')).toEqual(server(500));
    expect(semanticVadParams('high')).toEqual(server(250));
  });
});
