/**
 * Loads scenario files: JSON → {@link Scenario}, or a {@link ScenarioError} that names the file,
 * the line, the JSON path inside the file, what was wrong and how to fix it, e.g.
 * `fixtures/scenarios/barge-in.json:14: $.steps[2].respond.audio.ms: expected number, found "long"`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, ga } from '@soundcheck/schema';
import { z } from 'zod';
import { applySessionUpdate, defaultSession } from '../engine/session-config.js';
import {
  type Scenario,
  ScenarioSchema,
  STEP_ACTIONS,
  STEP_SCHEMAS,
  type StepAction,
} from './format.js';
import { JsonSyntaxError, locateJson, type TextPosition } from './json-locate.js';
import { describeValue } from './matcher.js';

/**
 * Stable error codes (never renamed once published):
 * - `SCENARIO_NOT_FOUND`: no file at the path, or no shipped scenario of that name.
 * - `SCENARIO_INVALID_JSON`: the text is not JSON.
 * - `SCENARIO_INVALID`: the JSON does not fit the scenario format (scenario.schema.json).
 * - `SCENARIO_NAME_MISMATCH`: `name` differs from the file name.
 * - `SCENARIO_INVALID_EVENT`: an `emit` event is not a valid GA server event (use `verbatim`).
 * - `SCENARIO_BAD_DIALECT`: a step names a dialect the scenario does not apply to.
 * - `SCENARIO_MISSING_AUDIO`: an audio file the scenario names does not exist.
 * - `SCENARIO_INVALID_SESSION`: the session defaults are refused the way the real API refuses the
 *   same `session.update` (e.g. a tool name with a space), or name a model (the URL does).
 */
export type ScenarioErrorCode =
  | 'SCENARIO_NOT_FOUND'
  | 'SCENARIO_INVALID_JSON'
  | 'SCENARIO_INVALID'
  | 'SCENARIO_NAME_MISMATCH'
  | 'SCENARIO_INVALID_EVENT'
  | 'SCENARIO_BAD_DIALECT'
  | 'SCENARIO_MISSING_AUDIO'
  | 'SCENARIO_INVALID_SESSION';

/** One problem in a scenario file. */
export interface ScenarioIssue {
  readonly code: ScenarioErrorCode;
  /** JSON path inside the file, e.g. `$.steps[2].respond.audio.ms` (`$` for the whole file). */
  readonly path: string;
  /** 1-based line of the value at `path` (or of its nearest ancestor), when known. */
  readonly line?: number;
  readonly column?: number;
  /** What was wrong: what was expected and what was found. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

/** A scenario that cannot be used. `message` is `file:line: path: problem` plus the hint. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly code: ScenarioErrorCode;
  readonly file: string;
  readonly path: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string;
  /** Every problem found; the fields above describe the first. */
  readonly issues: readonly ScenarioIssue[];

