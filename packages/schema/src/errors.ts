import type { z } from 'zod';
import type { DialectName, Direction } from './dialect.js';

/** One problem found in an event: where (JSON path from the event root), what, and a stable code. */
export interface EventIssue {
  /** JSON path from the root of the event, e.g. `['session', 'tools', 0, 'name']`. */
  readonly path: readonly (string | number)[];
  /** What was wrong, in words: what was expected and what was found. */
  readonly message: string;
  /**
   * Stable code: zod's issue codes (`invalid_type`, `too_big`, `unrecognized_keys`, `custom`, ...)
   * plus `invalid_json`, `not_an_object`, `missing_type` and `unknown_event_type`.
   */
  readonly code: string;
}

/** Why an event did not parse. Returned (never thrown) by `parseClientEvent` / `parseServerEvent`. */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';
  /** Every problem found, in the order zod reported them. */
  readonly issues: readonly EventIssue[];
  /** The event's `type` when it had a string one. */
  readonly eventType: string | undefined;
  readonly dialect: DialectName;
  readonly direction: Direction;

  constructor(init: {
    issues: readonly EventIssue[];
    eventType: string | undefined;
    dialect: DialectName;
    direction: Direction;
  }) {
    super(formatIssues(init));
    this.issues = init.issues;
    this.eventType = init.eventType;
    this.dialect = init.dialect;
    this.direction = init.direction;
  }
}

/** Renders a path the way a reader writes it in JSON: `$.session.tools[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Formats issues as one header line plus one line per issue, like a compiler. */
export function formatIssues(init: {
  issues: readonly EventIssue[];
  eventType: string | undefined;
  dialect: DialectName;
  direction: Direction;
}): string {
  const what =
    init.eventType === undefined
      ? `${init.dialect} ${init.direction} event`
      : `${init.dialect} ${init.direction} event "${init.eventType}"`;
  const count = init.issues.length === 1 ? '1 problem' : `${init.issues.length} problems`;
  const lines = init.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  return [`Invalid ${what} (${count}):`, ...lines].join('\n');
}

const MAX_SHOWN = 60;

/** A short, safe rendering of a found value: long strings (audio, text) are cut, never echoed whole. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > MAX_SHOWN
        ? `a string of ${value.length} characters`
        : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** zod issue → {@link EventIssue}, with "found ..." added where zod's message does not say it. */
export function fromZodIssue(issue: z.core.$ZodIssue): EventIssue {
  let message = issue.message;
  if ((issue.code === 'too_big' || issue.code === 'too_small') && 'input' in issue) {
    const input = (issue as { input?: unknown }).input;
    const found =
      typeof input === 'string' || Array.isArray(input)
        ? `length ${input.length}`
        : input !== null && typeof input === 'object'
          ? `${Object.keys(input).length} entries`
          : describeValue(input);
    message = `${message}, found ${found}`;
  } else if (issue.code === 'invalid_value' && 'input' in issue) {
    message = `${message}, found ${describeValue((issue as { input?: unknown }).input)}`;
  }
  return { path: issue.path as (string | number)[], message, code: issue.code };
}
