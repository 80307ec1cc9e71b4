// Fidelity of the generated JSON Schema (json-schema/, made by scripts/generate-json-schema.mjs):
// every file compiles with ajv in strict mode, and ajv and zod agree on every fixture event.
//
// Base64 audio: zod checks it by decoding (length a multiple of 4, `=` padding at the end, whole
// 16-bit samples for pcm16), which JSON Schema states only as `contentEncoding: "base64"`, an
// annotation validators do not check. A consumer in any language does what this test does: it
// teaches its validator that keyword (ajv: a keyword; Python jsonschema: a validator for
// `contentEncoding`), decodes with a strict RFC 4648 decoder, and checks the byte count is a whole
// number of samples of the session's audio format (2 bytes for pcm16, 1 for G.711).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnySchemaObject, ErrorObject, KeywordDefinition, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parseClientEvent, parseServerEvent } from '../src/index.js';

const schemaDir = fileURLToPath(new URL('../json-schema', import.meta.url));
const fixtureDir = fileURLToPath(new URL('../../../fixtures/events', import.meta.url));
const ID_PREFIX = 'soundcheck:schema/';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

const rel = (base: string, path: string) => relative(base, path).split(sep).join('/');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const schemaFiles = new Map<string, AnySchemaObject>(
  walk(schemaDir)
    .map((path) => [rel(schemaDir, path), readJson(path) as AnySchemaObject] as const)
    .filter(([path]) => path !== 'index.json'),
);

/** How strictly base64 is read: the whole RFC 4648 alphabet, or (zod's default) structure only. */
interface Base64Reading {
  alphabet: boolean;
  sampleWidth: 1 | 2;
}

const RFC4648 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// The same shape with any character but '=' as data: what zod's default `structure` check reads
// (length, padding, whole samples; not the alphabet). It also refuses an '=' inside the data, which
// zod's structure check leaves to its `full` (alphabet) check: no fixture has one.
const STRUCTURE = /^(?:[^=]{4})*(?:[^=]{2}==|[^=]{3}=)?$/;

