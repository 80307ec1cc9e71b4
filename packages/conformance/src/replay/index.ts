export {
  DIVERGED_CLOSE,
  REPLAY_DIVERGED,
  type ReplayPace,
  type ReplayResult,
} from './connection.js';
export {
  type FromTranscriptOptions,
  renderScenario,
  scenarioFromRecording,
} from './from-transcript.js';
export { replayKey } from './match.js';
export {
  type RecordedFrame,
  type RecordedSession,
  readRecordedSession,
  TranscriptError,
  type TranscriptErrorCode,
  type TranscriptLines,
} from './recorded-session.js';
export { parseReplayArgs, serveReplay } from './serve-replay.js';
export { createReplayServer, type ReplayServer, type ReplayServerOptions } from './server.js';
