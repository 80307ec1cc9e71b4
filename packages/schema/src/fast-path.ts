import { z } from 'zod';
import {
  alphabetConfirmed,
  type Base64AudioOptions,
  base64AudioChecks,
  base64Problem,
  hasNativeAtob,
} from './common/base64.js';
import type { EventSchema } from './dialect.js';

/**
 * The fast path of the parse API, in two layers, both built from the event schema itself (never
 * from a second, hand-kept list of fields), so a field added, removed or retyped in a schema is
 * checked the moment it exists:
 *
 * 1. {@link flatFastPath}: for events whose shapes are flat (strings, literals, non-negative
 *    integers, base64 audio), as the hot ones are, a small checker generated from the shape's
 *    keys and their zod definitions. It accepts only a plain event that has exactly the shape's
 *    keys and passes every check, and returns the object zod would (same keys, same order). On
 *    anything else (an unknown key, a wrong type, a bad chunk of audio) it answers "ask zod".
 *    For the audio events it goes one step further: {@link textFastPath} reads the event straight
 *    from its JSON text, without `JSON.parse`, when the text is in the plain form clients and
 *    servers write, and hands the object to the flat checker.
 * 2. {@link compileEventSchema}: zod's own ahead-of-time compiler (`z.compile`), which accepts
 *    exactly what zod's runtime accepts and otherwise hands the input to the runtime parser of the
 *    original schema, so errors, paths and messages are always the runtime's.
 *
 * `test/fast-path.test.ts` holds both to zod's verdicts on every fixture and on thousands of
 * mutated events.
 *
 * @note With `z.config({ jitless: true })` (no `new Function`, e.g. under a strict CSP) neither
 * layer is built: every event goes to the runtime parser, correct but slower.
 */

/** Parses one event value; `safeParse` of a compiled clone, or of the schema itself. */
export type EventParser = Pick<z.ZodType, 'safeParse'>;

/**
 * A flat fast path: the parsed event, or `undefined` to let zod decide. `owned` says the value is
 * fresh from `JSON.parse` and nothing else holds it: a plain object of plain data properties,
 * which is returned as it is when it already is what zod would build. Otherwise the result is a
 * fresh object, as zod's is.
 */
export type FlatParse = (value: object, owned?: boolean) => object | undefined;

/**
 * The events that make up most of a realtime stream, per dialect and direction: 100 ms audio
 * chunks, and text and transcript deltas. They get both fast-path layers on their first parse.
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

const jitless = (): boolean => z.config().jitless === true;

/**
 * Compiles one event schema with `z.compile`. Returns the compiled clone, or the schema itself
 * when the compiler refuses it (or compiling is switched off with `jitless`).
 */
export function compileEventSchema(schema: EventSchema): EventParser {
  // Never throws: z.compile hands the schema back unchanged when it cannot compile it.
  return jitless() ? schema : z.compile(schema);
}

/** Whether zod's compiler takes a schema whole (no fallback to the runtime for any of it). */
export function isCompilable(schema: EventSchema): boolean {
  try {
    z.compile(schema, { strict: true });
    return true;
  } catch {
    return false;
  }
}

// ---- flat shapes -------------------------------------------------------------------------------

