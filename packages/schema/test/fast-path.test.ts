// Rule: the fast path gives exactly the zod schema's verdicts. When it accepts, the runtime parser
// accepts too and returns the same data (same keys, in the same order; lenient keeps unknown keys,
// strict rejects them); when it does not, the runtime decides, so the issues are the runtime's.
// Proven on every fixture and on thousands of seeded mutations of the hot events.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { DialectName, Direction, EventSchema } from '../src/dialect.js';
import { fromZodIssue } from '../src/errors.js';
import {
  COMPILE_AFTER,
  compileEventSchema,
  type EventParser,
  EventParserTable,
  type FlatParse,
  flatFastPath,
  HOT_EVENT_TYPES,
  isCompilable,
  type TextParse,
  textFastPath,
} from '../src/fast-path.js';
import { beta, ga, type ParseOptions, parseClientEvent, parseServerEvent } from '../src/index.js';
import type { KitOptions } from '../src/kit.js';

const fixturesDir = fileURLToPath(new URL('../../../fixtures/events', import.meta.url));
const dialects = { beta, ga } as const;
const DIALECTS: DialectName[] = ['beta', 'ga'];
const DIRECTIONS: Direction[] = ['client', 'server'];

interface Fixture {
  readonly file: string;
  readonly event: unknown;
  readonly options: Omit<ParseOptions, 'dialect'>;
}

/** Every fixture of one dialect and direction: valid examples and the events of invalid ones. */
function fixtures(dialect: DialectName, direction: Direction): Map<string, Fixture[]> {
  const byType = new Map<string, Fixture[]>();
  const root = join(fixturesDir, dialect, direction);
  const walk = (dir: string, type: string | undefined): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, type ?? name);
      else if (name.endsWith('.json') && type !== undefined) {
        const json = JSON.parse(readFileSync(path, 'utf8'));
        const invalid = dir.endsWith('invalid');
        const list = byType.get(type) ?? [];
        list.push({
          file: path.slice(fixturesDir.length + 1),
          event: invalid ? json.event : json,
          options: invalid ? (json.options ?? {}) : {},
        });
        byType.set(type, list);
      }
    }
  };
  try {
    walk(root, undefined);
  } catch {
    // a dialect or direction without fixtures yet
  }
  return byType;
}

const VARIANTS: KitOptions[] = [];
for (const strictness of ['lenient', 'strict'] as const) {
  for (const base64 of ['structure', 'full'] as const) {
    for (const sampleWidth of [2, 1] as const) VARIANTS.push({ strictness, base64, sampleWidth });
  }
}

function eventMap(dialect: DialectName, direction: Direction, kit: KitOptions) {
  const schemas = dialects[dialect].variant(kit);
  return (direction === 'client' ? schemas.clientEvents : schemas.serverEvents) as Readonly<
    Record<string, EventSchema>
  >;
}

// Compiled once per schema object, as parse.ts does.
const compiledCache = new WeakMap<EventSchema, EventParser>();
function compiled(schema: EventSchema): EventParser {
  let parser = compiledCache.get(schema);
  if (parser === undefined) {
    parser = compileEventSchema(schema);
    compiledCache.set(schema, parser);
  }
  return parser;
}

/**
 * Where two values differ, or `undefined` when they are the same: primitives by `Object.is`,
 * objects by prototype and own keys in order (so key order counts), recursively. Written out
 * rather than `toStrictEqual`, which reads a `constructor` key, and events may carry one.
 */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.length !== keysB.length || keysA.some((k, i) => k !== keysB[i])) {
    return `${path}: keys ${String(keysA)} vs ${String(keysB)}`;
  }
  for (const key of keysA) {
    const why = difference(
      (a as Record<PropertyKey, unknown>)[key],
      (b as Record<PropertyKey, unknown>)[key],
      `${path}.${String(key)}`,
    );
    if (why) return why;
  }
  return undefined;
}

const flatCache = new WeakMap<EventSchema, FlatParse | null>();
function flat(schema: EventSchema): FlatParse | null {
  let parse = flatCache.get(schema);
  if (parse === undefined) {
    parse = flatFastPath(schema) ?? null;
    flatCache.set(schema, parse);
  }
  return parse;
}

const textCache = new WeakMap<EventSchema, TextParse | null>();
function textParse(schema: EventSchema): TextParse | null {
  let parse = textCache.get(schema);
  if (parse === undefined) {
    const flatParse = flat(schema);
    parse = (flatParse !== null && textFastPath(schema, flatParse)) || null;
    textCache.set(schema, parse);
  }
  return parse;
}

