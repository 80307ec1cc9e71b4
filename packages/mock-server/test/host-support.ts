// Drives a SessionHost with no socket: frames in, server events out, synchronously (fast pace).
import { parseServerEvent } from '@soundcheck/schema';
import { betaCodec } from '../src/codec/beta.js';
import type { DialectName } from '../src/codec/codec.js';
import { gaCodec } from '../src/codec/ga.js';
import type { EngineOptions } from '../src/engine/engine.js';
import { SessionHost } from '../src/session-host.js';

export type Event = Record<string, unknown> & { type: string };

/** The messages of the events that fail the strict server schema of `dialect` (must be none). */
export function strictFailures(events: readonly unknown[], dialect: DialectName): string[] {
  return events
    .map((e) => parseServerEvent(e, { dialect, strict: true }))
    .filter((r) => !r.success)
    .map((r) => r.error?.message ?? '');
}

export interface Driven {
  host: SessionHost;
  frames: string[];
  events: Event[];
  closed: { code: number; reason: string } | undefined;
  /** Sends one client event (object or raw text) and returns the server events it caused. */
  send(event: unknown): Event[];
  /** Server events that fail the strict server schema of the dialect (must be empty). */
  invalid(): string[];
}

/** A session host in `dialect` (engine options beyond the seed, e.g. `type`, as given). */
export function drive(
  dialect: DialectName = 'ga',
  seed = 1,
  engine: Omit<EngineOptions, 'seed'> = {},
): Driven {
  const frames: string[] = [];
  const d: Driven = {
    host: undefined as unknown as SessionHost,
    frames,
    events: [],
    closed: undefined,
    send(event) {
      const before = frames.length;
      d.host.receive(typeof event === 'string' ? event : JSON.stringify(event));
      return frames.slice(before).map((f) => JSON.parse(f) as Event);
    },
    invalid: () => strictFailures(d.events, dialect),
  };
  d.host = new SessionHost(
    {
      send: (text) => {
        frames.push(text);
        d.events.push(JSON.parse(text) as Event);
      },
      close: (code, reason) => {
        d.closed = { code, reason };
      },
    },
    { codec: dialect === 'beta' ? betaCodec : gaCodec, engine: { ...engine, seed } },
  );
  d.host.open();
  return d;
}

/** `n` ms of pcm16 audio (a 440 Hz tone) as base64. */
export function pcm16(ms: number): string {
  const samples = (24000 * ms) / 1000;
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / 24000) * 8000);
  return Buffer.from(pcm.buffer).toString('base64');
}

export const types = (events: readonly Event[]) => events.map((e) => e.type);

/** Turns server VAD off (manual mode: the client commits), in either dialect. */
export function manual(d: Driven, dialect: DialectName = 'ga'): void {
  d.send(
    dialect === 'ga'
      ? {
          type: 'session.update',
          session: { type: 'realtime', audio: { input: { turn_detection: null } } },
        }
      : { type: 'session.update', session: { turn_detection: null } },
  );
}
