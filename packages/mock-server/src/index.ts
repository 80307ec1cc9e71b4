/**
 * @soundcheck/mock-server — a deterministic mock of the OpenAI Realtime API.
 *
 * One pure session engine (client event or clock tick in, server events out), dialect codecs at
 * the edge, and thin transports: a real WebSocket server (`ws`) and an in-memory host.
 */

// Transports
export { createMockServer, type MockServer, type MockServerOptions } from './transport/ws-server.js';
export { type HostIo, type Pace, SessionHost, type SessionHostOptions } from './session-host.js';

// Engine
export { DEFAULT_EPOCH, type EngineOptions, MAX_APPEND_BYTES, RealtimeEngine } from './engine/engine.js';
export { errors, maskKey } from './engine/errors.js';
export type {
  CanonicalSession,
  ClientEvent,
  ErrorObject,
  Item,
  ServerEvent,
} from './engine/types.js';

// Dialects
export { betaCodec } from './codec/beta.js';
export type { DialectCodec, DialectName } from './codec/codec.js';
export { gaCodec } from './codec/ga.js';