/** Times the text fast path answered (accepted), to prove the tests reach it. */
let textAccepted = 0;

/**
 * Why the text fast path and `JSON.parse` + zod disagree on `text`, or `undefined` when they
 * agree. The text path may decline anything; what it accepts, zod must accept from JSON.parse of
 * the same text, with the same data (keys in the same order).
 */
function textDisagreement(schema: EventSchema, text: string): string | undefined {
  const parse = textParse(schema);
  if (parse === null) return undefined;
  const data = parse(text);
  if (data === undefined) return undefined;
  textAccepted++;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the text fast path accepts text JSON.parse rejects';
  }
  const want = (schema as z.ZodType).safeParse(value);
  if (!want.success) return 'the text fast path accepts what zod rejects';
  const why = difference(data, want.data);
  return why && `text fast path data differs at ${why}`;
}

/** The value as JSON text, or `undefined` when it has none (a BigInt, a cycle). */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Times the flat fast path answered (accepted) in `disagreement`, to prove the tests reach it. */
let flatAccepted = 0;

/** Why the fast path and the runtime disagree on `value`, or `undefined` when they agree. */
function disagreement(schema: EventSchema, value: unknown): string | undefined {
  const want = (schema as z.ZodType).safeParse(value, { reportInput: true });
  const flatParse = flat(schema);
  if (flatParse !== null && value !== null && typeof value === 'object') {
    const data = flatParse(value);
    if (data !== undefined) {
      flatAccepted++;
      if (!want.success) return 'the flat fast path accepts what zod rejects';
      if (data === value) return 'the flat fast path returned its input';
      const why = difference(data, want.data);
      if (why) return `flat fast path data differs at ${why}`;
    }
    // As parse.ts calls it on an event it parsed from text: may answer with that very object.
    const text = jsonText(value);
    if (text?.startsWith('{')) {
      const whyText = textDisagreement(schema, text);
      if (whyText) return whyText;
      const owned = JSON.parse(text);
      const wantOwned = (schema as z.ZodType).safeParse(JSON.parse(text));
      const dataOwned = flatParse(owned, true);
      if (dataOwned !== undefined) {
        flatAccepted++;
        if (!wantOwned.success) return 'the flat fast path accepts parsed text zod rejects';
        const why = difference(dataOwned, wantOwned.data);
        if (why) return `flat fast path data (from text) differs at ${why}`;
      }
    }
  }
  const got = compiled(schema).safeParse(value, { reportInput: true });
  if (got.success !== want.success) return `success ${got.success}, zod says ${want.success}`;
  if (want.success) {
    if (got.data === value) return 'returned its input instead of a fresh value';
    const why = difference(got.data, want.data);
    return why && `data differs at ${why}`;
  }
  const why = difference(got.error?.issues, want.error?.issues);
  return why && `issues differ at ${why}`;
}

