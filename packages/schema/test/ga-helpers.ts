// Shared helpers of the ga-*.test.ts files: parse in one direction and variant, and read issues.
import {
  type EventIssue,
  type ParseOptions,
  parseClientEvent,
  parseServerEvent,
} from '../src/index.js';

/** Base64 of `samples` pcm16 samples (2 bytes each). */
export const pcm = (samples: number): string => Buffer.alloc(samples * 2, 1).toString('base64');

/** Parses a GA client event (strict unless told otherwise). */
export function client(event: unknown, options: Omit<ParseOptions, 'dialect'> = {}) {
  return parseClientEvent(event, { dialect: 'ga', ...options });
}

/** Parses a GA server event (lenient unless told otherwise). */
export function server(event: unknown, options: Omit<ParseOptions, 'dialect'> = {}) {
  return parseServerEvent(event, { dialect: 'ga', ...options });
}

/** The issues of a failed parse (empty when it parsed). */
export function issues(result: { success: boolean; error?: { issues: readonly EventIssue[] } }) {
  return result.error?.issues ?? [];
}

/** The JSON paths of the issues of a failed parse. */
export function paths(result: { success: boolean; error?: { issues: readonly EventIssue[] } }) {
  return issues(result).map((i) => i.path);
}
