/**
 * One frame against the schemas of @soundcheck/schema, as problems that cite protocol rules.
 * Client events are checked strictly (the real API rejects unknown parameters); server events
 * leniently unless `strict` (new server fields must not break a client).
 */
import {
  type AudioFormatName,
  type DialectName,
  type EventParseError,
  formatPath,
  type ParseOptions,
  parseClientEvent,
  parseServerEvent,
} from '@soundcheck/schema';
import { ONLY_IN } from './names.js';
import type { StreamProblem } from './problem.js';
import { ruleOfIssue } from './schema-rules.js';

export interface SchemaCheckOptions {
  dialect: DialectName;
  /** Server events strict too (client events always are). Default false. */
  strict?: boolean;
  /** The audio format of the frame's audio (see StreamChecker.audioFormat). Default pcm16. */
  audioFormat?: AudioFormatName;
}

const other = (dialect: DialectName): DialectName => (dialect === 'ga' ? 'beta' : 'ga');

/** The problems of one parsed frame (an event object or any JSON value); none when it is valid. */
export function schemaProblems(
  direction: 'client' | 'server',
  event: unknown,
  line: number,
  options: SchemaCheckOptions,
): StreamProblem[] {
  return checkParsed(direction, event, line, {
    dialect: options.dialect,
    strict: direction === 'client' || options.strict === true,
    ...(options.audioFormat === undefined ? {} : { audioFormat: options.audioFormat }),
  });
}

const NONE: StreamProblem[] = [];

/**
 * {@link schemaProblems} with the parse options already made (the hot path: callers keep one
 * options object per direction and audio format instead of making one per frame).
 */
export function checkParsed(
  direction: 'client' | 'server',
  event: unknown,
  line: number,
  parseOptions: ParseOptions & { dialect: DialectName },
): StreamProblem[] {
  const result =
    direction === 'client'
      ? parseClientEvent(event, parseOptions)
      : parseServerEvent(event, parseOptions);
  if (result.success) return NONE;
  return problemsOf(result.error, direction, parseOptions.dialect, line);
}

function problemsOf(
  error: EventParseError,
  direction: 'client' | 'server',
  dialect: DialectName,
  line: number,
): StreamProblem[] {
  const type = error.eventType;
  return error.issues.map((issue) => {
    let rule = ruleOfIssue(direction, type, issue);
    let severity: StreamProblem['severity'] = 'error';
    if (issue.code === 'unknown_event_type' && direction === 'server') {
      // A name of the other dialect is a dialect mix-up; any other unknown server event is one a
      // client must tolerate (the API adds events without notice).
      if (type !== undefined && ONLY_IN[other(dialect)].has(type)) rule = 'response.event-names';
      else severity = 'warning';
    }
    return {
      rule,
      severity,
      type: type ?? '-',
      path: formatPath(issue.path),
      reason: issue.message,
      line,
    };
  });
}
