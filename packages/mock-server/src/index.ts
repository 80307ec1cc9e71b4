/**
 * @soundcheck/mock-server — a deterministic mock of the OpenAI Realtime API.
 *
 * One pure session engine (client event or clock tick in, server events out), dialect codecs at
 * the edge, and thin transports: a real WebSocket server (`ws`) and an in-memory host.
 */

// Dialects
export { betaCodec } from './codec/beta.js';
export type { DialectCodec, DialectName } from './codec/codec.js';
export { gaCodec } from './codec/ga.js';
// Engine
export {
  DEFAULT_EPOCH,
  type EngineOptions,
  MAX_APPEND_BYTES,
  RealtimeEngine,
} from './engine/engine.js';
export { errors, maskKey } from './engine/errors.js';
export type {
  CanonicalSession,
  ClientEvent,
  ErrorObject,
  Item,
  ServerEvent,
} from './engine/types.js';
// Transports
export { EARLY_MS, Pacer, type PacerClock, PacerSlot } from './pacer.js';
// Scenarios
export {
  DEFAULT_ALLOW,
  type Scenario,
  ScenarioSchema,
  type ScenarioStep,
  scenarioJsonSchema,
} from './scenario/format.js';
export {
  findScenario,
  loadScenario,
  loadScenarios,
  parseScenario,
  ScenarioError,
  type ScenarioIssue,
  shippedScenarioDir,
} from './scenario/load.js';
export { type MatchContext, matches, type Pattern, PatternSchema } from './scenario/matcher.js';
export {
  type PlayerHost,
  type PlayerOptions,
  ScenarioPlayer,
  type ScenarioReport,
  type ScenarioVerdict,
  type ScenarioViolation,
  type StepStatus,
  type UserAction,
} from './scenario/player.js';
export {
  type ResolvedScenario,
  resolveScenario,
  ScenarioLibrary,
  type ScenarioSource,
} from './scenario/source.js';
// Transports
export {
  type HostIo,
  type Pace,
  SessionHost,
  type SessionHostOptions,
  type SessionScenario,
} from './session-host.js';
export {
  dialectOf,
  type Handshake,
  readHandshake,
  redactProtocols,
  selectProtocol,
} from './transport/handshake.js';
export { listen } from './transport/listen.js';
export {
  createMemoryPair,
  type MemoryClient,
  type MemoryPair,
  type MemoryPairOptions,
  type ReceivedEvent,
} from './transport/memory.js';
export type { ObservedFrame, TransportOptions } from './transport/options.js';
export {
  createCertificate,
  prepareTls,
  type ServerTls,
  type TlsCredentials,
  type TlsOption,
} from './transport/tls.js';
export {
  createMockServer,
  type MockServer,
  type MockServerOptions,
  type MockSession,
} from './transport/ws-server.js';
