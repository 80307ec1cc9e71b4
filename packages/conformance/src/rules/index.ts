/**
 * The stream rules: the checks `soundcheck validate` runs on every session, and that the
 * conformance suite runs on the frames it sees. Each problem cites a rule id of the protocol notes.
 */
export { dialectShownBy } from './names.js';
export { RULE, type RuleId, type Severity, type StreamProblem } from './problem.js';
export { checkParsed, type SchemaCheckOptions, schemaProblems } from './schema-check.js';
export { ruleOfIssue } from './schema-rules.js';
export { StreamChecker, type StreamCheckerOptions } from './stream-checker.js';
