#!/usr/bin/env node
// Uses zod 4's own z.toJSONSchema, not zod-to-json-schema: that one reads only zod 3 schemas (it returns {} for zod 4) and is deprecated.
//
// Generates json-schema/ from the BUILT package (run `pnpm build` first): one file per event
// (<dialect>/<client|server>/<type>.json), one per shared object (<dialect>/objects/<Name>.json),
// one bundle per dialect and direction (<dialect>/<direction>-events.json, a `oneOf` discriminated
// by `type`), the bundles of the non-default strictness, and index.json listing them all.
//
//   node scripts/generate-json-schema.mjs           write the files, delete the ones no longer made
//   node scripts/generate-json-schema.mjs --check   regenerate in memory; exit 1 listing every
//                                                   stale, missing or extra file
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildJsonSchemaFiles, serialize } from './json-schema-build.mjs';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '../json-schema');
const args = process.argv.slice(2);
const check = args.includes('--check');
for (const arg of args) {
  if (arg !== '--check') {
    console.error(
      `unknown argument ${JSON.stringify(arg)}; usage: generate-json-schema.mjs [--check]`,
    );
    process.exit(2);
  }
}

let pkg;
try {
  pkg = await import('@soundcheck/schema');
} catch (error) {
  console.error(`cannot load the built package (${error.message}); run \`pnpm build\` first`);
  process.exit(2);
}

/** Every file under json-schema/ now, as paths relative to it with `/` separators. */
function existingFiles(dir) {
  const out = [];
  const walk = (d) => {
    let names;
    try {
      names = readdirSync(d, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of names) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Removes the folders that deleting files left empty, deepest first. */
function removeEmptyDirs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(join(dir, entry.name));
  }
  if (dir !== outDir && readdirSync(dir).length === 0) rmdirSync(dir);
}

const { files, unexpressed } = buildJsonSchemaFiles(pkg);
const expected = new Map([...files].map(([rel, json]) => [rel, serialize(json)]));
const existing = existingFiles(outDir);
const read = (rel) => readFileSync(join(outDir, rel), 'utf8');

const stale = existing.filter((rel) => expected.has(rel) && read(rel) !== expected.get(rel));
const missing = [...expected.keys()].filter((rel) => !existing.includes(rel));
const extra = existing.filter((rel) => !expected.has(rel));

if (check) {
  const problems = [
    ...stale.map((rel) => `stale:   json-schema/${rel}`),
    ...missing.map((rel) => `missing: json-schema/${rel}`),
    ...extra.map((rel) => `extra:   json-schema/${rel}`),
  ];
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(
      `\n${problems.length} generated file(s) out of date: run \`pnpm build && pnpm generate\` and commit json-schema/.`,
    );
    process.exit(1);
  }
  console.log(`json-schema/: ${expected.size} files, all current`);
} else {
  for (const rel of [...stale, ...missing]) {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, expected.get(rel));
  }
  for (const rel of extra) rmSync(join(outDir, rel));
  removeEmptyDirs(outDir);
  console.log(
    `json-schema/: ${expected.size} files (${missing.length} new, ${stale.length} changed, ${extra.length} removed)`,
  );
}
if (unexpressed.length > 0) {
  // One line per refined schema: `$defs/<Name>` or the object or event file it is in.
  const sites = new Set(
    unexpressed.map(({ file, pointer }) => {
      const dialect = file.split('/')[0];
      const def = /^#\/\$defs\/([^/]+)(.*)$/.exec(pointer);
      if (def !== null) return `${dialect} ${def[1]}${def[2]}`;
      const object = /^[^/]+\/objects\/(.+)\.json$/.exec(file);
      if (object !== null) return `${dialect} ${object[1]}${pointer.slice(1)}`;
      return `${file.replace(/\.json$/, '')}${pointer.slice(1)}`;
    }),
  );
  console.log(
    `note: zod refinements JSON Schema does not state, in ${unexpressed.length} places (index.json lists them): ${[...sites].sort().join(', ')}`,
  );
}
