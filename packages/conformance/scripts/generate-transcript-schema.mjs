#!/usr/bin/env node
// Generates packages/conformance/transcript.schema.json (draft 2020-12): the JSON Schema of one
// transcript line, from the zod schema in src/transcript/format.ts (`transcriptJsonSchema()`).
//
// format.ts is TypeScript: esbuild (a root dev dependency) bundles it in memory, so the script
// needs neither a build nor a TS loader.
//
//   node scripts/generate-transcript-schema.mjs           write the file
//   node scripts/generate-transcript-schema.mjs --check   exit 1 when the file is missing or stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const outFile = join(here, '../transcript.schema.json');
const shown = relative(root, outFile);

const args = process.argv.slice(2);
for (const arg of args) {
  if (arg !== '--check') {
    console.error(
      `unknown argument ${JSON.stringify(arg)}; usage: generate-transcript-schema.mjs [--check]`,
    );
    process.exit(2);
  }
}
const check = args.includes('--check');

const bundle = await build({
  entryPoints: [join(here, '../src/transcript/format.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
});
const code = bundle.outputFiles[0].text;
const { transcriptJsonSchema } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
);
const expected = `${JSON.stringify(transcriptJsonSchema(), null, 2)}\n`;

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