/** Decoded byte count of base64 text, or `undefined` when it is not base64. */
function decodedBytes(value: string, alphabet: boolean): number | undefined {
  if (alphabet) {
    return RFC4648.test(value) ? Buffer.from(value, 'base64').length : undefined;
  }
  if (!STRUCTURE.test(value)) return undefined;
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

/** `contentEncoding` as a validating keyword: decode, then check whole samples. */
function contentEncodingKeyword(reading: Base64Reading): KeywordDefinition {
  return {
    keyword: 'contentEncoding',
    type: 'string',
    schemaType: 'string',
    compile(encoding: string) {
      if (encoding !== 'base64') throw new Error(`unsupported contentEncoding ${encoding}`);
      return (data: string) => {
        const bytes = decodedBytes(data, reading.alphabet);
        return bytes !== undefined && bytes % reading.sampleWidth === 0;
      };
    },
  };
}

// zod's z.url() is `format: "uri"`, which zod reads with the WHATWG URL parser, as a JS consumer does.
const FORMATS = { uri: (value: string) => URL.canParse(value) };

const ajvCache = new Map<string, Ajv2020>();

/** An ajv with every generated schema added, strict, reading base64 as asked (or not at all). */
function ajvFor(reading: Base64Reading | 'annotation-only'): Ajv2020 {
  const key = JSON.stringify(reading);
  let ajv = ajvCache.get(key);
  if (ajv === undefined) {
    ajv = new Ajv2020({
      strict: true,
      allowUnionTypes: true,
      discriminator: true,
      allErrors: true,
      formats: FORMATS,
      // Skips ajv's code optimisation passes: same validators, half the compile time.
      code: { optimize: false },
    });
    if (reading !== 'annotation-only') {
      ajv.removeKeyword('contentEncoding');
      ajv.addKeyword(contentEncodingKeyword(reading));
    }
    for (const schema of schemaFiles.values()) ajv.addSchema(schema);
    ajvCache.set(key, ajv);
  }
  return ajv;
}

const PCM16: Base64Reading = { alphabet: false, sampleWidth: 2 };

function validator(path: string, reading: Base64Reading | 'annotation-only' = PCM16) {
  const validate = ajvFor(reading).getSchema(`${ID_PREFIX}${path}`);
  if (validate === undefined) throw new Error(`no generated schema json-schema/${path}`);
  return validate;
}

/** Subschemas that are base64 audio and also carry a `pattern`. */
function audioWithPattern(node: unknown): unknown[] {
  if (node === null || typeof node !== 'object') return [];
  const own = 'contentEncoding' in node && 'pattern' in node ? [node] : [];
  return [...own, ...Object.values(node).flatMap(audioWithPattern)];
}

const pcm = (bytes: number) => Buffer.alloc(bytes, 1).toString('base64');

describe('generated files', () => {
  it('exist, with one index listing them all', () => {
    const index = readJson(join(schemaDir, 'index.json')) as { files: { path: string }[] };
    expect(index.files.map((f) => f.path)).toEqual([...schemaFiles.keys()]);
    expect(schemaFiles.size).toBeGreaterThan(0);
  });

  it('are exported as @soundcheck/schema/json-schema/*', () => {
    const resolved = createRequire(import.meta.url).resolve(
      '@soundcheck/schema/json-schema/ga/client-events.json',
    );
    expect(resolved).toBe(join(schemaDir, 'ga/client-events.json'));
  });

  it.each([...schemaFiles.keys()])('%s compiles in strict mode and carries its header', (path) => {
    const schema = schemaFiles.get(path) as AnySchemaObject;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`${ID_PREFIX}${path}`);
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.$comment).toContain('Generated by scripts/generate-json-schema.mjs');
    expect(schema.$comment).toContain('Do not edit');
    // Compiling is what getSchema does; the instance is strict, so an unknown keyword throws.
    expect(() => validator(path)).not.toThrow();
    // Audio is stated as contentEncoding, never as a (slow, lossy) pattern.
    expect(audioWithPattern(schema)).toEqual([]);
  });
});

// --- zod and ajv agree on every fixture ------------------------------------------------------

interface Fixture {
  path: string;
  dialect: 'beta' | 'ga';
  direction: 'client' | 'server';
  invalid: boolean;
  event: unknown;
  options: { strict?: boolean; base64?: 'structure' | 'full'; audioFormat?: string };
}

const fixtures: Fixture[] = walk(fixtureDir).map((file) => {
  const path = rel(fixtureDir, file);
  const parts = path.split('/');
  const invalid = parts.at(-2) === 'invalid';
  const json = readJson(file) as { event?: unknown; options?: Fixture['options'] };
  return {
    path,
    dialect: parts[0] as Fixture['dialect'],
    direction: parts[1] as Fixture['direction'],
    invalid,
    event: invalid ? json.event : json,
    options: invalid ? (json.options ?? {}) : {},
  };
});

/** Which generated schemas judge a fixture: the bundle of its strictness, and its event's file. */
function ajvVerdict(fixture: Fixture): { valid: boolean; errors: ErrorObject[] } {
  const { dialect, direction, options } = fixture;
  const defaultStrict = direction === 'client';
  const strict = options.strict ?? defaultStrict;
  const suffix = strict === defaultStrict ? '' : strict ? '-strict' : '-lenient';
  const reading: Base64Reading = {
    alphabet: options.base64 === 'full',
    sampleWidth:
      options.audioFormat === undefined || ['pcm16', 'audio/pcm'].includes(options.audioFormat)
        ? 2
        : 1,
  };
  // A message on the wire is text: like the parse API, read JSON text before validating it.
  let event = fixture.event;
  if (typeof event === 'string') {
    try {
      event = JSON.parse(event);
    } catch {
      return { valid: false, errors: [] };
    }
  }
  const validators: ValidateFunction[] = [
    validator(`${dialect}/${direction}-events${suffix}.json`, reading),
  ];
  const type = (event as { type?: unknown } | null)?.type;
  const own = `${dialect}/${direction}/${String(type)}.json`;
  if (suffix === '' && typeof type === 'string' && schemaFiles.has(own)) {
    validators.push(validator(own, reading));
  }
  const verdicts = validators.map((validate) => ({
    valid: validate(event) as boolean,
    errors: validate.errors ?? [],
  }));
  // The bundle and the event's own file must agree with each other too.
  expect(new Set(verdicts.map((v) => v.valid)).size).toBe(1);
  return verdicts[0] as { valid: boolean; errors: ErrorObject[] };
}