  constructor(file: string, issues: readonly [ScenarioIssue, ...ScenarioIssue[]]) {
    const [first] = issues;
    const where = first.line === undefined ? file : `${file}:${first.line}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`${where}: ${first.path}: ${first.message}${more}\n  hint: ${first.hint}`);
    this.code = first.code;
    this.file = file;
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
    this.hint = first.hint;
    this.issues = issues;
  }
}

const FORMAT_HINT = 'see fixtures/scenarios/scenario.schema.json (add "$schema" for editor help)';
const ACTIONS = Object.keys(STEP_ACTIONS) as StepAction[];

type Path = (string | number)[];

/** Whether an issue says "this value is wrong" (not "missing" or "unknown key" or "bad key"). */
function telling(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'unrecognized_keys' || issue.code === 'invalid_key') return false;
  // With `reportInput`, an issue without `input` is about a missing value.
  return (issue as { input?: unknown }).input !== undefined;
}

/**
 * The most telling zod issue of a union: the deepest one that found a wrong value inside a branch
 * (e.g. `$.a.$regex: expected string`); else the union itself.
 */
function deepest(issue: z.core.$ZodIssue): { issue: z.core.$ZodIssue; path: Path } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
    return { issue, path: issue.path as Path };
  }
  let best: { issue: z.core.$ZodIssue; path: Path } | undefined;
  for (const branch of issue.errors) {
    for (const sub of branch) {
      const found = deepest(sub);
      if (!telling(found.issue)) continue;
      const candidate = { issue: found.issue, path: [...(issue.path as Path), ...found.path] };
      if (best === undefined || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best !== undefined && best.path.length > issue.path.length
    ? best
    : { issue, path: issue.path as Path };
}

const OPERATORS = '$any, $regex, $range, $lteAudioSent, $ref, $json, $absent, $anyOf, $literal';

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, found ${describeValue(input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      return `expected ${issue.origin === 'number' ? 'a number' : `a ${issue.origin}`} ≥ ${String(issue.minimum)}${issue.origin === 'number' ? '' : ' in size'}, found ${describeValue(input)}`;
    case 'too_big':
      return `expected ${issue.origin === 'number' ? 'a number' : `a ${issue.origin}`} ≤ ${String(issue.maximum)}${issue.origin === 'number' ? '' : ' in size'}, found ${describeValue(input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeValue(input)}`;
    case 'invalid_format':
      return `expected a string matching ${issue.pattern ?? issue.format}, found ${describeValue(input)}`;
    case 'invalid_union': {
      const operators = isObject(input) ? Object.keys(input).filter((k) => k.startsWith('$')) : [];
      if (operators.length > 0) {
        return `found ${operators.join(', ')}: not an operator, or not used alone as ${OPERATORS} are`;
      }
      return `found ${describeValue(input)}, which fits none of the allowed shapes`;
    }
    default:
      return issue.message;
  }
}

/** Zod issues of one schema against one value, as scenario issues under `base`. */
function zodIssues(schema: z.ZodType, value: unknown, base: Path): [Path, string][] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.map((raw) => {
    const { issue, path } = deepest(raw);
    return [[...base, ...path], issueMessage(issue)];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural problems: top level through the schema, each step through its action's schema. */
function structuralIssues(data: unknown): [Path, string, string][] {
  const out: [Path, string, string][] = [];
  const hint = (path: Path) => `fix the value at ${formatPath(path)}; ${FORMAT_HINT}`;
  const top = ScenarioSchema.extend({ steps: z.array(z.unknown()) });
  for (const [path, message] of zodIssues(top, data, [])) out.push([path, message, hint(path)]);
  const steps = isObject(data) && Array.isArray(data.steps) ? data.steps : [];
  for (const [i, step] of steps.entries()) {
    const at: Path = ['steps', i];
    const keys = isObject(step) ? ACTIONS.filter((a) => Object.hasOwn(step, a)) : [];
    if (!isObject(step) || keys.length !== 1) {
      const found = isObject(step)
        ? keys.length === 0
          ? 'no action key'
          : `${keys.length} action keys (${keys.join(', ')})`
        : describeValue(step);
      out.push([
        at,
        `expected a step with exactly one action key, found ${found}`,
        `a step is an object with one of ${ACTIONS.join(', ')} (plus optional on, dialects, note); split combined actions into steps`,
      ]);
      continue;
    }
    const action = keys[0] as StepAction;
    for (const [path, message] of zodIssues(STEP_SCHEMAS[action], step, at)) {
      out.push([path, message, hint(path)]);
    }
  }
  return out;
}

/**
 * The session defaults as a session applies them at start (a `session.update` over the real
 * API's defaults): what the engine would refuse there is a problem of the file, found now rather
 * than when a client connects.
 */
function sessionIssues(session: Scenario['session']): Omit<ScenarioIssue, 'line' | 'column'>[] {
  if (session === undefined) return [];
  if (session.model !== undefined) {
    return [
      {
        code: 'SCENARIO_INVALID_SESSION',
        path: '$.session.model',
        message: 'the model comes from the connection URL (?model=…), not from the scenario',
        hint: 'remove "model" from $.session; clients name the model when they connect',
      },
    ];
  }
  const start = defaultSession({
    id: 'sess_scenario',
    model: 'gpt-realtime',
    expiresAt: 0,
    voice: '',
  });
  const result = applySessionUpdate(
    start,
    { ...session, type: 'realtime' },
    { audioProduced: false, eventId: undefined },
  );
  if (!('error' in result)) return [];
  const param = result.error.param;
  return [
    {
      code: 'SCENARIO_INVALID_SESSION',
      path: param?.startsWith('session.') === true ? `$.${param}` : '$.session',
      message: result.error.message,
      hint: 'fix $.session: it is applied as a session.update when a connection opens, and the real API refuses this one',
    },
  ];
}

/** Checks the format cannot state: file name, session defaults, emitted events, step dialects. */
function semanticIssues(
  scenario: Scenario,
  file: string,
): Omit<ScenarioIssue, 'line' | 'column'>[] {
  const out: Omit<ScenarioIssue, 'line' | 'column'>[] = [];
  if (extname(file) === '.json' && basename(file, '.json') !== scenario.name) {
    out.push({
      code: 'SCENARIO_NAME_MISMATCH',
      path: '$.name',
      message: `name "${scenario.name}" differs from the file name "${basename(file)}"`,
      hint: `rename the file to ${scenario.name}.json or set "name": "${basename(file, '.json')}"`,
    });
  }
  out.push(...sessionIssues(scenario.session));
  for (const [i, step] of scenario.steps.entries()) {
    for (const d of step.dialects ?? []) {
      if (!scenario.dialects.includes(d)) {
        out.push({
          code: 'SCENARIO_BAD_DIALECT',
          path: formatPath(['steps', i, 'dialects']),
          message: `step is limited to ${d}, which the scenario does not apply to`,
          hint: `add "${d}" to $.dialects or remove it from the step`,
        });
      }
    }
    if (!('emit' in step) || step.emit.verbatim === true) continue;
    for (const [j, event] of step.emit.events.entries()) {
      const at: Path = ['steps', i, 'emit', 'events', j];
      const schema = (ga.strict.serverEvents as Record<string, z.ZodType>)[event.type];
      if (schema === undefined) {
        out.push({
          code: 'SCENARIO_INVALID_EVENT',
          path: formatPath([...at, 'type']),
          message: `"${event.type}" is not a GA server event`,
          hint: 'use the canonical GA name, or set "verbatim": true to send it as written',
        });
        continue;
      }
      // The player stamps `event_id` when missing.
      const withId = { event_id: 'event_scenario', ...event };
      for (const [path, message] of zodIssues(schema, withId, at)) {
        out.push({
          code: 'SCENARIO_INVALID_EVENT',
          path: formatPath(path),
          message,
          hint: `emitted events must be valid GA "${event.type}" events; set "verbatim": true to send an invalid one on purpose`,
        });
      }
    }
  }
  return out;
}

function fail(
  file: string,
  issues: Omit<ScenarioIssue, 'line' | 'column'>[],
  locate?: (p: Path) => TextPosition,
  paths?: Path[],
): never {
  const located = issues.map((issue, n) => {
    const pos = locate?.(paths?.[n] ?? []);
    return pos === undefined ? issue : { ...issue, line: pos.line, column: pos.column };
  });
  throw new ScenarioError(file, located as [ScenarioIssue, ...ScenarioIssue[]]);
}

/** Re-parses a JSON path string made by `formatPath` (only for locating semantic issues). */
function pathOf(path: string): Path {
  const out: Path = [];
  for (const m of path.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
  }
  return out;
}

/**
 * Parses a scenario from JSON text. `fileName` is used in messages and to check `name`.
 * Pure: audio files are not checked (see {@link loadScenario}).
 *
 * @throws {ScenarioError} with code `SCENARIO_INVALID_JSON`, `SCENARIO_INVALID`, ...
 */
export function parseScenario(text: string, fileName: string): Scenario {
  let locate: (path: Path) => TextPosition;
  try {
    locate = locateJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ScenarioError(fileName, [
      {
        code: 'SCENARIO_INVALID_JSON',
        path: '$',
        line: error.position.line,
        column: error.position.column,
        message: `invalid JSON at column ${error.position.column}: ${error.message}`,
        hint: 'scenario files are plain JSON: no comments, no trailing commas, double-quoted keys',
      },
    ]);
  }
  const data: unknown = JSON.parse(text);
  const structural = structuralIssues(data);
  if (structural.length > 0) {
    fail(
      fileName,
      structural.map(([path, message, hint]) => ({
        code: 'SCENARIO_INVALID',
        path: formatPath(path),
        message,
        hint,
      })),
      locate,
      structural.map(([path]) => path),
    );
  }
  // Structure is valid, so this succeeds; it yields the typed value with the union's types.
  const scenario = ScenarioSchema.parse(data);
  const semantic = semanticIssues(scenario, fileName);
  if (semantic.length > 0)
    fail(
      fileName,
      semantic,
      locate,
      semantic.map((s) => pathOf(s.path)),
    );
  return scenario;
}

/** Audio files a scenario names, with their JSON paths. */
function audioFiles(scenario: Scenario): [Path, string][] {
  const out: [Path, string][] = [];
  for (const [i, step] of scenario.steps.entries()) {
    if ('user' in step && 'audio' in step.user)
      out.push([['steps', i, 'user', 'audio'], step.user.audio]);
    if ('respond' in step && step.respond.audio !== undefined && 'file' in step.respond.audio) {
      out.push([['steps', i, 'respond', 'audio', 'file'], step.respond.audio.file]);
    }
  }
  return out;
}

/**
 * Reads and parses a scenario file and checks that the audio files it names exist (relative to the
 * scenario file).
 *
 * @throws {ScenarioError}
 */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [
      {
        code: 'SCENARIO_NOT_FOUND',
        path: '$',
        message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        hint: 'check the path; shipped scenarios are listed by loadScenarios()',
      },
    ]);
  }
  const scenario = parseScenario(text, path);
  const missing = audioFiles(scenario).filter(
    ([, file]) => !existsSync(resolve(dirname(path), file)),
  );
  if (missing.length > 0) {
    const locate = locateJson(text);
    fail(
      path,
      missing.map(([p, file]) => ({
        code: 'SCENARIO_MISSING_AUDIO' as const,
        path: formatPath(p),
        message: `audio file "${file}" does not exist`,
        hint: 'audio paths are relative to the scenario file, e.g. "../audio/weather-paris.pcm"',
      })),
      locate,
      missing.map(([p]) => p),
    );
  }
  return scenario;
}

/** The folder of the shipped scenarios: the nearest `fixtures/scenarios` above this module or the working directory. */
export function shippedScenarioDir(): string {
  const starts: string[] = [process.cwd()];
  try {
    starts.unshift(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // CommonJS build: no import.meta.url; the working directory remains.
  }
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'fixtures', 'scenarios');
      if (existsSync(join(candidate, 'scenario.schema.json'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return join(process.cwd(), 'fixtures', 'scenarios');
}

/** Loads every `*.json` scenario of a folder (default: the shipped ones), sorted by file name. */
export function loadScenarios(dir: string = shippedScenarioDir()): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
    .sort()
    .map((f) => loadScenario(join(dir, f)));
}

/**
 * A shipped scenario by name (`barge-in-truncate` → fixtures/scenarios/barge-in-truncate.json) or
 * a scenario file by path (anything with a `/`, `\` or a `.json` ending).
 *
 * @throws {ScenarioError} `SCENARIO_NOT_FOUND` listing the shipped names when the name is unknown.
 */
export function findScenario(nameOrPath: string, dir: string = shippedScenarioDir()): Scenario {
  if (/[/\\]/.test(nameOrPath) || nameOrPath.endsWith('.json')) return loadScenario(nameOrPath);
  const file = join(dir, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    const names = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
          .map((f) => f.slice(0, -'.json'.length))
          .sort()
      : [];
    throw new ScenarioError(nameOrPath, [
      {
        code: 'SCENARIO_NOT_FOUND',
        path: '$',
        message: `no shipped scenario named "${nameOrPath}"`,
        hint: names.length > 0 ? `known scenarios: ${names.join(', ')}` : `no scenarios in ${dir}`,
      },
    ]);
  }
  return loadScenario(file);
}
