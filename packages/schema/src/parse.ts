import { betaDialect } from './beta/dialect.js';
import type {
  ClientEvent as BetaClientEvent,
  ServerEvent as BetaServerEvent,
} from './beta/index.js';
import type { Base64Check } from './common/base64.js';
import { betaToGaEventNames, gaToBetaEventNames } from './common/renames.js';
import type { DialectName, Direction, EventSchema } from './dialect.js';
import { type EventIssue, EventParseError, fromZodIssue } from './errors.js';
import { type EventEntry, EventParserTable, HOT_EVENT_TYPES } from './fast-path.js';
import { gaDialect } from './ga/dialect.js';
import type { ClientEvent as GaClientEvent, ServerEvent as GaServerEvent } from './ga/index.js';
import { type KitOptions, kitKey, type SampleWidth } from './kit.js';

/** Audio format names of both dialects: beta strings and GA `type` values. */
export type AudioFormatName =
  | 'pcm16'
  | 'g711_ulaw'
  | 'g711_alaw'
  | 'audio/pcm'
  | 'audio/pcmu'
  | 'audio/pcma';

/** Options of {@link parseClientEvent} and {@link parseServerEvent}. */
export interface ParseOptions {
  /** Which dialect the event is in. Default `'ga'`. */
  dialect?: DialectName;
  /**
   * Unknown keys are errors when `true`. Default: `true` for client events (the real API rejects
   * unknown parameters), `false` for server events (new server fields must not break you).
   */
  strict?: boolean;
  /** `'structure'` (default: length, padding, whole samples) or `'full'` (also the alphabet). */
  base64?: Base64Check;
  /**
   * The session's audio format, which decides how wide a sample is in base64 audio.
   * Default `'pcm16'` (the default of both dialects): audio must decode to an even byte count.
   */
  audioFormat?: AudioFormatName;
}

/** The result of a parse: the typed event, or why it is not one. Never thrown. */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T; readonly error?: undefined }
  | { readonly success: false; readonly data?: undefined; readonly error: EventParseError };

const dialects = { beta: betaDialect, ga: gaDialect } as const;

function sampleWidthOf(format: AudioFormatName | undefined): SampleWidth {
  return format === undefined || format === 'pcm16' || format === 'audio/pcm' ? 2 : 1;
}

const KNOWN_OPTIONS = new Set(['dialect', 'strict', 'base64', 'audioFormat']);

function unknownOption(key: string): TypeError {
  return new TypeError(
    `Unknown parse option "${key}". Valid options: ${[...KNOWN_OPTIONS].join(', ')}.`,
  );
}

function invalidDialect(dialect: unknown): TypeError {
  return new TypeError(
    `Invalid option "dialect": expected "beta" or "ga" but got ${JSON.stringify(dialect)}.`,
  );
}

function checkOptions(options: ParseOptions | undefined): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw unknownOption(key);
  }
  if (options.dialect !== undefined && options.dialect !== 'beta' && options.dialect !== 'ga') {
    throw invalidDialect(options.dialect);
  }
}

/** Everything one parse needs once its options are known. Built once per combination, kept. */
interface ParseContext {
  readonly dialect: DialectName;
  readonly direction: Direction;
  /** The event map of this direction, and of the other one (for "that is a server event"). */
  readonly own: Readonly<Record<string, EventSchema>>;
  readonly other: Readonly<Record<string, EventSchema>>;
  readonly parsers: EventParserTable;
}

function makeContext(direction: Direction, dialect: DialectName, kit: KitOptions): ParseContext {
  const schemas = dialects[dialect].variant(kit);
  const own: Readonly<Record<string, EventSchema>> =
    direction === 'client' ? schemas.clientEvents : schemas.serverEvents;
  const other: Readonly<Record<string, EventSchema>> =
    direction === 'client' ? schemas.serverEvents : schemas.clientEvents;
  return {
    dialect,
    direction,
    own,
    other,
    parsers: new EventParserTable(own, HOT_EVENT_TYPES[dialect][direction]),
  };
}

// The contexts of the usual options, indexed by bits: direction, dialect, strict, full base64,
// 1-byte samples.
const contexts: (ParseContext | undefined)[] = new Array(32).fill(undefined);
// Contexts of unusual option values (a `base64` other than the two documented), by key.
const otherContexts = new Map<string, ParseContext>();