/**
 * Fixtures on which zod and ajv are known to disagree, each because a zod refinement (a check
 * function) is not stated in the generated JSON Schema. index.json lists every such refinement.
 * Each entry is asserted to still disagree: once the schema states the check in `.meta()` with
 * JSON Schema keywords, the test fails until the entry is removed.
 */
// Fixtures where zod and the JSON Schema may disagree because a zod check has no JSON Schema
// form. Empty: every check is expressed (MessageItem and Modalities carry their rule in `.meta`).
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

describe('zod and ajv agree on every fixture', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it('lists known gaps only for fixtures that exist', () => {
    const paths = new Set(fixtures.map((f) => f.path));
    expect(Object.keys(KNOWN_GAPS).filter((path) => !paths.has(path))).toEqual([]);
  });

  it.each(fixtures.map((f) => [f.path, f] as const))('%s', (path, fixture) => {
    const parse = fixture.direction === 'client' ? parseClientEvent : parseServerEvent;
    const zod = parse(fixture.event, { dialect: fixture.dialect, ...fixture.options } as never);
    const ajv = ajvVerdict(fixture);
    const why = `zod: ${zod.success ? 'valid' : zod.error.message}\najv: ${
      ajv.valid ? 'valid' : JSON.stringify(ajv.errors.map((e) => `${e.instancePath} ${e.message}`))
    }`;
    const gap = KNOWN_GAPS[path];
    if (gap === undefined) {
      expect(ajv.valid, why).toBe(zod.success);
    } else {
      const stale = `known gap (${gap}) is closed: remove it from KNOWN_GAPS\n${why}`;
      expect({ zod: zod.success, ajv: ajv.valid }, stale).toEqual({ zod: false, ajv: true });
    }
  });
});

// --- base64 audio -----------------------------------------------------------------------------

describe('contentEncoding: base64', () => {
  const append = (audio: string) => ({ type: 'input_audio_buffer.append', audio });
  const path = 'ga/client/input_audio_buffer.append.json';

  it('is what makes ajv reject pcm16 audio of an odd byte count, as zod does', () => {
    expect(parseClientEvent(append(pcm(3))).success).toBe(false);
    expect(validator(path)(append(pcm(3)))).toBe(false);
    // As a bare annotation (ajv's default) the keyword checks nothing: the two would disagree.
    expect(validator(path, 'annotation-only')(append(pcm(3)))).toBe(true);
    expect(validator(path)(append(pcm(4)))).toBe(true);
  });

  it.each([
    ['not a multiple of 4', 'AAAAA', 'structure', false],
    ['padding not at the end', 'AA=A', 'structure', false],
    ['three padding characters', 'A===', 'structure', false],
    ['outside the alphabet, structure only', 'AA*AAA==', 'structure', true],
    ['outside the alphabet, full check', 'AA*AAA==', 'full', false],
    ['whole samples, full check', pcm(6), 'full', true],
  ] as const)('%s: zod and ajv agree', (_label, audio, base64, expected) => {
    const zod = parseClientEvent(append(audio), { base64 }).success;
    const ajv = validator(path, { alphabet: base64 === 'full', sampleWidth: 2 })(append(audio));
    expect([zod, ajv]).toEqual([expected, expected]);
  });

  it('accepts an odd byte count for G.711 (1-byte samples) in both', () => {
    const event = append(pcm(3));
    expect(parseClientEvent(event, { audioFormat: 'g711_ulaw' }).success).toBe(true);
    expect(validator(path, { alphabet: false, sampleWidth: 1 })(event)).toBe(true);
  });
});

