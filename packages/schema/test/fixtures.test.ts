// The example events in fixtures/events/ against the schemas, both dialects, both directions.
// Rules proven here:
// - every event type of every schema map has a folder with at least one valid example;
// - every valid example parses with its dialect's defaults and is filed under its own `type`;
// - every invalid example fails with an issue at exactly its `expect.path` (and `expect.code`);
// - no folder names an event type the schema maps do not have.
// Layout: fixtures/events/<beta|ga>/<client|server>/<type>/<name>.json (a raw event) and
// .../<type>/invalid/<name>.json ({ description, event, expect: { path, code? }, options? }).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  beta,
  type DialectName,
  type Direction,
  type EventIssue,
  ga,
  type ParseOptions,
  type ParseResult,
  parseClientEvent,
  parseServerEvent,
} from '../src/index.js';

const root = fileURLToPath(new URL('../../../fixtures/events/', import.meta.url));

const maps: Record<DialectName, Record<Direction, Readonly<Record<string, unknown>>>> = {
  beta: { client: beta.clientEvents, server: beta.serverEvents },
  ga: { client: ga.clientEvents, server: ga.serverEvents },
};

const OPTION_KEYS = new Set(['strict', 'base64', 'audioFormat']);

interface InvalidFixture {
  description: string;
  event: unknown;
  expect: { path: (string | number)[]; code?: string };
  options?: Omit<ParseOptions, 'dialect'>;
}

const listDir = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
const isDir = (path: string): boolean => statSync(path).isDirectory();
const jsonFiles = (dir: string): string[] =>
  listDir(dir).filter((name) => name.endsWith('.json') && !isDir(join(dir, name)));
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function parse(direction: Direction, input: unknown, options: ParseOptions): ParseResult<unknown> {
  return direction === 'client'
    ? parseClientEvent(input, options)
    : parseServerEvent(input, options);
}

function describeIssues(issues: readonly EventIssue[]): string {
  return issues.map((i) => `${JSON.stringify(i.path)} ${i.code}: ${i.message}`).join('\n');
}

function checkInvalidShape(value: unknown): InvalidFixture {
  const f = value as Partial<InvalidFixture> | null;
  expect(f, 'an invalid fixture is an object').toBeTypeOf('object');
  expect(f?.description, 'description says why the event is invalid').toBeTypeOf('string');
  expect(f?.event, 'event holds the invalid event').toBeDefined();
  expect(Array.isArray(f?.expect?.path), 'expect.path is an array').toBe(true);
  for (const step of f?.expect?.path ?? []) expect(['string', 'number']).toContain(typeof step);
  if (f?.expect?.code !== undefined) expect(f.expect.code).toBeTypeOf('string');
  if (f?.options !== undefined) {
    for (const key of Object.keys(f.options)) expect(OPTION_KEYS, `option "${key}"`).toContain(key);
  }
  return f as InvalidFixture;
}

for (const dialect of ['beta', 'ga'] as const) {
  for (const direction of ['client', 'server'] as const) {
    const map = maps[dialect][direction];
    const base = join(root, dialect, direction);
    const folders = listDir(base).filter((name) => isDir(join(base, name)));
    const rel = (...parts: string[]) => [dialect, direction, ...parts].join('/');

    describe(`${dialect} ${direction} events`, () => {
      it.each(Object.keys(map).sort())('%s has a valid example', (type) => {
        const dir = join(base, type);
        expect(existsSync(dir), `missing folder fixtures/events/${rel(type)}/`).toBe(true);
        expect(jsonFiles(dir).length, `no valid example in ${rel(type)}/`).toBeGreaterThan(0);
      });

      it.each(folders)('folder %s names an event type of the schema map', (type) => {
        expect(Object.keys(map), `${rel(type)}/ is not a ${dialect} ${direction} event`).toContain(
          type,
        );
      });

      for (const type of folders) {
        const dir = join(base, type);
        for (const name of jsonFiles(dir)) {
          it(`valid ${rel(type, name)}`, () => {
            const event = readJson(join(dir, name));
            expect((event as { type?: unknown }).type, 'filed under its own type').toBe(type);
            const r = parse(direction, event, { dialect });
            expect(r.success, r.success ? '' : describeIssues(r.error.issues)).toBe(true);
          });
        }
        for (const name of jsonFiles(join(dir, 'invalid'))) {
          it(`invalid ${rel(type, 'invalid', name)}`, () => {
            const f = checkInvalidShape(readJson(join(dir, 'invalid', name)));
            expect((f.event as { type?: unknown }).type, 'filed under its own type').toBe(type);
            const r = parse(direction, f.event, { ...f.options, dialect });
            expect(r.success, `expected an error at ${JSON.stringify(f.expect.path)}`).toBe(false);
            const issues = r.error?.issues ?? [];
            const want = JSON.stringify(f.expect.path);
            const hit = issues.some(
              (i) =>
                JSON.stringify(i.path) === want &&
                (f.expect.code === undefined || i.code === f.expect.code),
            );
            expect(
              hit,
              `expected ${f.expect.code ?? 'an issue'} at ${want}, got:\n${describeIssues(issues)}`,
            ).toBe(true);
          });
        }
      }
    });
  }
}
