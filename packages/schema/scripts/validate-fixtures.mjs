#!/usr/bin/env node
// Validates every example event under fixtures/events/ with the built @soundcheck/schema and
// prints a summary. Valid examples must parse; invalid ones must fail at the path they name.
//
// Layout: fixtures/events/<beta|ga>/<client|server>/<event type>/<name>.json        (valid event)
//         fixtures/events/<beta|ga>/<client|server>/<event type>/invalid/<name>.json
//           { "description": "...", "event": { ... }, "expect": { "path": [...], "code": "..." },
//             "options": { "strict": true } }                                       (optional)
// Exit 0 when every fixture behaves, 1 when one does not, 2 when a file cannot be read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beta, ga, parseClientEvent, parseServerEvent } from '@soundcheck/schema';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const base = join(root, 'fixtures/events');

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.json')) yield path;
  }
}

const counts = new Map();
const problems = [];
let unreadable = 0;

for (const file of walk(base)) {
  const rel = relative(root, file);
  const parts = relative(base, file).split('/');
  const [dialect, direction, type] = parts;
  const invalid = parts.at(-2) === 'invalid';
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${rel}:1: cannot read fixture (${error.message}); fix the JSON syntax`);
    unreadable++;
    continue;
  }
  const parse = direction === 'client' ? parseClientEvent : parseServerEvent;
  const key = `${dialect} ${direction}`;
  const c = counts.get(key) ?? { types: new Set(), valid: 0, invalid: 0 };
  counts.set(key, c);
  c.types.add(type);
  if (!invalid) {
    c.valid++;
    const r = parse(json, { dialect });
    if (!r.success) problems.push(`${rel}:1: expected a valid ${type} event\n${r.error.message}`);
    else if (json.type !== type)
      problems.push(`${rel}:1: event type "${json.type}" is filed under "${type}"`);
  } else {
    c.invalid++;
    if (!Array.isArray(json?.expect?.path) || json.event === undefined) {
      problems.push(
        `${rel}:1: an invalid fixture needs "event" and "expect": { "path": [...], "code"?: "..." }`,
      );
      continue;
    }
    if (json.event?.type !== type) {
      problems.push(`${rel}:1: event type "${json.event?.type}" is filed under "${type}"`);
      continue;
    }
    const r = parse(json.event, { dialect, ...(json.options ?? {}) });
    const want = JSON.stringify(json.expect.path);
    if (r.success) problems.push(`${rel}:1: expected an error at ${want}, but the event parsed`);
    else if (
      !r.error.issues.some(
        (i) =>
          JSON.stringify(i.path) === want &&
          (json.expect.code === undefined || i.code === json.expect.code),
      )
    ) {
      problems.push(
        `${rel}:1: expected an error at ${want}${json.expect.code ? ` (${json.expect.code})` : ''}, got:\n${r.error.message}`,
      );
    }
  }
}

// Coverage: which event types of the schema maps have no example folder yet (informational).
const maps = {
  'beta client': beta.clientEvents,
  'beta server': beta.serverEvents,
  'ga client': ga.clientEvents,
  'ga server': ga.serverEvents,
};
const uncovered = [];
for (const [key, map] of Object.entries(maps)) {
  if (!counts.has(key)) counts.set(key, { types: new Set(), valid: 0, invalid: 0 });
  const missing = Object.keys(map).filter((t) => !counts.get(key).types.has(t));
  if (missing.length > 0) uncovered.push(`${key}: no example for ${missing.join(', ')}`);
}
for (const [key, c] of [...counts].sort()) {
  const known = Object.keys(maps[key] ?? {}).length;
  console.log(
    `${key.padEnd(12)} ${String(c.types.size).padStart(3)}/${String(known).padEnd(3)} event types  ${String(c.valid).padStart(4)} valid  ${String(c.invalid).padStart(4)} invalid examples`,
  );
}
for (const u of uncovered) console.log(`  ${u}`);
for (const p of problems) console.error(`\n${p}`);
const total = [...counts.values()].reduce((n, c) => n + c.valid + c.invalid, 0);
console.log(`\n${total - problems.length} passed, ${problems.length} failed`);
process.exit(unreadable > 0 ? 2 : problems.length > 0 ? 1 : 0);
