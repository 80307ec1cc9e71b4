/**
 * @soundcheck/schema — every OpenAI Realtime API event of both dialects as zod 4 schemas.
 *
 * @example
 * import { beta, ga, parseClientEvent, parseServerEvent } from '@soundcheck/schema';
 * const r = parseServerEvent(message, { dialect: 'ga' });
 * if (r.success) console.log(r.data.type);
 */

// Dialects: schema maps keyed by wire `type`, unions, shared objects, inferred types.
export * as beta from './beta/index.js';
// Building blocks
export { type Base64Check, base64Problem, decodedLength } from './common/base64.js';
export { betaToGaEventNames, gaToBetaEventNames } from './common/renames.js';
export type { DialectName, Direction } from './dialect.js';

// Errors
export {
  type EventIssue,
  type EventIssueDetail,
  EventParseError,
  formatIssues,
  formatPath,
} from './errors.js';
export * as ga from './ga/index.js';
export type { KitOptions, SampleWidth, Strictness } from './kit.js';
// Parsing
export {
  type AudioFormatName,
  type ParseOptions,
  type ParseResult,
  parseClientEvent,
  parseServerEvent,
} from './parse.js';
