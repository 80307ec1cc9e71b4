/**
 * The scenario pattern language: what a client event must look like for an `expect` step (and what
 * a server or client event must look like for an `on` trigger) to match.
 *
 * A pattern is JSON. A literal matches an equal value; an object matches any object that has at
 * least its keys (subset match); an array matches an array of the same length, element by element;
 * an object whose single key starts with `$` is an operator:
 *
 * | operator | matches |
 * | --- | --- |
 * | `{ "$any": "string" }` | any value of that JSON type (`string`, `number`, `integer`, `boolean`, `object`, `array`, `null`), or `"any"`: any present value |
 * | `{ "$regex": "^call_" }` | a string the regular expression (JavaScript, `u` flag, unanchored) finds a match in |
 * | `{ "$range": [0, 500] }` | a number in the inclusive range; `null` leaves an end open |
 * | `{ "$lteAudioSent": true }` | a number from 0 to the milliseconds of assistant audio the server has sent for the item the event names |
 * | `{ "$ref": "lastAudioItemId" }` | a value equal to one the player knows (see {@link MATCH_REFS}) |
 * | `{ "$json": { "city": "Paris" } }` | a string holding JSON that matches the inner pattern |
 * | `{ "$absent": true }` | (as an object member) the key is missing |
 * | `{ "$anyOf": [p1, p2] }` | a value at least one of the patterns matches |
 * | `{ "$literal": { "$schema": "x" } }` | a value equal to the given JSON, read without operators |
 */
import { z } from 'zod';

/** JSON types `$any` can name, plus `any` (any present value, `null` included). */
const ANY_TYPES = [
  'any',
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
] as const;

/**
 * Values a `$ref` can name; the player fills them in {@link MatchContext.refs}.
 * - `lastAudioItemId`: id of the assistant item whose audio the server sent last.
 * - `lastUserItemId`: id of the user item committed or created last.
 * - `lastResponseId`: id of the response created last.
 * - `lastCallId`: `call_id` of the function call the server sent last.
 */
const MATCH_REFS = ['lastAudioItemId', 'lastUserItemId', 'lastResponseId', 'lastCallId'] as const;

type AnyType = (typeof ANY_TYPES)[number];
export type MatchRef = (typeof MATCH_REFS)[number];

/** A pattern (see the module comment). */
export type Pattern =
  | string
  | number
  | boolean
  | null
  | Pattern[]
  | { $any: AnyType }
  | { $regex: string }
  | { $range: [number | null, number | null] }
  | { $lteAudioSent: true }
  | { $ref: MatchRef }
  | { $json: Pattern }
  | { $absent: true }
  | { $anyOf: Pattern[] }
  | { $literal: unknown }
  | { [key: string]: Pattern };

const strict = z.strictObject;

/** Zod schema of a pattern (recursive). Object members must not start with `$` (use `$literal`). */
export const PatternSchema: z.ZodType<Pattern> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(PatternSchema),
    strict({ $any: z.enum(ANY_TYPES) }).meta({
      description: 'Any value of this JSON type; `any` = any present value.',
    }),
    strict({
      $regex: z.string().meta({ description: 'JavaScript regular expression (u flag).' }),
    }).meta({ description: 'A string the regular expression finds a match in (unanchored).' }),
    strict({
      $range: z.tuple([z.number().nullable(), z.number().nullable()]),
    }).meta({ description: 'A number in [min, max], inclusive; `null` leaves an end open.' }),
    strict({ $lteAudioSent: z.literal(true) }).meta({
      description:
        'A number from 0 to the milliseconds of assistant audio sent for the item the event names (truncate `audio_end_ms`).',
    }),
    strict({ $ref: z.enum(MATCH_REFS) }).meta({
      description:
        'Equal to a value the player knows: lastAudioItemId, lastUserItemId, lastResponseId, lastCallId.',
    }),
    strict({ $json: PatternSchema }).meta({
      description:
        'A string holding JSON that matches the inner pattern (function arguments, outputs).',
    }),
    strict({ $absent: z.literal(true) }).meta({
      description: 'As an object member: the key must be missing.',
    }),
    strict({ $anyOf: z.array(PatternSchema).min(1) }).meta({
      description: 'At least one of the patterns matches.',
    }),
    strict({ $literal: z.unknown() }).meta({
      description: 'Exactly this JSON value, read without operators (for keys starting with `$`).',
    }),
    z
      .record(z.string().regex(/^[^$]/), PatternSchema)
      .meta({ description: 'An object with at least these members (subset match).' }),
  ]),
);

/** What a pattern is matched against besides the value: facts only the player knows. */
export interface MatchContext {
  /** Milliseconds of assistant audio sent for the item the matched event names (`$lteAudioSent`). */
  readonly audioSentMs?: number;
  /** Values for `$ref`. */
  readonly refs?: Partial<Record<MatchRef, unknown>>;
}

/** The outcome of {@link matches}: `ok`, or where and why the value differs from the pattern. */
export type MatchResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly path: readonly (string | number)[]; readonly reason: string };

const OK: MatchResult = { ok: true };

