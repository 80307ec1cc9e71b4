/**
 * The stream rules: the checks `soundcheck validate` runs on every session, and that the
 * conformance suite runs on the frames it sees. Each problem cites a rule id of the protocol notes.
 */
export { base64Bytes, bytesPerMs, DEFAULT_FORMAT, declaredFormat } from './audio.js';
export { CLIENT_TYPES, canonicalType, dialectShownBy, ONLY_IN } from './names.js';
export { RULE, type RuleId, type Severity, type StreamProblem } from './problem.js';
export { type SchemaCheckOptions, schemaProblems } from './schema-check.js';
export { ruleOfIssue } from './schema-rules.js';
export { StreamChecker, type StreamCheckerOptions } from './stream-checker.js';