// --- shape of the output ----------------------------------------------------------------------

describe('generated schema snapshots', () => {
  it('ga client input_audio_buffer.append (the file as written)', () => {
    const text = readFileSync(join(schemaDir, 'ga/client/input_audio_buffer.append.json'), 'utf8');
    expect(text).toMatchInlineSnapshot(`
      "{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "soundcheck:schema/ga/client/input_audio_buffer.append.json",
        "title": "InputAudioBufferAppendEvent",
        "$comment": "Generated by scripts/generate-json-schema.mjs from the zod schemas of @soundcheck/schema. Do not edit: run \`pnpm generate\`.",
        "type": "object",
        "properties": {
          "event_id": {
            "type": "string",
            "maxLength": 512,
            "description": "Optional client-generated ID of this event, passed back in an \`error\` event it causes."
          },
          "type": {
            "type": "string",
            "const": "input_audio_buffer.append"
          },
          "audio": {
            "type": "string",
            "contentEncoding": "base64",
            "description": "Base64-encoded audio bytes in the session input audio format."
          }
        },
        "required": [
          "type",
          "audio"
        ],
        "additionalProperties": false
      }
      "
    `);
  });

  it('ga client bundle root (without $defs)', () => {
    const { $defs, ...root } = schemaFiles.get('ga/client-events.json') as AnySchemaObject;
    expect(Object.keys($defs as object).length).toBeGreaterThan(0);
    expect(JSON.stringify(root, null, 2)).toMatchInlineSnapshot(`
      "{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "soundcheck:schema/ga/client-events.json",
        "title": "GA client events (strict)",
        "$comment": "Generated by scripts/generate-json-schema.mjs from the zod schemas of @soundcheck/schema. Do not edit: run \`pnpm generate\`.",
        "type": "object",
        "discriminator": {
          "propertyName": "type"
        },
        "oneOf": [
          {
            "$ref": "#/$defs/conversation.item.create"
          },
          {
            "$ref": "#/$defs/conversation.item.delete"
          },
          {
            "$ref": "#/$defs/conversation.item.retrieve"
          },
          {
            "$ref": "#/$defs/conversation.item.truncate"
          },
          {
            "$ref": "#/$defs/input_audio_buffer.append"
          },
          {
            "$ref": "#/$defs/input_audio_buffer.clear"
          },
          {
            "$ref": "#/$defs/input_audio_buffer.commit"
          },
          {
            "$ref": "#/$defs/output_audio_buffer.clear"
          },
          {
            "$ref": "#/$defs/response.cancel"
          },
          {
            "$ref": "#/$defs/response.create"
          },
          {
            "$ref": "#/$defs/session.update"
          }
        ]
      }"
    `);
  });
});

describe('bundles', () => {
  const event = {
    event_id: 'event_1',
    type: 'response.output_audio.delta',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: -1,
    content_index: 0,
    delta: pcm(4),
  };

  it('pick the branch by type: a bad field yields errors from its own branch only', () => {
    const validate = validator('ga/server-events.json');
    expect(validate({ ...event, output_index: 0 })).toBe(true);
    expect(validate(event)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.schemaPath])).toEqual([
      ['/output_index', '#/$defs/response.output_audio.delta/properties/output_index/minimum'],
    ]);
  });

  it('report an unknown type as a bad tag, not as every branch failing', () => {
    const validate = validator('ga/server-events.json');
    expect(validate({ ...event, type: 'response.audio.delta' })).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['discriminator']);
  });

  it('without the discriminator, the same event would fail in every branch', () => {
    const {
      discriminator: _d,
      $id: _id,
      ...plain
    } = schemaFiles.get('ga/server-events.json') as AnySchemaObject;
    const ajv = new Ajv2020({
      strict: true,
      allowUnionTypes: true,
      allErrors: true,
      formats: FORMATS,
    });
    const validate = ajv.compile(plain);
    expect(validate(event)).toBe(false);
    const branches = new Set(validate.errors?.map((e) => e.schemaPath.split('/')[2]));
    expect(branches.size).toBeGreaterThan(1);
  });
});
