/**
 * @soundcheck/conformance — the `soundcheck` CLI (today: `serve`, `record`), usable in-process.
 */

// CLI
export { type CliIo, main } from './cli.js';
export { CliError, formatCliError } from './cli-errors.js';
// Record: the recording relay (`createRecorder`) and `soundcheck record`
export { maskSecret, REDACTED, SecretMasker } from './record/mask.js';
export {
  createRecorder,
  type Recorder,
  type RecorderEvent,
  type RecorderOptions,
} from './record/relay.js';
export {
  parseRecordArgs,
  RECORD_HELP,
  type RecordArgs,
  type RecordIo,
  record,
} from './record.js';
// Replay: `serve --replay` and `scenario from-transcript`
export {
  DIVERGED_CLOSE,
  REPLAY_DIVERGED,
  type ReplayPace,
  type ReplayResult,
} from './replay/connection.js';
export {
  type FromTranscriptOptions,
  renderScenario,
  scenarioFromRecording,
} from './replay/from-transcript.js';
export { replayKey } from './replay/match.js';
export {
  type RecordedFrame,
  type RecordedSession,
  readRecordedSession,
  TranscriptError,
  type TranscriptErrorCode,
  type TranscriptLines,
} from './replay/recorded-session.js';
export { parseReplayArgs, serveReplay } from './replay/serve-replay.js';
export {
  createReplayServer,
  type ReplayServer,
  type ReplayServerOptions,
} from './replay/server.js';
// Validate: `soundcheck validate` and the stream rules it checks
export {
  checkParsed,
  dialectShownBy,
  RULE,
  type RuleId,
  ruleOfIssue,
  type SchemaCheckOptions,
  type Severity,
  StreamChecker,
  type StreamCheckerOptions,
  type StreamProblem,
  schemaProblems,
} from './rules/index.js';
export { SCENARIO_HELP, scenarioCommand } from './scenario-cli.js';
// Serve
export { parseServeArgs, SERVE_HELP, type ServeIo, serve } from './serve.js';
// Transcripts
export {
  isTranscriptHeader,
  TRANSCRIPT_FORMAT,
  TRANSCRIPT_VERSION,
  type TranscriptBinaryFrame,
  TranscriptBinaryFrameSchema,
  type TranscriptClose,
  TranscriptCloseSchema,
  type TranscriptFrame,
  TranscriptFrameSchema,
  type TranscriptHeader,
  TranscriptHeaderSchema,
  type TranscriptJsonFrame,
  TranscriptJsonFrameSchema,
  type TranscriptLine,
  TranscriptLineSchema,
  type TranscriptTextFrame,
  TranscriptTextFrameSchema,
  transcriptJsonSchema,
} from './transcript/format.js';
export {
  loadTranscript,
  type ParsedLine,
  parseTranscriptLine,
  type RawLine,
  readLines,
} from './transcript/reader.js';
export {
  closeLine,
  frameLine,
  headerLine,
  openTranscriptFile,
  type TranscriptFile,
  type TranscriptHeaderInfo,
  TranscriptWriter,
} from './transcript/writer.js';
export {
  parseValidateArgs,
  UnreadableFileError,
  VALIDATE_HELP,
  type ValidateIo,
  type ValidateOptions,
  type ValidateProblem,
  type ValidateSummary,
  validate,
  validateFile,
} from './validate.js';
