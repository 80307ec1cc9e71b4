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
  /** Details for tools that map issues to their own errors (e.g. a mock server's error events). */
  readonly detail?: EventIssueDetail;
}

/** Machine-readable details of an issue, where zod gave them. Never holds the offending payload. */
export interface EventIssueDetail {
  /** `unrecognized_keys`: the unknown keys. */
  readonly keys?: readonly string[];
  /** `invalid_type`: the expected type; `received` is the found type (`undefined` when missing). */
  readonly expected?: string;
  readonly received?: string;
  /** `too_big` / `too_small`: what kind of value (`number`, `int`, `string`, `array`, ...) and the bound. */
  readonly origin?: string;
  readonly maximum?: number;
  readonly minimum?: number;
  /** `too_big` / `too_small`: the found number, or the found length / size. */
  readonly found?: number;
  /** `invalid_value` / `invalid_union`: the allowed values. */
  readonly values?: readonly unknown[];
  /** `invalid_value` / `invalid_union`: the value found, when it is a short primitive (never a payload). */
  readonly value?: string | number | boolean | null;
}

function shortPrimitive(value: unknown): { value: string | number | boolean | null } | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'string' && value.length <= 64) return { value };
  return undefined;
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
function describeValue(value: unknown): string {
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

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function detailOf(issue: z.core.$ZodIssue): EventIssueDetail | undefined {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { keys: issue.keys };
    case 'invalid_type':
      return { expected: issue.expected, received: typeName(input) };
    case 'too_big':
    case 'too_small': {
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      const found =
        typeof input === 'number'
          ? input
          : typeof input === 'string' || Array.isArray(input)
            ? input.length
            : input !== null && typeof input === 'object'
              ? Object.keys(input).length
              : undefined;
      return {
        origin: issue.origin,
        ...(issue.code === 'too_big' ? { maximum: bound } : { minimum: bound }),
        ...(found === undefined ? {} : { found }),
      };
    }
    case 'invalid_value':
      return { values: issue.values, ...shortPrimitive(input) };
    case 'invalid_union': {
      // A discriminated union names its discriminator; say whether the tag was missing or wrong.
      const u = issue as { options?: unknown[]; discriminator?: string };
      if (u.discriminator === undefined) return undefined;
      const tag =
        input !== null && typeof input === 'object'
          ? (input as Record<string, unknown>)[u.discriminator]
          : undefined;
      return { values: u.options ?? [], received: typeName(tag), ...shortPrimitive(tag) };
    }
    default:
      return undefined;
  }
}

/** zod issue → {@link EventIssue}, with "found ..." added where zod's message does not say it. */
export function fromZodIssue(issue: z.core.$ZodIssue): EventIssue {
  const detail = detailOf(issue);
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
  const path = issue.path as (string | number)[];
  return detail === undefined
    ? { path, message, code: issue.code }
    : { path, message, code: issue.code, detail };
}
