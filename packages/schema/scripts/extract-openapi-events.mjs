#!/usr/bin/env node
// Extracts, from the OpenAPI description of the Realtime API, what the drift test compares with
// our schema maps, into a compact file that is committed (the test never reads the spec itself):
//
//   node packages/schema/scripts/extract-openapi-events.mjs <openapi-realtime.json> [out.json]
//
// (out.json defaults to packages/schema/test/openapi-realtime-events.json). The reference is the
// extract in shared/reference/openai-openapi-realtime.json; after extracting, run the drift test.
//
// For each event of the spec's realtime client/server unions (GA: `RealtimeClientEvent`,
// `RealtimeServerEvent`; beta: the spec has no beta union, so every `RealtimeBetaClientEvent*` /
// `RealtimeBetaServerEvent*` schema), keyed by the event's `type`:
//   required  the required fields, sorted;
//   fields    for each field that is an object (or array of objects) with required fields, or a
//             union of them, or a `type`-like field (`type`, `role`, `object`): its own node;
//   enum      for a `type`-like field: its allowed values, sorted;
//   oneOf     for a union of objects: one node per member;
//   ref       a node shared through `components` (the spec component of that name).
// GA schemas of the same family that are outside the unions are kept with `"inUnion": false`.
// Exit 0 when written, 1 on a usage or input error.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPE_LIKE = new Set(['type', 'role', 'object']);

const [
  input,
  output = join(dirname(fileURLToPath(import.meta.url)), '../test/openapi-realtime-events.json'),
] = process.argv.slice(2);
if (input === undefined) {
  process.stderr.write(
    'usage: extract-openapi-events.mjs <openapi-realtime.json> [out.json]\n' +
      '  reads the OpenAPI description and writes the compact event extract the drift test uses\n',
  );
  process.exit(1);
}

let spec;
try {
  spec = JSON.parse(readFileSync(input, 'utf8'));
} catch (error) {
  process.stderr.write(`cannot read ${input}: ${error.message}\n`);
  process.exit(1);
}
const schemas = spec?.components?.schemas;
if (schemas === undefined || typeof schemas !== 'object') {
  process.stderr.write(`${input}: no components.schemas; expected an OpenAPI 3 description\n`);
  process.exit(1);
}

const refName = (ref) => ref.replace('#/components/schemas/', '');

function resolve(schema) {
  let s = schema;
  const seen = new Set();
  while (s?.$ref !== undefined) {
    const name = refName(s.$ref);
    if (seen.has(name)) break;
    seen.add(name);
    const { $ref, ...rest } = s;
    s = { ...schemas[name], ...rest };
  }
  return s ?? {};
}

/** Union members of a schema (`anyOf`/`oneOf`), with `null` members dropped; [] when none. */
function membersOf(schema) {
  const list = schema.oneOf ?? schema.anyOf;
  if (!Array.isArray(list)) return [];
  return list.filter((m) => resolve(m).type !== 'null');
}

function enumOf(schema) {
  const s = resolve(schema);
  if (Array.isArray(s.enum)) return [...s.enum].filter((v) => typeof v === 'string').sort();
  if (typeof s.const === 'string') return [s.const];
  const members = membersOf(s);
  if (members.length > 0) {
    const values = members.map(enumOf);
    if (values.every((v) => v !== undefined)) return [...new Set(values.flat())].sort();
  }
  return undefined;
}

/** Merges `allOf` parts into one object schema. */
function flatten(schema) {
  const s = resolve(schema);
  if (!Array.isArray(s.allOf)) return s;
  const merged = {
    ...s,
    allOf: undefined,
    properties: { ...s.properties },
    required: [...(s.required ?? [])],
  };
  for (const part of s.allOf.map(flatten)) {
    Object.assign(merged.properties, part.properties);
    merged.required.push(...(part.required ?? []));
  }
  return merged;
}

/** Shared nodes of referenced components, each computed once (`null`: nothing to compare). */
const components = {};

function isObjectLike(schema) {
  const s = flatten(schema);
  if (s.type === 'object' || s.properties !== undefined) return true;
  if (s.type === 'array' || s.items !== undefined) return isObjectLike(s.items);
  return membersOf(s).some(isObjectLike);
}

/** The node of a schema, or undefined when there is nothing to compare in it. */
function nodeOf(schema) {
  if (schema?.$ref !== undefined) {
    const name = refName(schema.$ref);
    if (!(name in components)) {
      components[name] = 'pending'; // a recursive reference sees a ref to itself
      components[name] = inlineNodeOf(schemas[name]) ?? null;
    }
    return components[name] === null ? undefined : { ref: name };
  }
  return inlineNodeOf(schema);
}

