// Writes (or, with --check, checks) one JSON Schema file made by a function of a TypeScript
// module: esbuild (a root dev dependency) bundles the module in memory, with @soundcheck/schema
// read from its sources as vitest does, so a generator needs neither a build nor a TS loader.
//
// Used by packages/mock-server/scripts/generate-scenario-schema.mjs and
// packages/conformance/scripts/generate-transcript-schema.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Resolves @soundcheck/schema to its sources. */
const schemaSources = {
  name: 'schema-sources',
  setup(b) {
    b.onResolve({ filter: /^@soundcheck\/schema$/ }, () => ({
      path: join(root, 'packages/schema/src/index.ts'),
    }));
  },
};

/**
 * @param {{ entry: string, exportName: string, outFile: string, script: string, argv: string[] }} job
 *   `entry`: the .ts module; `exportName`: its function returning the schema; `script`: the
 *   generator's file name, for the usage line; `argv`: the generator's arguments (`--check` only).
 */
export async function generateSchemaFile({ entry, exportName, outFile, script, argv }) {
  const shown = relative(root, outFile);
  for (const arg of argv) {
    if (arg !== '--check') {
      console.error(`unknown argument ${JSON.stringify(arg)}; usage: ${script} [--check]`);
      process.exit(2);
    }
  }
  const check = argv.includes('--check');
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [schemaSources],
  });
  const code = bundle.outputFiles[0].text;
  const module = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  );
  const expected = `${JSON.stringify(module[exportName](), null, 2)}\n`;
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
}