describe('fast path', () => {
  it('compiles every hot event type whole (no silent fallback to the slow runtime)', () => {
    let checked = 0;
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const map = eventMap(dialect, direction, VARIANTS[0] as KitOptions);
        for (const type of HOT_EVENT_TYPES[dialect][direction]) {
          // A hot type the map lacks would never get the fast path: a renamed event, say.
          expect(Object.hasOwn(map, type), `${dialect} ${direction} map has ${type}`).toBe(true);
          expect(isCompilable(map[type] as EventSchema), `${dialect} ${type}`).toBe(true);
          expect(compiled(map[type] as EventSchema)).not.toBe(map[type]);
          // All hot types but the input transcription delta (it has a logprobs array) are flat: a
          // field of a kind the flat path does not know would silently cost it that path.
          const isFlat = type !== 'conversation.item.input_audio_transcription.delta';
          expect(
            flatFastPath(map[type] as EventSchema) !== undefined,
            `${dialect} ${type} flat`,
          ).toBe(isFlat);
          checked++;
        }
      }
    }
    expect(checked).toBe(12);
  });

  it('agrees with zod on every fixture of every event type, strict and lenient', () => {
    const problems: string[] = [];
    let cases = 0;
    // The base64 and sample-width variants only change audio checks: the hot types get all eight.
    const kits = VARIANTS.filter((k) => (k.base64 === 'structure') === (k.sampleWidth === 2));
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const byType = fixtures(dialect, direction);
        for (const kit of kits) {
          const map = eventMap(dialect, direction, kit);
          for (const [type, list] of byType) {
            if (!Object.hasOwn(map, type)) continue;
            for (const fixture of list) {
              cases++;
              const why = disagreement(map[type] as EventSchema, fixture.event);
              if (why) problems.push(`${fixture.file} (${JSON.stringify(kit)}): ${why}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(cases).toBeGreaterThan(0);
  }, 120_000);

  it('gives parseClientEvent / parseServerEvent the runtime verdict, data and issues on every fixture', () => {
    const problems: string[] = [];
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const parse = direction === 'client' ? parseClientEvent : parseServerEvent;
        for (const [type, list] of fixtures(dialect, direction)) {
          for (const fixture of list) {
            const strict = fixture.options.strict ?? direction === 'client';
            const format = fixture.options.audioFormat;
            const kit: KitOptions = {
              strictness: strict ? 'strict' : 'lenient',
              base64: fixture.options.base64 ?? 'structure',
              sampleWidth:
                format === undefined || format === 'pcm16' || format === 'audio/pcm' ? 2 : 1,
            };
            const map = eventMap(dialect, direction, kit);
            if (!Object.hasOwn(map, type)) continue;
            const want = (map[type] as z.ZodType).safeParse(fixture.event, { reportInput: true });
            const got = parse(fixture.event, { dialect, ...fixture.options });
            if (got.success !== want.success) problems.push(`${fixture.file}: verdict differs`);
            else if (want.success && JSON.stringify(got.data) !== JSON.stringify(want.data)) {
              problems.push(`${fixture.file}: data differs`);
            } else if (!want.success) {
              const issues = want.error.issues.map(fromZodIssue);
              if (JSON.stringify(got.error?.issues) !== JSON.stringify(issues)) {
                problems.push(`${fixture.file}: issues differ`);
              }
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('parse API around the fast path', () => {
  it('never throws when reading the event throws (a getter, say)', () => {
    const event = (delta: () => string) => ({
      event_id: 'e',
      type: 'response.output_audio.delta',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      content_index: 0,
      get delta(): string {
        return delta();
      },
    });
    const r = parseServerEvent(
      event(() => {
        throw new Error('boom');
      }),
      { dialect: 'ga' },
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unparseable' });
    expect(r.error?.message).toContain('boom');
    const ok = parseServerEvent(
      event(() => 'AAAA'),
      { dialect: 'ga', audioFormat: 'g711_ulaw' },
    );
    expect(ok).toMatchObject({ success: true, data: { delta: 'AAAA' } });
  });
});

describe('jitless', () => {
  it('builds no fast path when zod is told not to generate code, and parses all the same', () => {
    const schema = ga.serverEvents['response.output_audio.delta'] as unknown as EventSchema;
    z.config({ jitless: true });
    try {
      expect(flatFastPath(schema)).toBeUndefined();
      expect(compileEventSchema(schema)).toBe(schema);
    } finally {
      z.config({ jitless: false });
    }
    expect(flatFastPath(schema)).toBeTypeOf('function');
  });
});

describe('EventParserTable', () => {
  const map = ga.serverEvents as unknown as Readonly<Record<string, EventSchema>>;
  const hot = HOT_EVENT_TYPES.ga.server;

  it("builds a hot type's fast paths on its first parse, and compiles any other once it recurs", () => {
    const table = new EventParserTable(map, hot);
    const audio = table.entry('response.output_audio.delta');
    expect(audio?.parser).not.toBe(map['response.output_audio.delta']);
    expect(audio?.flat).toBeTypeOf('function');
    expect(table.isCompiled('response.output_audio.delta')).toBe(true);
    expect(table.entry('response.output_audio.delta')).toBe(audio);
    // `error` nests an object: not flat, and on the runtime parser until it recurs.
    expect(table.entry('error')?.flat).toBeUndefined();
    for (let n = 2; n < COMPILE_AFTER; n++) expect(table.entry('error')?.parser).toBe(map.error);
    expect(table.isCompiled('error')).toBe(false);
    const compiledError = table.entry('error')?.parser;
    expect(compiledError).not.toBe(map.error);
    expect(table.isCompiled('error')).toBe(true);
    expect(table.entry('error')?.parser).toBe(compiledError);
    // A flat type has its flat path from the first parse; zod's compiler waits.
    expect(table.entry('input_audio_buffer.cleared')?.flat).toBeTypeOf('function');
    expect(table.isCompiled('input_audio_buffer.cleared')).toBe(false);
  });

  it("knows only the map's own types", () => {
    const table = new EventParserTable(map, hot);
    for (const type of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'response.audio.delta',
    ]) {
      expect(table.entry(type)).toBeUndefined();
    }
  });

  it('gives the same result before and after a type is compiled', () => {
    const event = {
      event_id: 'event_1',
      type: 'error',
      error: { type: 'invalid_request_error', message: 'no', code: null, extra: [1] },
      future: { a: 1 },
    };
    const results = Array.from({ length: COMPILE_AFTER + 5 }, () =>
      JSON.stringify(parseServerEvent(JSON.stringify(event), { dialect: 'ga', base64: 'full' })),
    );
    expect(new Set(results).size).toBe(1);
    expect(JSON.parse(results[0] as string)).toMatchObject({ success: true, data: event });
  });
});

// ---- mutations ---------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every run mutates the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

const ODD_VALUES: readonly unknown[] = [
  null,
  undefined,
  true,
  0,
  -0,
  -1,
  0.5,
  1e21,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  [],
  [1, 'a'],
  {},
  { nested: { deep: [1, { a: null }] } },
  10n,
  Symbol('odd'),
];

const BAD_BASE64 = [
  base64Of(1),
  base64Of(3),
  base64Of(4801),
  'AAA',
  'AA=A',
  'A===',
  '====',
  'AAAA====',
  '=AAA',
  'AA==AA==',
  '',
];
const NON_ALPHABET = ['*', '-', '_', ' ', '\n', '\t', '.', 'é', 'Ā', '\u0000', '😀'];
const UNKNOWN_KEYS = [
  'extra',
  'future_field',
  'constructor',
  'toString',
  'hasOwnProperty',
  '__proto__',
];

type Mutation = (event: Record<string, unknown>, random: () => number, keys: string[]) => string;

const MUTATIONS: readonly Mutation[] = [
  function drop(event, random, keys) {
    const key = pick(random, keys);
    delete event[key];
    return `drop ${key}`;
  },
  function addUnknown(event, random) {
    const key = pick(random, UNKNOWN_KEYS);
    // defineProperty: `__proto__` as an own key, as JSON.parse makes it.
    Object.defineProperty(event, key, {
      value: pick(random, ODD_VALUES),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return `add ${key}`;
  },
  function retype(event, random, keys) {
    const key = pick(random, keys);
    event[key] = pick(random, ODD_VALUES);
    return `retype ${key}`;
  },
  function oddBytes(event, random, keys) {
    const key = pick(random, keys);
    event[key] = base64Of(pick(random, [1, 3, 5, 4799, 2, 4800]));
    return `bytes ${key}`;
  },
  function badPadding(event, random, keys) {
    const key = pick(random, keys);
    event[key] = pick(random, BAD_BASE64);
    return `padding ${key}`;
  },
  function nonAlphabet(event, random, keys) {
    const key = pick(random, keys);
    const value = typeof event[key] === 'string' ? (event[key] as string) : base64Of(48);
    const at = Math.floor(random() * value.length);
    event[key] = value.slice(0, at) + pick(random, NON_ALPHABET) + value.slice(at + 1);
    return `char ${key}`;
  },
  function index(event, random, keys) {
    const numeric = keys.filter((k) => typeof event[k] === 'number');
    const key = numeric.length > 0 ? pick(random, numeric) : pick(random, keys);
    event[key] = pick(random, [-1, -0, 0.5, 1.5, 2 ** 53, 2 ** 53 - 1, 1e300, Number.NaN, 3]);
    return `index ${key}`;
  },
  function nested(event, random, keys) {
    const key = random() < 0.5 ? pick(random, keys) : 'metadata';
    event[key] = { a: [1, 2, { b: 'c' }], d: { e: { f: null } } };
    return `nested ${key}`;
  },
  function eventType(event, random) {
    event.type = pick(random, [
      '',
      'error',
      'response.audio.delta',
      'response.output_audio.delta',
      1,
    ]);
    return 'type';
  },
  function longString(event, random, keys) {
    // Lengths around a 512 limit, in UTF-16 units and in code points (zod counts code points).
    const key = pick(random, keys);
    event[key] = pick(random, [
      'x'.repeat(512),
      'x'.repeat(513),
      '😀'.repeat(256),
      '😀'.repeat(257),
      '😀'.repeat(300),
    ]);
    return `long ${key}`;
  },
  function symbolKey(event) {
    event[Symbol('extra') as unknown as string] = 1;
    return 'symbol key';
  },
  function hiddenKey(event, random, keys) {
    const key = pick(random, [...keys, 'extra']);
    Object.defineProperty(event, key, {
      value: event[key] ?? 1,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    return `non-enumerable ${key}`;
  },
  function nullPrototype(event) {
    Object.setPrototypeOf(event, null);
    return 'null prototype';
  },
  function inherited(event, random, keys) {
    // A value passed as an object may carry inherited properties; only own keys are the event's.
    const key = pick(random, keys);
    const value = event[key];
    delete event[key];
    Object.setPrototypeOf(event, { [key]: value });
    return `inherit ${key}`;
  },
];

/** Valid events of a hot type: its fixtures, plus audio of a few sizes where the field is audio. */
function seeds(
  type: string,
  list: readonly Fixture[],
  schema: EventSchema,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const fixture of list) {
    if (!(schema as z.ZodType).safeParse(fixture.event).success) continue;
    const event = fixture.event as Record<string, unknown>;
    out.push(event);
    for (const field of ['delta', 'audio']) {
      if (
        typeof event[field] === 'string' &&
        type.includes('audio.') &&
        !type.includes('transcript')
      ) {
        for (const bytes of [0, 2, 4800]) out.push({ ...event, [field]: base64Of(bytes) });
      }
    }
  }
  return out;
}

const clone = (event: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(event));

interface Tally {
  problems: string[];
  accepted: number;
  rejected: number;
}

/** Mutates each valid event of each type `budget` times (spread over its seeds) per variant. */
function mutateAndCompare(
  dialect: DialectName,
  direction: Direction,
  types: readonly string[],
  kits: readonly KitOptions[],
  budget: number,
  random: () => number,
): Tally {
  const byType = fixtures(dialect, direction);
  const tally: Tally = { problems: [], accepted: 0, rejected: 0 };
  for (const type of types) {
    for (const kit of kits) {
      const schema = eventMap(dialect, direction, kit)[type];
      if (schema === undefined) continue;
      const shapeKeys = Object.keys(schema.shape);
      const valid = seeds(type, byType.get(type) ?? [], schema);
      const perSeed = Math.ceil(budget / Math.max(1, valid.length));
      for (const seed of valid) {
        for (let n = 0; n < perSeed; n++) {
          const event = clone(seed);
          const keys = [...new Set([...shapeKeys, ...Object.keys(event)])];
          const labels: string[] = [];
          const count = 1 + Math.floor(random() * 2);
          for (let m = 0; m < count; m++) labels.push(pick(random, MUTATIONS)(event, random, keys));
          const why = disagreement(schema, event);
          if (why)
            tally.problems.push(`${type} [${labels.join(', ')}] ${JSON.stringify(kit)}: ${why}`);
          if ((schema as z.ZodType).safeParse(event).success) tally.accepted++;
          else tally.rejected++;
        }
      }
    }
  }
  return tally;
}

describe('fast path on mutated events', () => {
  for (const dialect of DIALECTS) {
    for (const direction of DIRECTIONS) {
      const seed = (dialect === 'ga' ? 0xc0ffee : 0xbeef) + (direction === 'client' ? 1 : 0);

      it(`agrees with zod on thousands of seeded mutations of ${dialect} hot ${direction} events`, () => {
        const flatBefore = flatAccepted;
        const textBefore = textAccepted;
        const hot = HOT_EVENT_TYPES[dialect][direction];
        const t = mutateAndCompare(dialect, direction, hot, VARIANTS, 160, prng(seed));
        expect(t.problems).toEqual([]);
        // Not vacuous: both verdicts, over a thousand cases, many through the flat path.
        expect(t.accepted + t.rejected).toBeGreaterThanOrEqual(1000);
        expect(t.accepted).toBeGreaterThan(50);
        expect(t.rejected).toBeGreaterThan(50);
        expect(flatAccepted - flatBefore).toBeGreaterThan(50);
        // The audio type's text fast path saw the same events as JSON text.
        expect(textAccepted - textBefore).toBeGreaterThan(20);
      });

      it(`agrees with zod on seeded mutations of every other flat ${dialect} ${direction} event`, () => {
        const flatBefore = flatAccepted;
        const kits = VARIANTS.filter((k) => k.base64 === 'structure' && k.sampleWidth === 2);
        const hot: readonly string[] = HOT_EVENT_TYPES[dialect][direction];
        const map = eventMap(dialect, direction, kits[0] as KitOptions);
        const flatTypes = Object.keys(map).filter(
          (type) => !hot.includes(type) && flatFastPath(map[type] as EventSchema) !== undefined,
        );
        const t = mutateAndCompare(dialect, direction, flatTypes, kits, 40, prng(seed + 2));
        expect(t.problems).toEqual([]);
        expect(flatTypes.length).toBeGreaterThan(2);
        expect(flatAccepted - flatBefore).toBeGreaterThan(flatTypes.length);
      });
    }
  }

  it('reads exactly the keys of the live shape, in the flat fast path of every flat event', () => {
    let checked = 0;
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const map = eventMap(dialect, direction, VARIANTS[0] as KitOptions);
        for (const [type, schema] of Object.entries(map)) {
          const parse = flatFastPath(schema);
          if (parse === undefined) continue;
          const read = [...String(parse).matchAll(/input\[("[^"]*")\]/g)].map((m) =>
            JSON.parse(m[1] as string),
          );
          expect(read, `${dialect} ${type}`).toEqual(Object.keys(schema.shape));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("checks every field of the shape: dropping or retyping any shape key gives zod's verdict", () => {
    // The fast path is generated from the schema, so a field added to or removed from a shape is
    // checked the moment it exists; this walks the live shape to prove it for each field.
    const problems: string[] = [];
    let fields = 0;
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const byType = fixtures(dialect, direction);
        for (const type of HOT_EVENT_TYPES[dialect][direction]) {
          for (const kit of VARIANTS) {
            const schema = eventMap(dialect, direction, kit)[type];
            const seed = schema && seeds(type, byType.get(type) ?? [], schema)[0];
            if (schema === undefined || seed === undefined) continue;
            for (const key of Object.keys(schema.shape)) {
              fields++;
              for (const value of [undefined, null, 1.5, -1, 'x', {}, [], true]) {
                const event = { ...seed, [key]: value };
                if (value === undefined) delete event[key];
                const why = disagreement(schema, event);
                if (why) problems.push(`${dialect} ${type}.${key} = ${String(value)}: ${why}`);
              }
            }
            const extra = { ...seed, not_in_the_shape: 1 };
            const strictRejects = !compiled(schema).safeParse(extra).success;
            if (strictRejects !== (kit.strictness === 'strict')) {
              problems.push(`${dialect} ${type}: unknown key in ${kit.strictness} mode`);
            }
            const why = disagreement(schema, extra);
            if (why) problems.push(`${dialect} ${type} + unknown key: ${why}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(fields).toBeGreaterThan(0);
  });
});

// ---- the text fast path, on mutated JSON text --------------------------------------------------

/** The hot types with base64 audio: the ones that get a text fast path. */
const AUDIO_TYPES = {
  beta: { client: 'input_audio_buffer.append', server: 'response.audio.delta' },
  ga: { client: 'input_audio_buffer.append', server: 'response.output_audio.delta' },
} as const;

/** Where a JSON token may be followed by whitespace: after `{`, `:` and `,`, and before `}`. */
const STRUCTURAL = /[{:,]|(?=\})/g;

type TextMutation = (text: string, random: () => number) => string;

/** Places in `text` where `pattern` matches; `[]` when none. */
const positions = (text: string, pattern: RegExp): number[] =>
  [...text.matchAll(pattern)].map((m) => (m.index ?? 0) + m[0].length);

const TEXT_MUTATIONS: readonly TextMutation[] = [
  function whitespace(text, random) {
    const at = pick(random, positions(text, STRUCTURAL));
    return text.slice(0, at) + pick(random, [' ', '\n', '\t', '\r', '  ']) + text.slice(at);
  },
  function anyChar(text, random) {
    // A char anywhere replaced by one JSON or base64 treats specially.
    const at = Math.floor(random() * text.length);
    const c = pick(random, ['\\', '"', '\u0000', '\n', '\t', ' ', '\u001f', 'é', '=', '-', '}']);
    return text.slice(0, at) + c + text.slice(at + 1);
  },
  function insertChar(text, random) {
    const at = Math.floor(random() * text.length);
    const c = pick(random, ['\\', '"', '\u0000', '\n', ' ', '\u007f', 'Ā', '😀', ',', '=']);
    return text.slice(0, at) + c + text.slice(at);
  },
  function unicodeEscape(text, random) {
    // The same JSON value written with an escape: JSON.parse reads it as before.
    const at = text.indexOf(pick(random, ['t', 'e', 'a', 'A', '/', '+', 'i']), 2);
    if (at < 0) return text;
    const code = text.charCodeAt(at).toString(16).padStart(4, '0');
    return `${text.slice(0, at)}${pick(random, [`\\u${code}`, `\\u${code.toUpperCase()}`])}${text.slice(at + 1)}`;
  },
  function solidus(text, random) {
    const at = text.indexOf('/', Math.floor(random() * text.length));
    return at < 0 ? text : `${text.slice(0, at)}\\/${text.slice(at + 1)}`;
  },
  function duplicate(text, random) {
    // A key again, before or after the rest: JSON.parse keeps its first place and last value.
    const event = JSON.parse(text) as Record<string, unknown>;
    const key = pick(random, Object.keys(event));
    const value = pick(random, [event[key], '', 'AAAA', 0, 'x']);
    const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    return random() < 0.5 ? `{${member},${text.slice(1)}` : `${text.slice(0, -1)},${member}}`;
  },
  function number(text, random) {
    const found = /"(output_index|content_index)":(\d+)/.exec(text);
    if (found === null) return text;
    const odd = pick(random, ['1.0', '0.0', '1e0', '1E2', '-0', '-1', '01', '00', '-', '1.5']);
    const big = pick(random, ['100000000000000', '1000000000000000', '9007199254740993', '1e21']);
    return text.replace(found[0], `"${found[1]}":${random() < 0.8 ? odd : big}`);
  },
  function reorder(text, random) {
    const event = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(event);
    const moved = pick(random, keys);
    const order = [...keys.filter((k) => k !== moved), moved];
    return JSON.stringify(Object.fromEntries(order.map((k) => [k, event[k]])));
  },
  function cut(text, random) {
    return text.slice(0, Math.floor(random() * text.length));
  },
  function trailing(text, random) {
    return text + pick(random, [' ', '\n', '}', ',', 'x', '\u0000']);
  },
  function leading(text, random) {
    return pick(random, [' ', '\uFEFF', '\n', '[']) + text;
  },
  function unknownKey(text, random) {
    const key = pick(random, [...UNKNOWN_KEYS, 'audio_', 'typ', 'delta2', 'event_id\u0000']);
    const member = `${JSON.stringify(key)}:${pick(random, ['1', '"x"', '{}', 'null', '[]'])}`;
    return random() < 0.5 ? `{${member},${text.slice(1)}` : `${text.slice(0, -1)},${member}}`;
  },
  function otherValue(text, random) {
    const event = JSON.parse(text) as Record<string, unknown>;
    const key = pick(random, Object.keys(event));
    const value = pick(random, ['true', 'false', 'null', '{"a":1}', '[]', '""', '"\\u0000"', '0']);
    return text.replace(
      `${JSON.stringify(key)}:${JSON.stringify(event[key])}`,
      `${JSON.stringify(key)}:${value}`,
    );
  },
  function audioLength(text, random) {
    // Audio of another length: padding, odd sizes, not a multiple of 4.
    const event = JSON.parse(text) as Record<string, unknown>;
    const key = 'audio' in event ? 'audio' : 'delta';
    event[key] = pick(random, [...BAD_BASE64, base64Of(2), base64Of(6), base64Of(4802)]);
    return JSON.stringify(event);
  },
];

describe('text fast path', () => {
  it('is built for the audio types only, and only with a flat path', () => {
    for (const dialect of DIALECTS) {
      for (const direction of DIRECTIONS) {
        const map = eventMap(dialect, direction, VARIANTS[0] as KitOptions);
        const with_ = Object.keys(map).filter((type) => textParse(map[type] as EventSchema));
        expect(with_, `${dialect} ${direction}`).toContain(AUDIO_TYPES[dialect][direction]);
        // Every type it is built for has base64 audio (a text fast path elsewhere gains little).
        for (const type of with_) expect(type).toMatch(/audio/);
      }
    }
    const schema = ga.serverEvents['response.output_audio.delta'] as unknown as EventSchema;
    z.config({ jitless: true });
    try {
      const table = new EventParserTable(
        ga.serverEvents as unknown as Readonly<Record<string, EventSchema>>,
        HOT_EVENT_TYPES.ga.server,
      );
      expect(table.entry('response.output_audio.delta')?.text).toBeUndefined();
    } finally {
      z.config({ jitless: false });
    }
    expect(flatFastPath(schema)).toBeTypeOf('function');
  });

  for (const dialect of DIALECTS) {
    for (const direction of DIRECTIONS) {
      const type = AUDIO_TYPES[dialect][direction];
      const seed = (dialect === 'ga' ? 0x7e47 : 0x7e48) + (direction === 'client' ? 2 : 0);

      it(`agrees with JSON.parse and zod on seeded mutations of ${dialect} ${type} text`, () => {
        const byType = fixtures(dialect, direction);
        const random = prng(seed);
        const problems: string[] = [];
        let accepted = 0;
        let declined = 0;
        for (const kit of VARIANTS) {
          const schema = eventMap(dialect, direction, kit)[type] as EventSchema;
          const parse = textParse(schema);
          expect(parse, `${dialect} ${type} ${JSON.stringify(kit)}`).not.toBeNull();
          for (const event of seeds(type, byType.get(type) ?? [], schema)) {
            const text = JSON.stringify(event);
            // The plain text of a valid event is taken when the flat path takes the event and
            // its audio is in the base64 alphabet (the proof the text path needs).
            const audio = (event as Record<string, unknown>).audio ?? event.delta;
            const taken = (flat(schema) as FlatParse)(JSON.parse(text), true) !== undefined;
            const alphabet = typeof audio === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(audio);
            if (taken && alphabet && parse?.(text) === undefined) {
              problems.push(`declines plain ${text.slice(0, 100)} ${JSON.stringify(kit)}`);
            }
            for (let n = 0; n < 60; n++) {
              let mutated = text;
              const labels: string[] = [];
              for (let m = 1 + Math.floor(random() * 2); m > 0; m--) {
                const mutation = pick(random, TEXT_MUTATIONS);
                try {
                  mutated = mutation(mutated, random);
                } catch {
                  continue; // a mutation that needs valid JSON, after one that broke it
                }
                labels.push(mutation.name);
              }
              const why = textDisagreement(schema, mutated);
              if (why) problems.push(`[${labels.join(', ')}] ${JSON.stringify(kit)}: ${why}`);
              if (parse?.(mutated) === undefined) declined++;
              else accepted++;
            }
          }
        }
        expect(problems).toEqual([]);
        // Not vacuous: mutations it takes (an escape-free duplicate, a reorder) and many it leaves.
        expect(accepted).toBeGreaterThan(100);
        expect(declined).toBeGreaterThan(500);
      });
    }
  }

  describe('in the parse API', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const append = (audio: string) =>
      `{"event_id":"event_1","type":"input_audio_buffer.append","audio":"${audio}"}`;

    it('reads a plain audio event without JSON.parse, and falls back to it for anything else', () => {
      const audio = base64Of(4800);
      const jsonParse = vi.spyOn(JSON, 'parse');
      const plain = parseClientEvent(append(audio));
      expect(plain).toEqual({
        success: true,
        data: { event_id: 'event_1', type: 'input_audio_buffer.append', audio },
      });
      expect(jsonParse).not.toHaveBeenCalled();
      // Whitespace, an escape: JSON.parse reads them, with the same result.
      const spaced = parseClientEvent(append(audio).replace(',"audio"', ', "audio"'));
      expect(spaced).toEqual(plain);
      expect(jsonParse).toHaveBeenCalledTimes(1);
      const escaped = parseClientEvent(append(audio.replace('B', '\\u0042')));
      expect(escaped).toEqual(plain);
      expect(jsonParse).toHaveBeenCalledTimes(2);
    });

    it('gives the usual verdict and error when the text fast path declines', () => {
      const audio = base64Of(4800);
      const cases: [string, string][] = [
        [append(`${audio.slice(0, 100)}\n${audio.slice(101)}`), 'invalid_json'],
        [append(`${audio.slice(0, 100)}\u0000${audio.slice(101)}`), 'invalid_json'],
        [`${append(audio)} x`, 'invalid_json'],
        [append(audio.slice(1)), 'custom'],
        [append(base64Of(4801)), 'custom'],
        [append(audio).replace('}', ',"extra":1}'), 'unrecognized_keys'],
      ];
      for (const [text, code] of cases) {
        const r = parseClientEvent(text);
        expect(r.success, text.slice(-40)).toBe(false);
        expect(r.error?.issues[0]?.code).toBe(code);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          continue;
        }
        expect(JSON.stringify(parseClientEvent(value))).toBe(JSON.stringify(r));
      }
    });

    it('is the same for server audio deltas, in both dialects', () => {
      const delta = base64Of(4800);
      for (const [dialect, type] of [
        ['ga', 'response.output_audio.delta'],
        ['beta', 'response.audio.delta'],
      ] as const) {
        const text = `{"type":"${type}","event_id":"event_2","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":"${delta}"}`;
        const jsonParse = vi.spyOn(JSON, 'parse');
        const r = parseServerEvent(text, { dialect });
        expect(jsonParse).not.toHaveBeenCalled();
        jsonParse.mockRestore();
        expect(JSON.stringify(r)).toBe(
          JSON.stringify(parseServerEvent(JSON.parse(text), { dialect })),
        );
        expect(r.success).toBe(true);
      }
    });
  });
});
