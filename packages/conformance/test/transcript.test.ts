// The transcript format: writer → file → reader round trip, lossless frames, line-numbered errors,
// the header schema, and the generated JSON Schema agreeing with the zod schema.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  isTranscriptHeader,
  TranscriptHeaderSchema,
  type TranscriptLine,
  TranscriptLineSchema,
  transcriptJsonSchema,
} from '../src/transcript/format.js';
import { loadTranscript, parseTranscriptLine, readLines } from '../src/transcript/reader.js';
import { frameLine, openTranscriptFile } from '../src/transcript/writer.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'soundcheck-transcript-'));

const header = {
  format: 'soundcheck.transcript',
  version: 1,
  session: 0,
  dialect: 'ga',
  path: '/v1/realtime',
  model: 'gpt-realtime',
} as const;

describe('transcript writer and reader', () => {
  it('round-trips every kind of frame through a file, with line numbers', async () => {
    const file = join(tmp(), 'session.jsonl');
    const out = await openTranscriptFile(file);
    const { writer } = out;
    // Key order and number spelling of a one-line JSON frame survive (its own bytes are written).
    const json = '{"type":"session.update","z":1.50,"a":[1e3,-0.0],"u":"é\\u00e9"}';
    const multiLine = '{\n  "type": "response.create",\n  "response": {}\n}\n';
    const notJson = 'not json\n{"type": "half"';
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255, 7]);
    const view = bytes.subarray(3, 6); // a view with an offset: only its own bytes are written
    writer.header({ session: 0, dialect: 'ga', path: '/v1/realtime', model: 'gpt-realtime' });
    writer.frame(0, 0, 'server', '{"type":"session.created","event_id":"event_1"}');
    writer.frame(0, 1.23456, 'client', json);
    writer.frame(0, 2, 'client', multiLine);
    writer.frame(0, 3, 'client', notJson);
    writer.frame(0, 4, 'client', view);
    writer.frame(0, 4.5, 'client', new Uint8Array(0));
    writer.header({
      session: 1,
      dialect: 'beta',
      path: '/openai/realtime',
      model: null,
      query: { 'api-version': '2024-10-01-preview' },
      protocols: ['realtime', 'openai-insecure-api-key.<redacted>'],
      source: 'record',
    });
    writer.close(0, 5, 'client', 1000, 'bye');
    writer.close(1, 0.5, 'server', 4000, 'invalid_request_error.beta_api_shape_disabled');
    await out.end();

    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain(`"frame":${json}}`);
    const lines = await loadTranscript(file);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines[0]).toEqual({ ...header, line: 1 });
    expect(lines[1]).toMatchObject({
      t: 0,
      direction: 'server',
      frame: { type: 'session.created' },
    });
    expect(lines[2]).toMatchObject({ t: 1.235, frame: { z: 1.5, a: [1000, -0], u: 'éé' } });
    expect(lines[3]).toMatchObject({ frame: { type: 'response.create', response: {} } });
    expect(lines[4]).toMatchObject({ text: notJson });
    expect(Buffer.from((lines[5] as { binary: string }).binary, 'base64')).toEqual(
      Buffer.from([253, 254, 255]),
    );
    expect(lines[6]).toMatchObject({ binary: '' });
    expect(lines[7]).toMatchObject({ session: 1, dialect: 'beta', model: null, source: 'record' });
    expect(lines[8]).toMatchObject({ session: 0, close: { code: 1000, reason: 'bye' } });
    expect(lines[9]).toMatchObject({ session: 1, direction: 'server', close: { code: 4000 } });
    expect(lines.filter((l) => isTranscriptHeader(l)).map((l) => l.line)).toEqual([1, 8]);
    // A multi-line JSON frame is re-serialised onto one line; nothing else spans lines.
    expect(text.split('\n')).toHaveLength(11);
  });

  it('reads blank lines, CRLF and streams, numbering lines from 1', async () => {
    const source = Readable.from([
      `${JSON.stringify(header)}\r\n`,
      '\r\n   \n',
      '{"t":1,"direction":"client","text":"hi"}\r\n',
    ]);
    const raw: Array<{ line: number; text: string }> = [];
    for await (const line of readLines(source)) raw.push(line);
    expect(raw.map((l) => l.line)).toEqual([1, 4]);
    expect(raw[1]?.text).toBe('{"t":1,"direction":"client","text":"hi"}');
  });

  it('names the file, the line and the path of a bad line', async () => {
    const file = join(tmp(), 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(header),
        '{"t":0,"direction":"server","frame":{}}',
        '',
        '{"t":1,"direction":"client","frame":{"type":"x"}',
      ].join('\n'),
    );
    await expect(loadTranscript(file)).rejects.toThrow(`${file}:4: not JSON`);

    writeFileSync(file, `${JSON.stringify(header)}\n{"t":1,"direction":"up","text":"x"}\n`);
    await expect(loadTranscript(file)).rejects.toThrow(new RegExp(`^${file}:2: `));
    await expect(
      loadTranscript(Readable.from(['\n', '{"t":-1,"direction":"client","text":"x"}\n'])),
    ).rejects.toThrow(/^line 2: /);

    const both = parseTranscriptLine('{"t":1,"direction":"client","frame":{},"text":"x"}');
    expect(both.success).toBe(false);
    // A line that fits none of the kinds fails as a whole (the union), with a message.
    for (const line of [
      JSON.stringify({ ...header, version: 2 }),
      '{"t":1,"direction":"client","close":{"code":999,"reason":""}}',
    ]) {
      const parsed = parseTranscriptLine(line);
      expect(parsed.success).toBe(false);
      expect((parsed as { message: string }).message).not.toBe('');
    }
  });
});