type Def = {
  type: string;
  checks?: { _zod: { def: Record<string, unknown>; check?: unknown } }[];
  innerType?: z.ZodType;
  values?: unknown[];
  catchall?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** One field's checks as JavaScript over `v`, each returning `undefined` on failure; or `null`. */
function fieldChecks(
  schema: z.ZodType,
  v: string,
  constant: (x: unknown) => string,
): string | null {
  const def = defOf(schema);
  const lines: string[] = [];
  if (def.type === 'literal') {
    const [value, ...more] = def.values ?? [];
    if (typeof value !== 'string' || more.length > 0) return null;
    lines.push(`if (${v} !== ${JSON.stringify(value)}) return undefined;`);
  } else if (def.type === 'string') {
    lines.push(`if (typeof ${v} !== "string") return undefined;`);
  } else if (def.type === 'number') {
    lines.push(`if (typeof ${v} !== "number" || !Number.isFinite(${v})) return undefined;`);
  } else {
    return null;
  }
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    // zod gives length checks a default `when` (run on values that have a length): a string has.
    if (c.when !== undefined && c.check !== 'max_length') return null;
    if (def.type === 'string' && c.check === 'max_length' && typeof c.maximum === 'number') {
      // zod counts code points; UTF-16 units bound them from above, so this never over-accepts.
      lines.push(`if (${v}.length > ${c.maximum}) return undefined;`);
    } else if (def.type === 'string' && base64AudioChecks.has(check._zod.check as object)) {
      // Base64 audio (a `.check()` from base64Audio): it fails exactly when base64Problem names a
      // problem, so call that. Any other check function makes the shape not flat.
      const audio = base64AudioChecks.get(check._zod.check as object) as Base64AudioOptions;
      const b64 = constant(base64Problem);
      lines.push(
        `if (${b64}(${v}, ${JSON.stringify(audio.check)}, ${audio.sampleWidth}) !== undefined) return undefined;`,
      );
    } else if (def.type === 'number' && c.check === 'number_format' && c.format === 'safeint') {
      lines.push(`if (!Number.isSafeInteger(${v})) return undefined;`);
    } else if (def.type === 'number' && c.check === 'greater_than' && typeof c.value === 'number') {
      lines.push(`if (!(${v} ${c.inclusive ? '>=' : '>'} ${c.value})) return undefined;`);
    } else {
      return null;
    }
  }
  return lines.join('\n');
}

const MAX_OPTIONAL = 3;

/**
 * Builds the flat fast path of an event schema, or returns `undefined` when the schema is not
 * flat: an object with no checks of its own, strict or loose, whose fields are string literals,
 * strings (with at most a length limit, or base64 audio), finite numbers (safe integer, lower
 * bound), each optionally `.optional()` (at most three).
 *
 * The generated checker reads each shape key once, then counts the event's keys, so an unknown
 * key (which strict mode rejects and lenient mode keeps) sends the event to zod.
 */