function contextAt(
  direction: Direction,
  dialect: DialectName,
  strict: boolean,
  full: boolean,
  sampleWidth: SampleWidth,
): ParseContext {
  const index =
    (direction === 'client' ? 1 : 0) |
    (dialect === 'beta' ? 2 : 0) |
    (strict ? 4 : 0) |
    (full ? 8 : 0) |
    (sampleWidth === 1 ? 16 : 0);
  let context = contexts[index];
  if (context === undefined) {
    context = makeContext(direction, dialect, {
      strictness: strict ? 'strict' : 'lenient',
      base64: full ? 'full' : 'structure',
      sampleWidth,
    });
    contexts[index] = context;
  }
  return context;
}

// The defaults (GA; strict client events, lenient server events), ready before the first call.
const defaultClient = contextAt('client', 'ga', true, false, 2);
const defaultServer = contextAt('server', 'ga', false, false, 2);

/**
 * The last options object seen per direction, with the values it had and the context they gave.
 * Code that keeps one options object for a stream (as a socket handler does) skips the check of
 * its keys on every call after the first.
 */
interface Remembered {
  options: ParseOptions | undefined;
  dialect: unknown;
  strict: unknown;
  base64: unknown;
  audioFormat: unknown;
  context: ParseContext | undefined;
}
const remembered = (): Remembered => ({
  options: undefined,
  dialect: undefined,
  strict: undefined,
  base64: undefined,
  audioFormat: undefined,
  context: undefined,
});
const lastClient = remembered();
const lastServer = remembered();

/**
 * The context for a call's options, checked as {@link checkOptions} does, allocating nothing.
 *
 * @note An options object is checked for unknown keys when it is first used, and again whenever
 * another options object was used in between; a key added to the same object between two calls
 * in a row is not looked for. Its known values are compared on every call.
 */
function contextFor(direction: Direction, options: ParseOptions | undefined): ParseContext {
  if (options === undefined) return direction === 'client' ? defaultClient : defaultServer;
  const last = direction === 'client' ? lastClient : lastServer;
  if (
    options === last.options &&
    options.dialect === last.dialect &&
    options.strict === last.strict &&
    options.base64 === last.base64 &&
    options.audioFormat === last.audioFormat
  ) {
    return last.context as ParseContext;
  }
  const context = checkedContextFor(direction, options);
  last.options = options;
  last.dialect = options.dialect;
  last.strict = options.strict;
  last.base64 = options.base64;
  last.audioFormat = options.audioFormat;
  last.context = context;
  return context;
}

function checkedContextFor(direction: Direction, options: ParseOptions): ParseContext {
  if (options === null || typeof options !== 'object') return slowContextFor(direction, options);
  for (const key in options) {
    if (
      key !== 'dialect' &&
      key !== 'strict' &&
      key !== 'base64' &&
      key !== 'audioFormat' &&
      Object.hasOwn(options, key)
    ) {
      throw unknownOption(key);
    }
  }
  const dialect = options.dialect;
  if (dialect !== undefined && dialect !== 'beta' && dialect !== 'ga')
    throw invalidDialect(dialect);
  const base64 = options.base64;
  if (base64 !== undefined && base64 !== 'structure' && base64 !== 'full') {
    return slowContextFor(direction, options);
  }
  return contextAt(
    direction,
    dialect ?? 'ga',
    Boolean(options.strict ?? direction === 'client'),
    base64 === 'full',
    sampleWidthOf(options.audioFormat),
  );
}

/** Options that are not a plain object, or have an unusual value: checked the long way. */
function slowContextFor(direction: Direction, options: ParseOptions): ParseContext {
  checkOptions(options);
  const dialect: DialectName = options?.dialect ?? 'ga';
  const kit: KitOptions = {
    strictness: (options?.strict ?? direction === 'client') ? 'strict' : 'lenient',
    base64: options?.base64 ?? 'structure',
    sampleWidth: sampleWidthOf(options?.audioFormat),
  };
  const key = `${direction}/${dialect}/${kitKey(kit)}`;
  let context = otherContexts.get(key);
  if (context === undefined) {
    context = makeContext(direction, dialect, kit);
    otherContexts.set(key, context);
  }
  return context;
}

