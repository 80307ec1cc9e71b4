#!/usr/bin/env node
// Generates fixtures/scenarios/scenario.schema.json (draft 2020-12) from the zod schema in
// src/scenario/format.ts, with zod 4's own z.toJSONSchema (`scenarioJsonSchema()`).
//
//   node scripts/generate-scenario-schema.mjs           write the file
//   node scripts/generate-scenario-schema.mjs --check   exit 1 when the file is missing or stale
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaFile } from '../../../scripts/lib/generate-from-zod.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await generateSchemaFile({
  entry: join(here, '../src/scenario/format.ts'),
  exportName: 'scenarioJsonSchema',
  outFile: join(here, '../../../fixtures/scenarios/scenario.schema.json'),
  script: 'generate-scenario-schema.mjs',
  argv: process.argv.slice(2),
});
