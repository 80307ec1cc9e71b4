/**
 * Checks the options of the transports' entry points before anything starts: an unknown option
 * lists the valid ones, and a bad value names the option, what it expects and what arrived (never
 * an API key's value). zod does the checking; the words for each option live here (the server's
 * own, which need Node, live in ws-server.ts: this module also runs in browsers, under msw).
 */
import { z } from 'zod';
import type { MemoryPairOptions } from './memory.js';
import type { RealtimeHandlerOptions } from './msw.js';
import type { TransportOptions } from './options.js';

/**
 * One option: its check, and what it expects, in words ("expected <option> to be <words>"). Each
 * table below `satisfies` a record over its options type's keys, so an option added to the type
 * without a check here (which would then be refused as unknown) fails to compile.
 */
export interface OptionSpec {
  schema: z.ZodType;
  expected: string;
}

export const callback: OptionSpec = {
  schema: z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function'),
  expected: 'a function',
};
export const plainObject = z.custom<object>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
);

/** The options of {@link TransportOptions}, as every transport that accepts connections takes them. */
export const TRANSPORT_OPTIONS = {
  dialect: { schema: z.enum(['auto', 'ga', 'beta']), expected: "'auto', 'ga' or 'beta'" },
  apiKeys: { schema: z.array(z.string().min(1)), expected: 'an array of API keys (strings)' },
  pace: { schema: z.enum(['fast', 'realtime']), expected: "'fast' or 'realtime'" },
  seed: { schema: z.number(), expected: 'a finite number' },
  betaRetired: { schema: z.boolean(), expected: 'true or false' },
  onFrame: callback,
} satisfies Record<keyof TransportOptions, OptionSpec>;

export const HANDLER_OPTIONS = {
  ...TRANSPORT_OPTIONS,
  url: { schema: z.string().min(1), expected: 'a WebSocket URL' },
  scenario: { schema: plainObject, expected: 'a parsed scenario (see parseScenario)' },
  readAudio: callback,
  onUser: callback,
  onScenarioEnd: callback,
} satisfies Record<keyof RealtimeHandlerOptions, OptionSpec>;

export const MEMORY_OPTIONS = {
  dialect: { schema: z.enum(['ga', 'beta']), expected: "'ga' or 'beta'" },
  seed: TRANSPORT_OPTIONS.seed,
  pace: TRANSPORT_OPTIONS.pace,
  model: { schema: z.string().min(1), expected: 'a model name' },
  intent: {
    schema: z.enum(['realtime', 'transcription']),
    expected: "'realtime' or 'transcription'",
  },
  scenario: { schema: plainObject, expected: 'a session scenario ({ scenario, readAudio })' },
  onFrame: callback,
} satisfies Record<keyof MemoryPairOptions, OptionSpec>;

/** Options whose values an error never shows. */
const SECRET = new Set(['apiKeys']);

/**
 * A check of `fn`'s options (an object of the options in `specs`, or undefined) that throws a
 * TypeError naming `fn`, the option and what it expects.
 */
export function optionsChecker(
  fn: string,
  specs: Record<string, OptionSpec>,
): (options: unknown) => void {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(specs)) shape[name] = spec.schema.optional();
  const schema = z.strictObject(shape);
  const names = Object.keys(specs).join(', ');
  return (options) => {
    if (options === undefined) return;
    if (!plainObject.safeParse(options).success)
      throw new TypeError(`${fn}: expected an options object but got ${describe(options)}.`);
    const result = schema.safeParse(options);
    if (result.success) return;
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      throw new TypeError(
        `${fn}: unknown option${issue.keys.length > 1 ? 's' : ''} ${keys} (the options are: ${names}).`,
      );
    }
    const name = String(issue.path[0]);
    const show = SECRET.has(name) ? kind : describe;
    // Inside an array or object option, the element that failed is named.
    let value: unknown = options;
    for (const key of issue.path) value = (value as Record<PropertyKey, unknown>)[key];
    const where =
      issue.path.length > 1
        ? `${name}${issue.path
            .slice(1)
            .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
            .join('')} is ${show(value)}`
        : `got ${show(value)}`;
    throw new TypeError(
      `${fn}: expected ${name} to be ${(specs[name] as OptionSpec).expected} but ${where}.`,
    );
  };
}

/** A value as an error shows it: short JSON for strings and numbers, its kind otherwise. */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kind(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : type === 'object' ? 'an object' : `a ${type}`;
}