function fail(path: readonly (string | number)[], reason: string): MatchResult {
  return { ok: false, path, reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a value for messages (never a payload: long strings are cut). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isObject(value)) return 'an object';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  return JSON.stringify(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function operatorOf(pattern: Record<string, unknown>): string | undefined {
  const keys = Object.keys(pattern);
  return keys.length === 1 && keys[0]?.startsWith('$') ? keys[0] : undefined;
}

function matchAny(type: AnyType, value: unknown, path: (string | number)[]): MatchResult {
  if (value === undefined)
    return fail(path, `expected ${type === 'any' ? 'a value' : type}, found nothing`);
  if (type === 'any') return OK;
  if (type === 'integer') {
    return Number.isInteger(value)
      ? OK
      : fail(path, `expected an integer, found ${describeValue(value)}`);
  }
  return jsonType(value) === type
    ? OK
    : fail(path, `expected ${type}, found ${describeValue(value)}`);
}

function matchOperator(
  op: string,
  arg: unknown,
  value: unknown,
  context: MatchContext,
  path: (string | number)[],
): MatchResult {
  switch (op) {
    case '$any':
      return matchAny(arg as AnyType, value, path);
    case '$regex':
      return typeof value === 'string' && new RegExp(arg as string, 'u').test(value)
        ? OK
        : fail(
            path,
            `expected a string matching /${arg as string}/, found ${describeValue(value)}`,
          );
    case '$range': {
      const [min, max] = arg as [number | null, number | null];
      const inRange =
        typeof value === 'number' &&
        (min === null || value >= min) &&
        (max === null || value <= max);
      return inRange
        ? OK
        : fail(
            path,
            `expected a number in [${min ?? '-∞'}, ${max ?? '∞'}], found ${describeValue(value)}`,
          );
    }
    case '$lteAudioSent': {
      const sent = context.audioSentMs;
      if (sent === undefined) return fail(path, 'no assistant audio was sent for this item');
      return typeof value === 'number' && value >= 0 && value <= sent
        ? OK
        : fail(
            path,
            `expected a number from 0 to ${sent} (audio sent, ms), found ${describeValue(value)}`,
          );
    }
    case '$ref': {
      const refs = context.refs ?? {};
      if (!Object.hasOwn(refs, arg as string))
        return fail(path, `$ref ${arg as string} is not known yet`);
      const expected = refs[arg as MatchRef];
      return deepEqual(expected, value)
        ? OK
        : fail(
            path,
            `expected ${describeValue(expected)} (${arg as string}), found ${describeValue(value)}`,
          );
    }
    case '$json': {
      if (typeof value !== 'string')
        return fail(path, `expected a JSON string, found ${describeValue(value)}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return fail(path, 'expected a JSON string, found text that is not JSON');
      }
      return matchAt(arg as Pattern, parsed, context, path);
    }
    case '$absent':
      return value === undefined
        ? OK
        : fail(path, `expected no value, found ${describeValue(value)}`);
    case '$anyOf': {
      const results = (arg as Pattern[]).map((p) => matchAt(p, value, context, path));
      return (
        results.find((r) => r.ok) ?? fail(path, `matched none of ${results.length} alternatives`)
      );
    }
    case '$literal':
      return deepEqual(arg, value)
        ? OK
        : fail(path, `expected ${describeValue(arg)}, found ${describeValue(value)}`);
    default:
      return fail(path, `unknown operator ${op}`);
  }
}

function matchAt(
  pattern: Pattern,
  value: unknown,
  context: MatchContext,
  path: (string | number)[],
): MatchResult {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value))
      return fail(path, `expected an array, found ${describeValue(value)}`);
    if (value.length !== pattern.length) {
      return fail(path, `expected ${pattern.length} elements, found ${value.length}`);
    }
    for (const [i, p] of pattern.entries()) {
      const r = matchAt(p, value[i], context, [...path, i]);
      if (!r.ok) return r;
    }
    return OK;
  }
  if (isObject(pattern)) {
    const op = operatorOf(pattern);
    if (op !== undefined) {
      return matchOperator(op, (pattern as Record<string, unknown>)[op], value, context, path);
    }
    if (!isObject(value)) return fail(path, `expected an object, found ${describeValue(value)}`);
    for (const [key, p] of Object.entries(pattern)) {
      const r = matchAt(p as Pattern, Object.hasOwn(value, key) ? value[key] : undefined, context, [
        ...path,
        key,
      ]);
      if (!r.ok) return r;
    }
    return OK;
  }
  return pattern === value
    ? OK
    : fail(path, `expected ${describeValue(pattern)}, found ${describeValue(value)}`);
}

/**
 * Matches a value (a decoded event, canonical GA shape) against a pattern. Pure: the context
 * carries what the player knows (audio sent, ids).
 *
 * @example
 * matches({ type: 'conversation.item.truncate', audio_end_ms: { $lteAudioSent: true } }, event,
 *   { audioSentMs: 1200 });
 */
export function matches(pattern: Pattern, value: unknown, context: MatchContext = {}): MatchResult {
  return matchAt(pattern, value, context, []);
}
