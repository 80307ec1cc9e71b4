// Renders DRIFT.md from drift-exceptions.ts (openapi-drift.test.ts keeps the file current).
import { type OpenApiDrift, openApiDrift, type SdkDrift, sdkDrift } from './drift-exceptions.js';

const KINDS: Readonly<Record<string, string>> = {
  field: 'the field’s types differ',
  null: 'one side admits `null`',
  'not-in-sdk': 'the SDK union lacks the event',
  'not-here': 'we have no schema of that name',
  'not-in-spec': 'the spec lacks the event',
  renamed: 'the spec names the event differently',
  'required-in-spec': 'required in the spec, optional here',
  'required-here': 'required here, optional in the spec',
  enum: 'the allowed values differ',
  variant: 'a union member has no counterpart',
};

/** DRIFT.md: every listed difference with its reason, by source, dialect and direction. */
export function renderDrift(source: string): string {
  const lines = [
    '<!-- Generated from test/drift-exceptions.ts by test/openapi-drift.test.ts: edit the lists, then run `vitest run -u packages/schema/test/openapi-drift.test.ts`. -->',
    '',
    '# Known differences from the official sources',
    '',
    'Every intentional difference between `@soundcheck/schema` and the official descriptions of the Realtime API, with its reason. Anything not listed here fails the drift checks (`test/sdk-drift.test-d.ts`, `test/openapi-drift.test.ts`).',
    '',
    'Each entry: the event (or a spec object, in italics), the field as a dotted path (arrays and union members are transparent), the kind of difference, and why.',
    '',
    `Kinds: ${Object.entries(KINDS)
      .map(([kind, text]) => `**${kind}**: ${text}`)
      .join('; ')}.`,
    '',
  ];
  const sections: [string, string, readonly (SdkDrift | OpenApiDrift)[]][] = [
    [
      'The `openai` SDK types',
      'Server events: our parsed type must be assignable to the SDK type. Client events: the SDK type must be assignable to our input type.',
      sdkDrift,
    ],
    [
      'The OpenAPI description',
      `Compared with the committed extract \`test/openapi-realtime-events.json\` (${source}). An entry for a spec object covers that field in every event that carries the object.`,
      openApiDrift,
    ],
  ];
  const subject = (e: SdkDrift | OpenApiDrift) =>
    e.event !== undefined ? `\`${e.event}\`` : `_${e.component}_`;
  for (const [title, intro, list] of sections) {
    lines.push(`## ${title}`, '', intro, '');
    for (const dialect of ['ga', 'beta'] as const) {
      for (const direction of ['client', 'server'] as const) {
        const rows = list
          .filter((e) => e.dialect === dialect && e.direction === direction)
          .toSorted(
            (a, b) =>
              subject(a).localeCompare(subject(b)) ||
              a.field.localeCompare(b.field) ||
              a.kind.localeCompare(b.kind),
          );
        lines.push(`### ${dialect === 'ga' ? 'GA' : 'Beta'} ${direction} events`, '');
        if (rows.length === 0) lines.push('None.');
        for (const e of rows) {
          const field = e.field === '' ? '' : ` \`${e.field}\``;
          const kind = 'ours' in e && e.ours !== undefined ? `${e.kind} → \`${e.ours}\`` : e.kind;
          lines.push(`- ${subject(e)}${field} (${kind}): ${e.reason.replaceAll('\n', ' ')}`);
        }
        lines.push('');
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