export function flatFastPath(schema: EventSchema): FlatParse | undefined {
  const def = defOf(schema);
  const catchall = def.catchall && defOf(def.catchall).type;
  if (def.type !== 'object' || (def.checks ?? []).length > 0 || jitless()) return undefined;
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return undefined;
  const names: string[] = [];
  const values: unknown[] = [];
  const constant = (x: unknown): string => {
    names.push(`c${names.length}`);
    values.push(x);
    return names[names.length - 1] as string;
  };
  const keys = Object.keys(schema.shape);
  // `"__proto__": v` in an object literal would set the prototype, not a key.
  if (keys.includes('__proto__')) return undefined;
  const optional: number[] = [];
  const body = [
    'if (!owned && Object.getPrototypeOf(input) !== OBJECT) return undefined;',
    'let m = 0, o = 0;',
  ];
  for (const [i, key] of keys.entries()) {
    let field = schema.shape[key] as z.ZodType;
    const isOptional = defOf(field).type === 'optional';
    if (isOptional) field = defOf(field).innerType as z.ZodType;
    const checks = fieldChecks(field, `v${i}`, constant);
    if (checks === null) return undefined;
    body.push(`const v${i} = input[${JSON.stringify(key)}];`);
    if (isOptional) {
      body.push(`if (v${i} !== undefined) {\n${checks}\nm |= ${1 << optional.length}; o++;\n}`);
      optional.push(i);
    } else {
      body.push(checks);
    }
  }
  if (optional.length > MAX_OPTIONAL) return undefined;
  // Exactly the shape's keys, each enumerable and defined: every key seen is one of them (keys
  // from for-in are internalized, so these compare by pointer), and as many as were read.
  // Also note whether they come in the shape's order.
  const cases = keys.map(
    (key, i) =>
      `case ${JSON.stringify(key)}: ${optional.includes(i) ? `if (v${i} === undefined) return undefined; ` : ''}n++; if (${i} < last) inOrder = false; last = ${i}; break;`,
  );
  body.push(
    'let n = 0, last = -1, inOrder = true;',
    `for (const k in input) {\nswitch (k) {\n${cases.join('\n')}\ndefault: return undefined;\n}\n}`,
  );
  body.push(`if (n !== ${keys.length - optional.length} + o) return undefined;`);
  // The output zod builds: the shape's keys in shape order, an absent optional key left out.
  // An object fresh from JSON.parse that has exactly those, in that order, is that output.
  body.push('if (owned && inOrder) return input;', 'switch (m) {');
  for (let m = 0; m < 1 << optional.length; m++) {
    const present = keys
      .map((key, i) => ({ key, i }))
      .filter(({ i }) => !optional.includes(i) || (m & (1 << optional.indexOf(i))) !== 0);
    body.push(
      `case ${m}: return { ${present.map(({ key, i }) => `${JSON.stringify(key)}: v${i}`).join(', ')} };`,
    );
  }
  body.push('}', 'return undefined;');
  try {
    const factory = new Function(
      'OBJECT',
      ...names,
      `return (input, owned) => {\n${body.join('\n')}\n};`,
    );
    return factory(Object.prototype, ...values) as FlatParse;
  } catch {
    // `new Function` refused (a Content Security Policy without 'unsafe-eval'): no flat path.
    return undefined;
  }
}

// ---- straight from the text ------------------------------------------------------------------

/**
 * Reads an event from its JSON text without `JSON.parse`: the object `JSON.parse` would build, or
 * `undefined` to let `JSON.parse` and the checkers decide.
 */
export type TextParse = (text: string) => object | undefined;

/** Whether JSON writes `text` as it is, between quotes (no quote, backslash or control char). */
const isPlainJsonString = (text: string): boolean => JSON.stringify(text) === `"${text}"`;

/** Longest plain string (not base64 audio) the text fast path reads char by char. */
const MAX_PLAIN = 256;
/** Largest integer the text fast path reads: 15 digits are always exact in a double. */
const MAX_DIGITS = 15;

/**
 * Builds the text fast path of a flat event schema that has a base64 audio field, or returns
 * `undefined`. JSON.parse of a 100 ms audio event spends nearly all its time scanning the base64
 * for quotes, backslashes and control characters; here one native `indexOf` finds the closing
 * quote and one native `atob` proves the rest (see {@link alphabetConfirmed}), about half the cost.
 *
 * It takes only the plain form: `{"key":value,...}` with no whitespace, each key one of the
 * shape's (so never `__proto__`), each value a string without escapes or control characters
 * (base64 audio proven by `atob`, other strings up to {@link MAX_PLAIN} units checked one by one)
 * or an integer of at most {@link MAX_DIGITS} digits. The object is built by assignment in text
 * order, as `JSON.parse` builds it (a repeated key keeps its first place and its last value), and
 * then given to `flat` as if fresh from `JSON.parse`. Anything else (whitespace, an escape, a
 * fraction, `true`, an unknown key, a literal that does not match, a flat check that fails) is
 * `undefined`: the caller then parses the text the usual way, so every verdict, error and value is
 * the one `JSON.parse` and the schema give.
 */
