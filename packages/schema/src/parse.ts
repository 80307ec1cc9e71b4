import type { z } from 'zod';
import { betaDialect } from './beta/dialect.js';
import type {
  ClientEvent as BetaClientEvent,
  ServerEvent as BetaServerEvent,
} from './beta/index.js';
import type { Base64Check } from './common/base64.js';
import { betaToGaEventNames, gaToBetaEventNames } from './common/renames.js';
import type { DialectName, Direction, EventSchema } from './dialect.js';
import { type EventIssue, EventParseError, fromZodIssue } from './errors.js';
import { gaDialect } from './ga/dialect.js';
import type { ClientEvent as GaClientEvent, ServerEvent as GaServerEvent } from './ga/index.js';
import type { KitOptions, SampleWidth } from './kit.js';

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

function kitOptions(direction: Direction, options: ParseOptions | undefined): KitOptions {
  const strict = options?.strict ?? direction === 'client';
  return {
    strictness: strict ? 'strict' : 'lenient',
    base64: options?.base64 ?? 'structure',
    sampleWidth: sampleWidthOf(options?.audioFormat),
  };
}

function checkOptions(options: ParseOptions | undefined): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(
        `Unknown parse option "${key}". Valid options: ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }
  if (options.dialect !== undefined && options.dialect !== 'beta' && options.dialect !== 'ga') {
    throw new TypeError(
      `Invalid option "dialect": expected "beta" or "ga" but got ${JSON.stringify(options.dialect)}.`,
    );
  }
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

function parseEvent(
  direction: Direction,
  input: unknown,
  options: ParseOptions | undefined,
): ParseResult<unknown> {
  checkOptions(options);
  const dialectName: DialectName = options?.dialect ?? 'ga';
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failure(
        [{ path: [], code: 'invalid_json', message: `not valid JSON (${reason})` }],
        undefined,
        dialectName,
        direction,
      );
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return failure(
      [{ path: [], code: 'not_an_object', message: `expected an event object, found ${found}` }],
      undefined,
      dialectName,
      direction,
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
      dialectName,
      direction,
    );
  }
  const schemas = dialects[dialectName].variant(kitOptions(direction, options));
  const own: Readonly<Record<string, EventSchema>> =
    direction === 'client' ? schemas.clientEvents : schemas.serverEvents;
  const schema: EventSchema | undefined = Object.hasOwn(own, type) ? own[type] : undefined;
  if (schema === undefined) {
    const other: Readonly<Record<string, EventSchema>> =
      direction === 'client' ? schemas.serverEvents : schemas.clientEvents;
    return failure(
      [
        {
          path: ['type'],
          code: 'unknown_event_type',
          message: unknownTypeMessage(type, dialectName, direction, own, other),
        },
      ],
      type,
      dialectName,
      direction,
    );
  }
  try {
    const result = (schema as z.ZodType).safeParse(value, { reportInput: true });
    if (result.success) return { success: true, data: result.data };
    return failure(result.error.issues.map(fromZodIssue), type, dialectName, direction);
  } catch (error) {
    // Deeply nested input can overflow the stack; report it rather than throw.
    const reason = error instanceof Error ? error.message : String(error);
    return failure(
      [{ path: [], code: 'unparseable', message: `could not be checked (${reason})` }],
      type,
      dialectName,
      direction,
    );
  }
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
