// Builds the event streams the parse bench measures: realistic server streams (mostly 100 ms audio
// deltas, then text and transcript deltas, then one of every other server event from the valid
// fixtures) and client streams (mostly input_audio_buffer.append). Deterministic: same fixtures,
// same streams.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Wire names of the hot events per dialect. */
export const HOT = {
  beta: {
    audio: 'response.audio.delta',
    transcript: 'response.audio_transcript.delta',
    text: 'response.text.delta',
    inputTranscript: 'conversation.item.input_audio_transcription.delta',
    append: 'input_audio_buffer.append',
  },
  ga: {
    audio: 'response.output_audio.delta',
    transcript: 'response.output_audio_transcript.delta',
    text: 'response.output_text.delta',
    inputTranscript: 'conversation.item.input_audio_transcription.delta',
    append: 'input_audio_buffer.append',
  },
};

/** A seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE_RATE = 24_000;
const CHUNK_SAMPLES = 2_400; // 100 ms at 24 kHz: 4800 bytes of pcm16, 6400 base64 characters

/**
 * One 100 ms chunk of speech-like pcm16 (24 kHz mono, little-endian), base64: a voiced source
 * with a gliding pitch and a few harmonics, shaped by a syllable-rate envelope, plus noise. Not
 * silence: every byte varies, as real audio does.
 */
export function speechChunk(index, random) {
  const bytes = new Uint8Array(CHUNK_SAMPLES * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < CHUNK_SAMPLES; i++) {
    const t = (index * CHUNK_SAMPLES + i) / SAMPLE_RATE;
    const pitch = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
    const phase = 2 * Math.PI * pitch * t;
    const voiced =
      Math.sin(phase) +
      0.5 * Math.sin(2 * phase) +
      0.3 * Math.sin(3 * phase) +
      0.15 * Math.sin(5 * phase);
    const envelope = 0.25 + 0.75 * Math.abs(Math.sin(2 * Math.PI * 4 * t));
    const noise = (random() - 0.5) * 0.2;
    const sample = Math.max(
      -32768,
      Math.min(32767, Math.round(7000 * (envelope * voiced + noise))),
    );
    view.setInt16(i * 2, sample, true);
  }
  return Buffer.from(bytes).toString('base64');
}

function* jsonFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'invalid') yield* jsonFiles(path);
    } else if (name.endsWith('.json')) yield path;
  }
}

/** The valid example events of one dialect and direction, by type (files sorted by name). */
export function loadExamples(fixturesDir, dialect, direction) {
  const byType = new Map();
  const dir = join(fixturesDir, dialect, direction);
  try {
    statSync(dir);
  } catch {
    return byType;
  }
  for (const file of jsonFiles(dir)) {
    const event = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof event?.type !== 'string') continue;
    const list = byType.get(event.type) ?? [];
    list.push(event);
    byType.set(event.type, list);
  }
  return byType;
}

const WORDS =
  " Sure, here's what I found. The meeting is on Thursday at three o'clock in the main room. Would you like me to add it to your calendar? I can also send a reminder an hour before it starts.".match(
    /\s?\S+/g,
  );

/**
 * Every type equally often, whatever its number of examples: type after type (sorted by name),
 * each time its next example, for as long as the longest list of examples.
 */
function roundRobin(entries) {
  const sorted = entries.sort(([a], [b]) => (a < b ? -1 : 1));
  const rounds = Math.max(0, ...sorted.map(([, list]) => list.length));
  const out = [];
  for (let r = 0; r < rounds; r++) for (const [, list] of sorted) out.push(list[r % list.length]);
  return out;
}

function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Ids like the real API's: a prefix and 21 base62 characters. */
function idMaker(random) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return (prefix) => {
    let id = `${prefix}_`;
    for (let i = 0; i < 21; i++) id += alphabet[Math.floor(random() * alphabet.length)];
    return id;
  };
}

/**
 * A realistic server stream of 1000 events: 70 % audio deltas, 20 % transcript and text deltas,
 * 10 % every other server event type, each type equally often (the big session.updated included).
 * Deltas take their shape from the type's first example when there is one.
 *
 * @returns {{ stream: string[], byType: Map<string, string[]>, missing: string[] }}
 */
export function serverStream(dialect, examples, seed = 1) {
  const random = prng(seed);
  const id = idMaker(random);
  const names = HOT[dialect];
  const responseId = id('resp');
  const itemId = id('item');
  const template = (type, fallback) => {
    const first = examples.get(type)?.[0];
    return first ? { ...first } : { type, ...fallback };
  };
  const responseDelta = {
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
  };
  const templates = {
    audio: template(names.audio, responseDelta),
    transcript: template(names.transcript, responseDelta),
    text: template(names.text, responseDelta),
    inputTranscript: template(names.inputTranscript, { item_id: itemId, content_index: 0 }),
  };
  const missing = Object.entries(templates)
    .filter(([key]) => !examples.has(names[key]))
    .map(([key]) => names[key]);

  const hotTypes = new Set(Object.values(names));
  const others = roundRobin([...examples].filter(([type]) => !hotTypes.has(type)));
  const otherCount = others.length === 0 ? 0 : 100;
  const total = 1000;
  const audioCount = Math.round(total * 0.7);
  const textCount = total - audioCount - otherCount;

  const chunks = Array.from({ length: 50 }, (_, i) => speechChunk(i, random));
  const events = [];
  const delta = (key, value) => ({ ...templates[key], event_id: id('event'), delta: value });
  for (let i = 0; i < audioCount; i++) events.push(delta('audio', chunks[i % chunks.length]));
  for (let i = 0; i < textCount; i++) {
    const word = WORDS[i % WORDS.length];
    const r = i % 10;
    events.push(delta(r < 6 ? 'transcript' : r < 8 ? 'text' : 'inputTranscript', word));
  }
  for (let i = 0; i < otherCount; i++) events.push(others[i % others.length]);

  const stream = shuffle(events, random).map((event) => JSON.stringify(event));
  return { stream, byType: groupByType(stream), missing };
}

/**
 * A client stream of 500 events: 90 % input_audio_buffer.append of 100 ms pcm16 (as a client
 * streams a microphone), 10 % every other client event type, each equally often.
 */
export function clientStream(dialect, examples, seed = 2) {
  const random = prng(seed);
  const id = idMaker(random);
  const append = HOT[dialect].append;
  const others = roundRobin([...examples].filter(([type]) => type !== append));
  const otherCount = 50;
  const chunks = Array.from({ length: 50 }, (_, i) => speechChunk(i, random));
  const events = [];
  for (let i = 0; i < otherCount * 9; i++) {
    events.push({ event_id: id('event'), type: append, audio: chunks[i % chunks.length] });
  }
  for (let i = 0; i < otherCount && others.length > 0; i++) events.push(others[i % others.length]);
  const stream = shuffle(events, random).map((event) => JSON.stringify(event));
  return { stream, byType: groupByType(stream) };
}

// At most this many strings per type for the per-type table: enough variety, bounded time.
const PER_TYPE = 50;

function groupByType(stream) {
  const byType = new Map();
  for (const text of stream) {
    const { type } = JSON.parse(text);
    const list = byType.get(type) ?? [];
    if (list.length < PER_TYPE) list.push(text);
    byType.set(type, list);
  }
  return byType;
}