export function textFastPath(schema: EventSchema, flat: FlatParse): TextParse | undefined {
  if (!hasNativeAtob) return undefined;
  const keys = Object.keys(schema.shape);
  const audio: boolean[] = [];
  const literals: (string | undefined)[] = [];
  for (const key of keys) {
    let field = schema.shape[key] as z.ZodType;
    if (defOf(field).type === 'optional') field = defOf(field).innerType as z.ZodType;
    const def = defOf(field);
    audio.push((def.checks ?? []).some((c) => base64AudioChecks.has(c._zod.check as object)));
    const literal = def.type === 'literal' ? def.values?.[0] : undefined;
    // A literal JSON would escape is left to the general string path (and so to JSON.parse).
    literals.push(typeof literal === 'string' && isPlainJsonString(literal) ? literal : undefined);
  }
  // Keys are matched as raw text: each must be one JSON writes as it is.
  if (!audio.includes(true) || keys.some((key) => !isPlainJsonString(key))) return undefined;
  const count = keys.length;
  return (text) => {
    const n = text.length;
    if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(n - 1) !== 125 /* } */) {
      return undefined;
    }
    const out: Record<string, unknown> = {};
    let at = 1;
    for (;;) {
      if (text.charCodeAt(at) !== 34 /* " */) return undefined;
      // Which of the shape's keys: `"key":` (a key with a quote or backslash in it is no key of
      // a shape here: the slice then matches none, and the text goes to JSON.parse).
      const close = text.indexOf('"', at + 1);
      if (close < 0 || text.charCodeAt(close + 1) !== 58 /* : */) return undefined;
      const name = text.slice(at + 1, close);
      let k = 0;
      while (k < count && keys[k] !== name) k++;
      if (k === count) return undefined;
      const key = keys[k] as string;
      at = close + 2;
      const c = text.charCodeAt(at);
      let value: string | number;
      const literal = literals[k];
      if (literal !== undefined) {
        // A string literal (the event's `type`): the text must have exactly it, and it is one
        // JSON writes as it is (no quote, backslash or control character: checked when built).
        if (c !== 34 || !text.startsWith(literal, at + 1)) return undefined;
        at += literal.length + 1;
        if (text.charCodeAt(at) !== 34) return undefined;
        value = literal;
        at++;
      } else if (c === 34) {
        const start = at + 1;
        const end = text.indexOf('"', start);
        if (end < 0) return undefined;
        value = text.slice(start, end);
        if (audio[k] === true) {
          if (!alphabetConfirmed(value)) return undefined;
        } else {
          if (end - start > MAX_PLAIN) return undefined;
          for (let i = start; i < end; i++) {
            const u = text.charCodeAt(i);
            if (u < 32 || u === 92 /* \ */) return undefined;
          }
        }
        at = end + 1;
      } else {
        // An integer: -?(0|[1-9][0-9]*), at most MAX_DIGITS digits.
        const negative = c === 45; /* - */
        if (negative) at++;
        const first = at;
        let number = 0;
        for (let d = text.charCodeAt(at); d >= 48 && d <= 57; d = text.charCodeAt(++at)) {
          number = number * 10 + (d - 48);
        }
        const digits = at - first;
        if (digits === 0 || digits > MAX_DIGITS) return undefined;
        if (digits > 1 && text.charCodeAt(first) === 48) return undefined;
        value = negative ? -number : number;
      }
      out[key] = value;
      const next = text.charCodeAt(at);
      if (next === 44 /* , */) {
        at++;
        continue;
      }
      if (next === 125 && at === n - 1) break;
      return undefined;
    }
    return flat(out, true);
  };
}

// ---- per-map tables ----------------------------------------------------------------------------

/**
 * Parses of one event type after which zod's compiler is run on it, for the types that are not
 * hot. (A flat type gets its flat fast path on its first parse: that costs a fraction of a
 * millisecond.)
 *
 * @note Compiling costs far more than one parse: a few milliseconds for a small event, about
 * 45 ms for `session.updated` (GA) on a 2-core AMD EPYC, during which nothing else runs. It saves
 * a few microseconds per parse, so it pays for itself only after a thousand parses or more; a
 * type seen a handful of times in a session stays on the runtime parser, and a long-running
 * process pays that pause once per type, on its thousandth event of the type.
 */