function inlineNodeOf(schema) {
  const s = flatten(schema);
  if (s.type === 'array' || s.items !== undefined) return nodeOf(s.items);
  const members = membersOf(s).filter(isObjectLike);
  if (members.length === 1) return nodeOf(members[0]);
  if (members.length > 1) return { oneOf: members.map((m) => nodeOf(m) ?? {}) };
  if (s.properties === undefined) return undefined;
  return objectNode(s, false);
}

function objectNode(s, always) {
  const node = {};
  const required = [...new Set(s.required ?? [])].sort();
  if (required.length > 0 || always) node.required = required;
  const fields = {};
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const prop = s.properties[name];
    if (TYPE_LIKE.has(name)) {
      const values = enumOf(prop);
      if (values !== undefined) {
        fields[name] = { enum: values };
        continue;
      }
    }
    const child = nodeOf(prop);
    if (child !== undefined) fields[name] = child;
  }
  if (Object.keys(fields).length > 0) node.fields = fields;
  return Object.keys(node).length > 0 ? node : undefined;
}

function eventEntry(name, inUnion) {
  const s = flatten(schemas[name]);
  const type = enumOf(s.properties?.type ?? {});
  if (type === undefined || type.length !== 1) {
    throw new Error(`${name}: expected a single-valued "type", found ${JSON.stringify(type)}`);
  }
  const node = objectNode(s, true);
  // The event's own `type` is its key: leave it out of the fields.
  if (node.fields !== undefined) {
    delete node.fields.type;
    if (Object.keys(node.fields).length === 0) delete node.fields;
  }
  return [type[0], { schema: name, ...(inUnion ? {} : { inUnion: false }), ...node }];
}

function collect(names, outside) {
  const events = {};
  for (const [name, inUnion] of [
    ...names.map((n) => [n, true]),
    ...outside.map((n) => [n, false]),
  ]) {
    const [type, entry] = eventEntry(name, inUnion);
    if (events[type] !== undefined) throw new Error(`${name}: duplicate event type ${type}`);
    events[type] = entry;
  }
  return Object.fromEntries(Object.entries(events).sort(([a], [b]) => a.localeCompare(b)));
}

function unionMembers(name) {
  const union = schemas[name];
  if (union === undefined) throw new Error(`no ${name} union in the spec`);
  return membersOf(union).map((m) => refName(m.$ref));
}

const componentNames = Object.keys(schemas).sort();
function familyOutside(prefix, members) {
  return componentNames.filter((n) => n !== prefix && n.startsWith(prefix) && !members.includes(n));
}

let result;
try {
  const gaClient = unionMembers('RealtimeClientEvent');
  const gaServer = unionMembers('RealtimeServerEvent');
  result = {
    source: spec['x-extracted'] ?? spec.info?.title ?? 'OpenAPI description',
    generatedBy: 'packages/schema/scripts/extract-openapi-events.mjs',
    note: 'GA events: members of the RealtimeClientEvent / RealtimeServerEvent unions (inUnion: false = same schema family, outside the union). Beta events: every RealtimeBetaClientEvent* / RealtimeBetaServerEvent* schema (the spec has no beta union).',
    ga: {
      client: collect(gaClient, familyOutside('RealtimeClientEvent', gaClient)),
      server: collect(gaServer, familyOutside('RealtimeServerEvent', gaServer)),
    },
    beta: {
      client: collect(familyOutside('RealtimeBetaClientEvent', []), []),
      server: collect(familyOutside('RealtimeBetaServerEvent', []), []),
    },
  };
  for (const name of Object.keys(components))
    if (components[name] === null) delete components[name];
  result.components = Object.fromEntries(
    Object.entries(components).sort(([a], [b]) => a.localeCompare(b)),
  );
} catch (error) {
  process.stderr.write(`${input}: ${error.message}\n`);
  process.exit(1);
}

/**
 * JSON as the repository's formatter (Biome) writes it: objects one key per line, arrays of
 * strings on one line when they fit in 100 columns, else one item per line.
 */
function format(value, indent = '', prefix = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const fits =
      value.every((v) => typeof v !== 'object') &&
      indent.length + prefix.length + flat.length + 1 <= 100;
    if (value.length === 0 || fits) return flat;
    return `[\n${value.map((v) => `${inner}${format(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return `${inner}${key}${format(v, inner, key)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

writeFileSync(output, `${format(result)}\n`);
const counts = ['ga', 'beta'].map(
  (d) =>
    `${d}: ${Object.keys(result[d].client).length} client, ${Object.keys(result[d].server).length} server`,
);
process.stdout.write(`wrote ${output} (${counts.join('; ')})\n`);
