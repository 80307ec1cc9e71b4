import { z } from 'zod';
import type { EventSchema } from './dialect.js';

/**
 * The fast path of the parse API: event schemas compiled ahead of time by zod's own compiler
 * (`z.compile`), once per schema variant and event type: the hot types on first use, the others
 * once they recur (see {@link COMPILE_AFTER}).
 *
 * Why zod's compiler and not a hand-written checker: the compiled code is generated from the very
 * schema object the runtime parser walks (its shape keys, checks, catchall and our base64 check
 * function), so it cannot drift from the schema when a field is added, removed or retyped. Its
 * contract is the one this package needs:
 *
 * - it accepts only what the runtime accepts, and then returns the value the runtime would (a fresh
 *   object: the shape's keys, plus unknown keys in lenient mode; strict mode rejects them);
 * - on anything else it hands the input to the runtime parser of the original schema, so errors,
 *   paths and messages are always the runtime's.
 *
 * `test/fast-path.test.ts` holds it to that on every fixture and on thousands of mutated events.
 *
 * @note A schema the compiler cannot model (async checks, a few exotic constructs) is kept as it
 * is: still correct, only slower. {@link HOT_EVENT_TYPES} must never be in that case; a test and
 * the bench check it. With `z.config({ jitless: true })` (no `new Function`, e.g. under a strict
 * CSP) nothing is compiled.
 */

/** Parses one event value; `safeParse` of a compiled clone, or of the schema itself. */
export type EventParser = Pick<z.ZodType, 'safeParse'>;

/**
 * The events that make up most of a realtime stream, per dialect and direction: 100 ms audio
 * chunks, and text and transcript deltas. They are compiled on their first parse.
 */
export const HOT_EVENT_TYPES = {
  beta: {
    client: ['input_audio_buffer.append'],
    server: [
      'response.audio.delta',
      'response.audio_transcript.delta',
      'response.text.delta',
      'conversation.item.input_audio_transcription.delta',
      'response.function_call_arguments.delta',
    ],
  },
  ga: {
    client: ['input_audio_buffer.append'],
    server: [
      'response.output_audio.delta',
      'response.output_audio_transcript.delta',
      'response.output_text.delta',
      'conversation.item.input_audio_transcription.delta',
      'response.function_call_arguments.delta',
    ],
  },
} as const;

/**
 * Compiles one event schema. Returns the compiled clone, or the schema itself when the compiler
 * refuses it (or compiling is switched off with `jitless`).
 *
 * @param schema the event schema; it is not modified
 */
export function compileEventSchema(schema: EventSchema): EventParser {
  if (z.config().jitless === true) return schema;
  // Never throws: z.compile hands back the schema unchanged when it cannot compile it.
  return z.compile(schema);
}

/** Whether zod's compiler accepts a schema as a whole (no fallback to the runtime for it). */
export function isCompilable(schema: EventSchema): boolean {
  try {
    z.compile(schema, { strict: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses of one event type after which it is compiled, for the types that are not hot.
 *
 * @note Compiling costs far more than one parse (from about a millisecond for a small event to
 * tens of milliseconds for `session.updated`), and fresh generated code runs slowly until V8 has
 * optimised it. A type seen a handful of times in a session is cheaper on the runtime parser;
 * one seen this often keeps coming, and then the compiled parser pays for itself.
 */
export const COMPILE_AFTER = 100;

interface Entry {
  readonly schema: EventSchema;
  parser: EventParser;
  uses: number;
}

/**
 * The parsers of one event map (one dialect, direction and variant). A hot type is compiled on
 * its first parse, any other type on its {@link COMPILE_AFTER}th; until then the schema parses
 * itself. Each is compiled at most once for the life of the process.
 */
export class EventParserTable {
  readonly #schemas: Readonly<Record<string, EventSchema>>;
  readonly #hot: ReadonlySet<string>;
  readonly #entries = new Map<string, Entry>();

  /**
   * @param schemas the event map keyed by wire `type`
   * @param hot the types to compile on first use
   */
  constructor(schemas: Readonly<Record<string, EventSchema>>, hot: readonly string[] = []) {
    this.#schemas = schemas;
    this.#hot = new Set(hot);
  }

  /** The parser of one event type, or `undefined` when the map has no such type. */
  get(type: string): EventParser | undefined {
    let entry = this.#entries.get(type);
    if (entry === undefined) {
      if (!Object.hasOwn(this.#schemas, type)) return undefined;
      const schema = this.#schemas[type] as EventSchema;
      entry = { schema, parser: schema, uses: this.#hot.has(type) ? COMPILE_AFTER - 1 : 0 };
      this.#entries.set(type, entry);
    }
    if (entry.uses < COMPILE_AFTER && ++entry.uses === COMPILE_AFTER) {
      entry.parser = compileEventSchema(entry.schema);
    }
    return entry.parser;
  }

  /** Whether a type's parser is compiled yet (for tests and the bench). */
  isCompiled(type: string): boolean {
    const entry = this.#entries.get(type);
    return entry !== undefined && entry.parser !== entry.schema;
  }
}
