#!/usr/bin/env node
// Generates fixtures/scenarios/scenario.schema.json (draft 2020-12) from the zod schema in
// src/scenario/format.ts, with zod 4's own z.toJSONSchema.
//
// format.ts is TypeScript: esbuild (a root dev dependency) bundles it in memory, with
// @soundcheck/schema read from its sources, so the script needs neither a build nor a TS loader.
//
//   node scripts/generate-scenario-schema.mjs           write the file
//   node scripts/generate-scenario-schema.mjs --check   exit 1 when the file is missing or stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const outFile = join(root, 'fixtures/scenarios/scenario.schema.json');
const shown = relative(root, outFile);

const args = process.argv.slice(2);
for (const arg of args) {
  if (arg !== '--check') {
    console.error(
      `unknown argument ${JSON.stringify(arg)}; usage: generate-scenario-schema.mjs [--check]`,
    );
    process.exit(2);
  }
}
const check = args.includes('--check');

/** Resolves @soundcheck/schema to its sources, as vitest does. */
const schemaSources = {
  name: 'schema-sources',
  setup(b) {
    b.onResolve({ filter: /^@soundcheck\/schema$/ }, () => ({
      path: join(root, 'packages/schema/src/index.ts'),
    }));
  },
};

const bundle = await build({
  entryPoints: [join(here, '../src/scenario/format.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
  plugins: [schemaSources],
});
const code = bundle.outputFiles[0].text;
const { scenarioJsonSchema } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
);
const expected = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

let current = null;
try {
  current = readFileSync(outFile, 'utf8');
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}

if (check) {
  if (current !== expected) {
    console.error(
      `${current === null ? 'missing' : 'stale'}: ${shown}; run \`pnpm generate\` and commit it.`,
    );
    process.exit(1);
  }
  console.log(`${shown}: current`);
} else {
  if (current !== expected) writeFileSync(outFile, expected);
  console.log(`${shown}: ${current === expected ? 'unchanged' : 'written'}`);
}
