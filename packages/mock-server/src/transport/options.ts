import type { DialectName } from '../codec/codec.js';
import type { Pace } from '../session-host.js';

/** One frame of one session, as the `onFrame` observers of the transports see it. */
export interface ObservedFrame {
  /** The session's index on this server or handler (0, 1, ...). */
  session: number;
  direction: 'client' | 'server';
  /** A text frame, or the bytes of a binary one. */
  data: string | Uint8Array;
  /** Virtual time of the session, in ms. */
  at: number;
}

/** Options every transport that accepts connections shares. */
export interface TransportOptions {
  /** `auto` (default): beta when the client sends the beta marker, GA otherwise. */
  dialect?: DialectName | 'auto';
  /** Accepted API keys. When unset, any credential (or none) is accepted. */
  apiKeys?: readonly string[];
  /** `fast` (default) or `realtime` pacing of audio (`realtime` uses timers). */
  pace?: Pace;
  /** Seed of every id made (sessions, events, client secrets). Default 0. */
  seed?: number;
  /** Refuse beta handshakes as OpenAI does since 2026 (`beta_api_shape_disabled`, close 4000). */
  betaRetired?: boolean;
  /** Observes every frame of every session (for transcripts). */
  onFrame?: (frame: ObservedFrame) => void;
}
