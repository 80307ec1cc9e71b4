#!/usr/bin/env node
// Generates packages/conformance/transcript.schema.json (draft 2020-12): the JSON Schema of one
// transcript line, from the zod schema in src/transcript/format.ts (`transcriptJsonSchema()`).
//
//   node scripts/generate-transcript-schema.mjs           write the file
//   node scripts/generate-transcript-schema.mjs --check   exit 1 when the file is missing or stale
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaFile } from '../../../scripts/lib/generate-from-zod.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await generateSchemaFile({
  entry: join(here, '../src/transcript/format.ts'),
  exportName: 'transcriptJsonSchema',
  outFile: join(here, '../transcript.schema.json'),
  script: 'generate-transcript-schema.mjs',
  argv: process.argv.slice(2),
});