describe('transcript header', () => {
  it('accepts the minimal header and every optional field', () => {
    expect(TranscriptHeaderSchema.safeParse(header).success).toBe(true);
    const { session: _, ...noSession } = header;
    expect(TranscriptHeaderSchema.safeParse({ ...noSession, model: null }).success).toBe(true);
    const full = {
      ...header,
      query: { 'api-version': '2025-04-01-preview' },
      protocols: ['realtime'],
      source: 'serve',
    };
    expect(TranscriptHeaderSchema.safeParse(full).success).toBe(true);
  });

  it.each([
    ['another format', { format: 'other' }],
    ['a later version', { version: 2 }],
    ['an unknown dialect', { dialect: 'v2' }],
    ['a path without its slash', { path: 'v1/realtime' }],
    ['a missing model', { model: undefined }],
    ['a negative session', { session: -1 }],
    ['a query value that is not a string', { query: { n: 1 } }],
    ['an unknown field (an API key has no place here)', { apiKey: 'sk-x' }],
  ])('refuses %s', (_name, change) => {
    expect(TranscriptHeaderSchema.safeParse({ ...header, ...change }).success).toBe(false);
  });
});

describe('transcript JSON Schema', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // Binary frames carry `contentEncoding`/`format: base64`; ajv checks the pattern zod exports.
  ajv.addFormat('base64', true);
  const validate = ajv.compile(transcriptJsonSchema());

  it('is the committed transcript.schema.json (pnpm generate)', () => {
    const committed = JSON.parse(readFileSync(join(here, '../transcript.schema.json'), 'utf8'));
    expect(committed).toEqual(transcriptJsonSchema());
  });

  it('agrees with the zod schema on good and bad lines', () => {
    const good: unknown[] = [
      header,
      { ...header, model: null, source: 'record', protocols: ['realtime'] },
      JSON.parse(frameLine(0, 1, 'client', '{"type":"response.create"}')),
      JSON.parse(frameLine(0, 1, 'client', 'plain text')),
      JSON.parse(frameLine(0, 1, 'server', new Uint8Array([1, 2, 3]))),
      { t: 2, direction: 'server', close: { code: 1006, reason: '' } },
      { t: 2, direction: 'server', frame: null },
    ];
    const bad: unknown[] = [
      { ...header, version: 2 },
      { ...header, path: 'v1' },
      { ...header, key: 'sk' },
      { t: -1, direction: 'client', text: 'x' },
      { t: 1, direction: 'both', text: 'x' },
      { t: 1, direction: 'client', binary: 'not base64!' },
      { t: 1, direction: 'client', close: { code: 5000, reason: '' } },
      { t: 1, direction: 'client', text: 'x', binary: '' },
      { t: 1, direction: 'client' },
    ];
    for (const line of good) {
      expect(TranscriptLineSchema.safeParse(line).success, JSON.stringify(line)).toBe(true);
      expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
    }
    for (const line of bad) {
      expect(TranscriptLineSchema.safeParse(line).success, JSON.stringify(line)).toBe(false);
      expect(validate(line), JSON.stringify(line)).toBe(false);
    }
  });

  it('types a parsed line as the union', () => {
    const parsed = parseTranscriptLine(JSON.stringify(header));
    expect(parsed.success).toBe(true);
    const value = (parsed as { value: TranscriptLine }).value;
    expect(isTranscriptHeader(value)).toBe(true);
  });
});

describe('parseTranscriptLine paths', () => {
  it.each([
    ['{"t":1,"direction":"sideways","frame":{}}', 'direction'],
    ['{"t":-1,"direction":"client","text":"x"}', 't'],
    ['{"t":1,"direction":"server","close":{"code":99,"reason":""}}', 'close.code'],
    [
      '{"format":"soundcheck.transcript","version":1,"dialect":"ga","path":"v1","model":null}',
      'path',
    ],
  ])('reports %s at %s', (line, path) => {
    const parsed = parseTranscriptLine(line);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.path).toBe(path);
  });
});
