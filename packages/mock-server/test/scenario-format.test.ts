// The scenario file format: shipped files load, the generated JSON Schema is current and agrees
// with zod (ajv, draft 2020-12), broken files give located errors, and the matcher's semantics.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, scenarioJsonSchema } from '../src/scenario/format.js';
import {
  findScenario,
  loadScenario,
  loadScenarios,
  parseScenario,
  ScenarioError,
} from '../src/scenario/load.js';
import { matches, type Pattern } from '../src/scenario/matcher.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = join(root, 'fixtures/scenarios');
const schemaFile = join(dir, 'scenario.schema.json');
const shipped = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
  .sort();

const EXPECTED = [
  'abrupt-close',
  'active-response-race',
  'audio-turn-manual-commit',
  'barge-in-truncate',
  'beta-handshake-rejected',
  'cancel-mid-response',
  'function-call-follow-up',
  'invalid-session-update',
  'live-captions',
  'max-tokens-incomplete',
  'out-of-band-response',
  'parallel-function-calls',
  'server-error-recovery',
  'server-vad-turn',
  'text-turn',
  'transcription-after-response-done',
  'transcription-failure',
  'truncate-before-first-audio',
  'truncate-beyond-sent-audio',
];

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

describe('shipped scenarios', () => {
  it('are the expected set', () => {
    expect(shipped.map((f) => f.slice(0, -5))).toEqual(EXPECTED);
  });

  it.each(shipped)('%s loads, validates with ajv and names the schema', (file) => {
    const path = join(dir, file);
    const scenario = loadScenario(path);
    expect(scenario.name).toBe(file.slice(0, -5));
    expect(scenario.$schema).toBe('./scenario.schema.json');
    expect(scenario.rules?.length).toBeGreaterThan(0);
    expect(scenario.description).toMatch(/Rules: /);
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    expect(validate(data), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('loadScenarios loads all, findScenario resolves names and paths', () => {
    expect(loadScenarios(dir).map((s) => s.name)).toEqual(EXPECTED);
    expect(findScenario('text-turn', dir).name).toBe('text-turn');
    expect(findScenario('text-turn').name).toBe('text-turn');
    expect(findScenario(join(dir, 'abrupt-close.json')).name).toBe('abrupt-close');
    expect(() => findScenario('nope', dir)).toThrow(/known scenarios: abrupt-close, /);
  });
});

describe('generated JSON Schema', () => {
  it('is current (generator --check)', () => {
    const script = join(root, 'packages/mock-server/scripts/generate-scenario-schema.mjs');
    const out = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/current/);
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(scenarioJsonSchema());
  });
});

/** A valid base scenario to break. */
function base(): Record<string, unknown> {
  return {
    name: 'broken',
    description: 'A scenario to break.',
    dialects: ['ga'],
    strict: true,
    steps: [
      { expect: { event: { type: 'response.create' } } },
      { respond: { text: 'Hello.', audio: { ms: 1000 } } },
    ],
  };
}

/** The steps of the base, with step 1 replaced. */
function withStep(step: unknown): Record<string, unknown> {
  const s = base();
  (s.steps as unknown[])[1] = step;
  return s;
}

// Each case: the scenario, the code, the path and a piece of the message. ajv must reject the
// structurally broken ones (SCENARIO_INVALID) and accept the semantically broken ones.
const BROKEN: [string, Record<string, unknown>, string, string, RegExp][] = [
  [
    'audio ms a string',
    withStep({ respond: { audio: { ms: 'long' } } }),
    'SCENARIO_INVALID',
    '$.steps[1].respond.audio.ms',
    /expected number, found "long"/,
  ],
  [
    'audio ms zero',
    withStep({ respond: { audio: { ms: 0 } } }),
    'SCENARIO_INVALID',
    '$.steps[1].respond.audio.ms',
    /≥ 1, found 0/,
  ],
  [
    'two actions',
    withStep({ respond: {}, wait: { ms: 1 } }),
    'SCENARIO_INVALID',
    '$.steps[1]',
    /2 action keys \(respond, wait\)/,
  ],
  ['no action', withStep({ note: 'x' }), 'SCENARIO_INVALID', '$.steps[1]', /no action key/],
  [
    'unknown step key',
    withStep({ wait: { ms: 1 }, after: 'x' }),
    'SCENARIO_INVALID',
    '$.steps[1]',
    /unknown key "after"/,
  ],
  ['bad name', { ...base(), name: 'Bad_Name' }, 'SCENARIO_INVALID', '$.name', /matching/],
  [
    'no strict',
    (({ strict: _, ...s }) => s)(base()),
    'SCENARIO_INVALID',
    '$.strict',
    /expected boolean, found nothing/,
  ],
  [
    'bad dialect',
    { ...base(), dialects: ['v2'] },
    'SCENARIO_INVALID',
    '$.dialects[0]',
    /"beta", "ga"/,
  ],
  [
    'bad matcher',
    withStep({ expect: { event: { type: 'x', a: { $regex: 5 } } } }),
    'SCENARIO_INVALID',
    '$.steps[1].expect.event.a["$regex"]',
    /expected string/,
  ],
  [
    'unknown operator',
    withStep({ expect: { event: { type: 'x', a: { $nope: 1 } } } }),
    'SCENARIO_INVALID',
    '$.steps[1].expect.event.a',
    /./,
  ],
  [
    'session unknown key',
    { ...base(), session: { modalities: ['text'] } },
    'SCENARIO_INVALID',
    '$.session',
    /unknown key "modalities"/,
  ],
  [
    'fault close code',
    withStep({ fault: { close: { code: 999 } } }),
    'SCENARIO_INVALID',
    '$.steps[1].fault.close.code',
    /≥ 1000/,
  ],
  [
    'emit unknown event',
    withStep({ emit: { events: [{ type: 'response.nope' }] } }),
    'SCENARIO_INVALID_EVENT',
    '$.steps[1].emit.events[0].type',
    /not a GA server event/,
  ],
  [
    'emit invalid event',
    withStep({ emit: { events: [{ type: 'input_audio_buffer.cleared', extra: 1 }] } }),
    'SCENARIO_INVALID_EVENT',
    '$.steps[1].emit.events[0]',
    /./,
  ],
  [
    'step dialect',
    withStep({ dialects: ['beta'], wait: { ms: 1 } }),
    'SCENARIO_BAD_DIALECT',
    '$.steps[1].dialects',
    /beta/,
  ],
  [
    'session the API refuses',
    { ...base(), session: { tools: [{ type: 'function', name: 'get weather' }] } },
    'SCENARIO_INVALID_SESSION',
    '$.session.tools[0].name',
    /Invalid 'session\.tools\[0\]\.name': string does not match pattern/,
  ],
  [
    'session model',
    { ...base(), session: { model: 'gpt-realtime-mini' } },
    'SCENARIO_INVALID_SESSION',
    '$.session.model',
    /the model comes from the connection URL/,
  ],
  [
    'name mismatch',
    { ...base(), name: 'other' },
    'SCENARIO_NAME_MISMATCH',
    '$.name',
    /differs from the file name/,
  ],
];

describe('broken scenarios', () => {
  it.each(BROKEN)('%s', (_, scenario, code, path, message) => {
    const text = JSON.stringify(scenario, null, 2);
    let error: unknown;
    try {
      parseScenario(text, 'fixtures/scenarios/broken.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    expect({ code: e.code, path: e.path, file: e.file }).toEqual({
      code,
      path,
      file: 'fixtures/scenarios/broken.json',
    });
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`fixtures/scenarios/broken.json:${e.line}: ${path}: `)).toBe(true);
    expect(e.hint.length).toBeGreaterThan(0);
    // The line is the line of the value at the path (or its nearest ancestor) in the text.
    expect(e.line).toBeGreaterThanOrEqual(path === '$.strict' ? 1 : 2);
    // ajv and zod agree: structural errors fail both, semantic ones pass both.
    const structural = code === 'SCENARIO_INVALID';
    expect(validate(scenario)).toBe(!structural);
    expect(ScenarioSchema.safeParse(scenario).success).toBe(!structural);
  });

  it('reports the line of the offending value', () => {
    const text = JSON.stringify(withStep({ respond: { audio: { ms: 'long' } } }), null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"long"')) + 1;
    expect(() => parseScenario(text, 'broken.json')).toThrow(
      `broken.json:${line}: $.steps[1].respond.audio.ms: expected number, found "long"`,
    );
  });

  it('reports invalid JSON with line and column', () => {
    const text = '{\n  "name": "x",\n  "steps": [1,]\n}';
    try {
      parseScenario(text, 'x.json');
      expect.unreachable();
    } catch (e) {
      const error = e as ScenarioError;
      expect(error.code).toBe('SCENARIO_INVALID_JSON');
      expect([error.line, error.column]).toEqual([3, 15]);
      expect(error.message).toMatch(/^x\.json:3: \$: invalid JSON at column 15/);
    }
  });

  it('reports missing audio files and unreadable scenario files', () => {
    const path = join(dir, 'server-vad-turn.json');
    const text = readFileSync(path, 'utf8').replace(
      '"../audio/weather-paris.pcm"',
      '"../audio/nope.pcm"',
    );
    expect(() => parseScenario(text, path)).not.toThrow();
    const tmp = mkdtempSync(join(tmpdir(), 'scenario-'));
    try {
      writeFileSync(join(tmp, 'server-vad-turn.json'), text);
      expect(() => loadScenario(join(tmp, 'server-vad-turn.json'))).toThrow(
        /server-vad-turn\.json:\d+: \$\.steps\[2\]\.user\.audio: audio file "\.\.\/audio\/nope\.pcm" does not exist/,
      );
    } finally {
      rmSync(tmp, { recursive: true });
    }
    expect(() => loadScenario(join(dir, 'missing.json'))).toThrow(
      /SCENARIO|cannot read the file \(ENOENT\)/,
    );
  });
});

describe('matches', () => {
  const ok = (pattern: Pattern, value: unknown, context = {}) =>
    expect(matches(pattern, value, context)).toEqual({ ok: true });
  const no = (pattern: Pattern, value: unknown, path: (string | number)[], reason: RegExp) => {
    const r = matches(pattern, value);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.path).toEqual(path);
      expect(r.reason).toMatch(reason);
    }
  };

  it('matches literals exactly and objects as subsets', () => {
    ok('a', 'a');
    ok(null, null);
    ok({ type: 'x' }, { type: 'x', extra: 1 });
    no({ type: 'x' }, { type: 'y' }, ['type'], /expected "x", found "y"/);
    no(1, '1', [], /expected 1, found "1"/);
    no({ a: { b: 1 } }, { a: {} }, ['a', 'b'], /found nothing/);
  });

  it('matches arrays by length and element', () => {
    ok([1, { a: 2 }], [1, { a: 2, b: 3 }]);
    no([1], [1, 2], [], /expected 1 elements, found 2/);
    no([1, 2], [1, 3], [1], /expected 2/);
  });

  it('$any checks JSON types', () => {
    ok({ $any: 'string' }, '');
    ok({ $any: 'integer' }, 3);
    ok({ $any: 'any' }, null);
    ok({ a: { $any: 'array' } }, { a: [] });
    no({ $any: 'integer' }, 3.5, [], /integer/);
    no({ a: { $any: 'any' } }, {}, ['a'], /found nothing/);
    no({ $any: 'object' }, [], [], /expected object/);
  });

  it('$regex, $range, $literal, $anyOf, $absent', () => {
    ok({ $regex: '^call_' }, 'call_1');
    no({ $regex: '^call_' }, 'item_1', [], /matching/);
    ok({ $range: [0, 10] }, 10);
    ok({ $range: [null, 0] }, -5);
    no({ $range: [1, null] }, 0, [], /\[1, ∞\]/);
    ok({ $literal: { $schema: 'x' } }, { $schema: 'x' });
    no({ $literal: { a: 1 } }, { a: 1, b: 2 }, [], /expected an object/);
    ok({ $anyOf: ['a', { $any: 'number' }] }, 2);
    no({ $anyOf: ['a', 'b'] }, 'c', [], /none of 2/);
    ok({ role: { $absent: true } }, { type: 'function_call_output' });
    no({ role: { $absent: true } }, { role: 'user' }, ['role'], /expected no value/);
  });

  it('$json parses a string and matches inside', () => {
    ok({ arguments: { $json: { city: 'Paris' } } }, { arguments: '{"city":"Paris","n":1}' });
    no({ $json: { city: 'Paris' } }, '{"city":"Rome"}', ['city'], /"Paris"/);
    no({ $json: {} }, 'not json', [], /not JSON/);
  });

  it('$lteAudioSent and $ref read the context', () => {
    const truncate = {
      type: 'conversation.item.truncate',
      item_id: { $ref: 'lastAudioItemId' },
      audio_end_ms: { $lteAudioSent: true },
    } as const;
    const context = { audioSentMs: 1200, refs: { lastAudioItemId: 'item_1' } };
    ok(
      truncate,
      { type: 'conversation.item.truncate', item_id: 'item_1', audio_end_ms: 1200 },
      context,
    );
    const over = matches(
      truncate,
      { type: 'conversation.item.truncate', item_id: 'item_1', audio_end_ms: 1300 },
      context,
    );
    expect(over).toEqual({
      ok: false,
      path: ['audio_end_ms'],
      reason: 'expected a number from 0 to 1200 (audio sent, ms), found 1300',
    });
    expect(matches({ $lteAudioSent: true }, 0).ok).toBe(false);
    expect(
      matches(
        truncate,
        { type: 'conversation.item.truncate', item_id: 'item_2', audio_end_ms: 5 },
        context,
      ),
    ).toMatchObject({ ok: false, path: ['item_id'] });
    expect(matches({ $ref: 'lastCallId' }, 'c', context)).toMatchObject({
      ok: false,
      reason: /not known yet/,
    });
  });
});