export const COMPILE_AFTER = 1000;

/** How one event type is parsed: the flat fast path when there is one, then `parser`. */
export interface EventEntry {
  readonly type: string;
  readonly schema: EventSchema;
  flat: FlatParse | undefined;
  /** A hot audio type's {@link textFastPath}, built with its flat one. */
  text: TextParse | undefined;
  parser: EventParser;
  /** Parses so far, up to {@link COMPILE_AFTER}. */
  uses: number;
}

/**
 * The parsers of one event map (one dialect, direction and variant). A hot type gets both layers
 * on its first parse; any other type gets the flat one (if its shape is flat) on its first parse
 * and zod's compiler on its {@link COMPILE_AFTER}th, and until then parses with its schema. Each
 * is built at most once for the life of the process.
 */
export class EventParserTable {
  /**
   * The hottest type's entry (audio deltas, or appends), its fast paths built up front: the parse
   * API checks it before anything else, from a call site of its own.
   */
  readonly first: EventEntry | undefined;
  /**
   * The entries by the length of their type, hot types first in each: a freshly parsed `type`
   * string has no hash yet, and comparing it with the one or two names of its length is several
   * times cheaper than hashing it for a Map.
   */
  private readonly byLength: EventEntry[][] = [];
  private readonly hot = new Set<EventEntry>();

  /**
   * @param schemas the event map keyed by wire `type`
   * @param hot the types that get both fast-path layers on first use, hottest first (absent
   *   ones are skipped)
   */
  constructor(schemas: Readonly<Record<string, EventSchema>>, hot: readonly string[] = []) {
    const types = Object.keys(schemas);
    const isHot = (type: string) => hot.includes(type);
    const ordered = [...hot.filter((t) => types.includes(t)), ...types.filter((t) => !isHot(t))];
    for (const type of ordered) {
      const schema = schemas[type] as EventSchema;
      const entry: EventEntry = {
        type,
        schema,
        flat: undefined,
        text: undefined,
        parser: schema,
        uses: 0,
      };
      if (isHot(type)) this.hot.add(entry);
      const bucket = this.byLength[type.length];
      if (bucket === undefined) this.byLength[type.length] = [entry];
      else bucket.push(entry);
    }
    const first = ordered[0] !== undefined && isHot(ordered[0]) ? this.find(ordered[0]) : undefined;
    if (first !== undefined) this.count(first);
    this.first = first;
  }

  /** How to parse one event type, or `undefined` when the map has no such type. */
  entry(type: string): EventEntry | undefined {
    const first = this.first;
    return first !== undefined && type === first.type ? first : this.other(type);
  }

  /** {@link entry} for a type the caller already knows is not the hottest one. */
  other(type: string): EventEntry | undefined {
    const entry = this.find(type);
    if (entry !== undefined && entry.uses < COMPILE_AFTER) this.count(entry);
    return entry;
  }

  /** Counts a parse of a type and builds its fast paths when it is their time. */
  private count(entry: EventEntry): void {
    if (entry.uses === 0) {
      entry.flat = flatFastPath(entry.schema);
      if (this.hot.has(entry)) {
        if (entry.flat !== undefined) entry.text = textFastPath(entry.schema, entry.flat);
        entry.parser = compileEventSchema(entry.schema);
        entry.uses = COMPILE_AFTER;
        return;
      }
    }
    if (++entry.uses === COMPILE_AFTER) entry.parser = compileEventSchema(entry.schema);
  }

  /** Whether a type's parser is compiled yet (for tests and the bench). */
  isCompiled(type: string): boolean {
    const entry = this.find(type);
    return entry !== undefined && entry.parser !== entry.schema;
  }

  private find(type: string): EventEntry | undefined {
    const bucket = this.byLength[type.length];
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const entry = bucket[i] as EventEntry;
      if (entry.type === type) return entry;
    }
    return undefined;
  }
}
