// Rule: every event of the OpenAPI description's realtime unions has a schema here, and required
// fields agree both ways (required in the spec ⇒ required here, required here ⇒ required in the
// spec), recursively through objects, arrays and unions; `type`-like fields (`type`, `role`,
// `object`) allow the same values. Each intentional difference is listed in drift-exceptions.ts
// with its reason; DRIFT.md is rendered from that list and must match it.
//
// The spec is read through openapi-realtime-events.json, a committed extract written by
// scripts/extract-openapi-events.mjs (re-run it when the reference spec changes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { beta, ga } from '../src/index.js';
import {
  type DriftDialect,
  type DriftDirection,
  type OpenApiDrift,
  openApiDrift,
} from './drift-exceptions.js';
import { renderDrift } from './drift-report.js';
import {
  type Context,
  compareObject,
  covers,
  differences,
  type Schema,
  type SpecExtract,
  type SpecNode,
} from './openapi-compare.js';

const extract = JSON.parse(
  readFileSync(fileURLToPath(new URL('./openapi-realtime-events.json', import.meta.url)), 'utf8'),
) as SpecExtract;

const ours: Record<DriftDialect, Record<DriftDirection, Readonly<Record<string, unknown>>>> = {
  ga: { client: ga.clientEvents, server: ga.serverEvents },
  beta: { client: beta.clientEvents, server: beta.serverEvents },
};

const listedFor = (dialect: DriftDialect, direction: DriftDirection): readonly OpenApiDrift[] =>
  openApiDrift.filter((e: OpenApiDrift) => e.dialect === dialect && e.direction === direction);

const describeEntry = (e: OpenApiDrift) =>
  `${e.kind} ${e.event ?? `(component ${e.component})`} [${e.field}]`;

const cases = [
  ['ga', 'client'],
  ['ga', 'server'],
  ['beta', 'client'],
  ['beta', 'server'],
] as const;

describe.each(cases)('%s %s events agree with the OpenAPI description', (dialect, direction) => {
  const listed = listedFor(dialect, direction);
  const all = differences(extract, ours[dialect][direction], dialect, direction, listed);

  it('every difference is listed in drift-exceptions.ts', () => {
    const unlisted = all
      .filter((d) => d.kind !== 'renamed' && !listed.some((e) => covers(e, d)))
      .map(
        (d) =>
          `${d.kind} ${d.event} [${d.field}]${d.component ? ` (${d.component}: ${d.componentField})` : ''} — ${d.detail}`,
      );
    expect(unlisted).toEqual([]);
  });

  it('every listed difference still exists', () => {
    const stale = listed.filter((e) => !all.some((d) => covers(e, d))).map(describeEntry);
    expect(stale).toEqual([]);
  });
});

describe('the comparison', () => {
  it('finds required fields that disagree both ways, and union tags that differ', () => {
    const found: string[] = [];
    const ctx: Context = {
      add: (at, kind) => found.push(`${kind} ${at.path}`),
      components: {},
      path: '',
      where: 'test',
      componentPath: '',
    };
    const ours = z.object({
      a: z.string().optional(),
      b: z.string(),
      item: z.discriminatedUnion('type', [
        z.object({ type: z.literal('p'), q: z.string() }),
        z.object({ type: z.literal('r') }),
      ]),
    });
    const spec: SpecNode = {
      required: ['a', 'item'],
      fields: {
        item: {
          oneOf: [
            { required: ['type'], fields: { type: { enum: ['p'] } } },
            { fields: { type: { enum: ['s'] } } },
          ],
        },
      },
    };
    compareObject(spec, [ours as unknown as Schema], ctx, []);
    expect(found.sort()).toEqual([
      'enum item.type',
      'required-here b',
      'required-here item.q',
      'required-in-spec a',
    ]);
  });

  it('reads a non-empty extract of both dialects', () => {
    for (const dialect of ['ga', 'beta'] as const) {
      for (const direction of ['client', 'server'] as const) {
        expect(Object.keys(extract[dialect][direction]).length).toBeGreaterThan(10);
      }
    }
    expect(extract.components.RealtimeConversationItem?.oneOf?.length).toBe(9);
  });
});

describe('DRIFT.md', () => {
  it('lists every entry of drift-exceptions.ts', async () => {
    await expect(renderDrift(extract.source.split(' from ')[0] ?? '')).toMatchFileSnapshot(
      '../DRIFT.md',
    );
  });
});