function failure(
  issues: EventIssue[],
  eventType: string | undefined,
  dialect: DialectName,
  direction: Direction,
): ParseResult<never> {
  return { success: false, error: new EventParseError({ issues, eventType, dialect, direction }) };
}

function unknownTypeMessage(
  type: string,
  dialect: DialectName,
  direction: Direction,
  own: Readonly<Record<string, EventSchema>>,
  other: Readonly<Record<string, EventSchema>>,
): string {
  const base = `unknown ${dialect} ${direction} event type ${JSON.stringify(type)}`;
  const renamed = dialect === 'ga' ? betaToGaEventNames[type] : gaToBetaEventNames[type];
  if (renamed !== undefined && renamed in own) {
    const otherName = dialect === 'ga' ? 'beta' : 'GA';
    return `${base}: that is the ${otherName} name; the ${dialect === 'ga' ? 'GA' : 'beta'} dialect calls it "${renamed}"`;
  }
  if (type in other) {
    return `${base}: that is a ${direction === 'client' ? 'server' : 'client'} event`;
  }
  return `${base}; expected one of ${Object.keys(own).length} ${direction} event types, e.g. ${Object.keys(
    own,
  )
    .slice(0, 3)
    .map((t) => JSON.stringify(t))
    .join(', ')}`;
}

/**
 * Texts at least this long try the text fast path first. A 100 ms audio chunk is thousands of
 * characters; below this, JSON.parse is quick and a miss would cost a visible share.
 */
const TEXT_FAST_PATH_MIN = 512;

// Shared, never mutated: zod copies its params into a fresh context on every parse.
const SAFE_PARSE_PARAMS = Object.freeze({ reportInput: true });

// The failures, out of line: the happy path below stays small enough for V8 to inline.
function invalidJson(context: ParseContext, error: unknown): ParseResult<never> {
  const reason = error instanceof Error ? error.message : String(error);
  return failure(
    [{ path: [], code: 'invalid_json', message: `not valid JSON (${reason})` }],
    undefined,
    context.dialect,
    context.direction,
  );
}

/** Why a value is not an event of the context's map: not an object, or no known `type`. */
function notAKnownEvent(context: ParseContext, value: unknown): ParseResult<never> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return failure(
      [{ path: [], code: 'not_an_object', message: `expected an event object, found ${found}` }],
      undefined,
      context.dialect,
      context.direction,
    );
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    const message =
      type === undefined
        ? "The 'type' field is missing."
        : `expected the event type as a string, found ${typeof type}`;
    return failure(
      [{ path: ['type'], code: 'missing_type', message }],
      undefined,
      context.dialect,
      context.direction,
    );
  }
  const { dialect, direction, own, other } = context;
  return failure(
    [
      {
        path: ['type'],
        code: 'unknown_event_type',
        message: unknownTypeMessage(type, dialect, direction, own, other),
      },
    ],
    type,
    dialect,
    direction,
  );
}

/** zod's verdict on an event the flat fast path did not take. */
function parseWithZod(
  context: ParseContext,
  entry: EventEntry,
  type: string,
  value: object,
): ParseResult<unknown> {
  try {
    const result = entry.parser.safeParse(value, SAFE_PARSE_PARAMS);
    // zod's success result is `{ success: true, data }`: the same shape as ours, so no copy.
    if (result.success) return result;
    const issues = result.error.issues.map(fromZodIssue);
    return failure(issues, type, context.dialect, context.direction);
  } catch (error) {
    return unparseable(context, type, error);
  }
}

function unparseable(context: ParseContext, type: string, error: unknown): ParseResult<never> {
  // Deeply nested input can overflow the stack, a getter can throw: report it rather than throw.
  const reason = error instanceof Error ? error.message : String(error);
  return failure(
    [{ path: [], code: 'unparseable', message: `could not be checked (${reason})` }],
    type,
    context.dialect,
    context.direction,
  );
}

function parseEvent(
  direction: Direction,
  input: unknown,
  options: ParseOptions | undefined,
): ParseResult<unknown> {
  const context = contextFor(direction, options);
  let value: unknown = input;
  const owned = typeof input === 'string';
  if (owned) {
    // A long text is most likely the hottest type's audio: read it without JSON.parse when it is
    // in the plain form (see textFastPath); anything else is parsed the usual way below.
    const text = context.parsers.first?.text;
    if (text !== undefined && input.length >= TEXT_FAST_PATH_MIN) {
      const data = text(input);
      if (data !== undefined) return { success: true, data };
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      return invalidJson(context, error);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return notAKnownEvent(context, value);
  }
  const type = (value as { type?: unknown }).type;
  // The hottest type first, from a call site of its own (so V8 can inline its checker). A value
  // fresh from JSON.parse has no getters or proxies: its checker cannot throw.
  const parsers = context.parsers;
  const hot = parsers.first;
  let entry: EventEntry | undefined;
  // Whether the flat checker has had its say (so a failing hot event is not checked twice).
  let flatTried = false;
  if (hot !== undefined && type === hot.type) {
    // The hottest type's fast paths were built with the table: nothing to count.
    if (owned && hot.flat !== undefined) {
      const data = hot.flat(value, true);
      if (data !== undefined) return { success: true, data };
      flatTried = true;
    }
    entry = hot;
  } else {
    entry = typeof type === 'string' ? parsers.other(type) : undefined;
  }
  if (entry === undefined) return notAKnownEvent(context, value);
  const flat = entry.flat;
  if (flat !== undefined && !flatTried) {
    let data: object | undefined;
    try {
      data = flat(value, owned);
    } catch (error) {
      return unparseable(context, type as string, error);
    }
    if (data !== undefined) return { success: true, data };
  }
  return parseWithZod(context, entry, type as string, value);
}

/**
 * Parses and checks one client event (a JSON string or an already parsed value).
 * Never throws on any input: the result says `success` and carries the typed event or the reasons.
 *
 * @param input the event as text (a WebSocket message) or as a value
 * @param options dialect (default `'ga'`), strict (default `true`), base64 depth, audio format
 * @example
 * const r = parseClientEvent(message, { dialect: 'beta' });
 * if (!r.success) console.error(r.error.message);
 * else if (r.data.type === 'input_audio_buffer.append') play(r.data.audio);
 */
export function parseClientEvent(
  input: unknown,
  options: ParseOptions & { dialect: 'beta' },
): ParseResult<BetaClientEvent>;
export function parseClientEvent(
  input: unknown,
  options?: ParseOptions & { dialect?: 'ga' },
): ParseResult<GaClientEvent>;
export function parseClientEvent(
  input: unknown,
  options?: ParseOptions,
): ParseResult<BetaClientEvent | GaClientEvent>;
export function parseClientEvent(
  input: unknown,
  options?: ParseOptions,
): ParseResult<BetaClientEvent | GaClientEvent> {
  return parseEvent('client', input, options) as ParseResult<BetaClientEvent | GaClientEvent>;
}

/**
 * Parses and checks one server event (a JSON string or an already parsed value).
 * Lenient by default (unknown keys pass through); `strict: true` makes them errors.
 * Never throws on any input.
 *
 * @param input the event as text (a WebSocket message) or as a value
 * @param options dialect (default `'ga'`), strict (default `false`), base64 depth, audio format
 * @example
 * const r = parseServerEvent(message, { dialect: 'ga', strict: false });
 * if (r.success && r.data.type === 'response.output_audio.delta') enqueue(r.data.delta);
 */
export function parseServerEvent(
  input: unknown,
  options: ParseOptions & { dialect: 'beta' },
): ParseResult<BetaServerEvent>;
export function parseServerEvent(
  input: unknown,
  options?: ParseOptions & { dialect?: 'ga' },
): ParseResult<GaServerEvent>;
export function parseServerEvent(
  input: unknown,
  options?: ParseOptions,
): ParseResult<BetaServerEvent | GaServerEvent>;
export function parseServerEvent(
  input: unknown,
  options?: ParseOptions,
): ParseResult<BetaServerEvent | GaServerEvent> {
  return parseEvent('server', input, options) as ParseResult<BetaServerEvent | GaServerEvent>;
}
