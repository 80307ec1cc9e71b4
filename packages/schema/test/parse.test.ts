// Parse API contract: never throws, strict client / lenient server defaults, readable errors.
import { describe, expect, it } from 'vitest';
import { beta, ga, parseClientEvent, parseServerEvent } from '../src/index.js';

const pcm = (samples: number) => Buffer.alloc(samples * 2, 1).toString('base64');

describe('parseClientEvent', () => {
  it('accepts a valid append and narrows by type', () => {
    const r = parseClientEvent(
      JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm(240) }),
    );
    expect(r.success).toBe(true);
    if (r.success && r.data.type === 'input_audio_buffer.append') {
      expect(r.data.audio).toBe(pcm(240));
    }
  });

  it('is strict by default: an unknown key is an error with its path', () => {
    const r = parseClientEvent({ type: 'input_audio_buffer.append', audio: pcm(2), extra: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: [], code: 'unrecognized_keys' }),
    ]);
    expect(r.error?.message).toContain('Unrecognized key: "extra"');
  });

  it('is lenient on request', () => {
    const r = parseClientEvent(
      { type: 'input_audio_buffer.append', audio: pcm(2), extra: 1 },
      { strict: false },
    );
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ extra: 1 });
  });

  it('rejects pcm16 audio with an odd byte count, and accepts it for G.711', () => {
    const odd = Buffer.alloc(3).toString('base64');
    const r = parseClientEvent({ type: 'input_audio_buffer.append', audio: odd });
    expect(r.error?.issues[0]).toMatchObject({ path: ['audio'], code: 'custom' });
    expect(r.error?.issues[0]?.message).toContain('whole number of 16-bit samples');
    const g711 = parseClientEvent(
      { type: 'input_audio_buffer.append', audio: odd },
      { audioFormat: 'g711_ulaw' },
    );
    expect(g711.success).toBe(true);
  });

  it('checks the base64 alphabet only when asked', () => {
    const bad = 'AA*AAA==';
    expect(parseClientEvent({ type: 'input_audio_buffer.append', audio: bad }).success).toBe(true);
    const r = parseClientEvent(
      { type: 'input_audio_buffer.append', audio: bad },
      { base64: 'full' },
    );
    expect(r.error?.issues[0]?.message).toContain('"*" at position 2');
  });
});

describe('parseServerEvent', () => {
  it('is lenient by default and strict on request', () => {
    const event = {
      event_id: 'event_1',
      type: 'response.output_audio.delta',
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: pcm(4),
      future_field: true,
    };
    expect(parseServerEvent(event, { dialect: 'ga' }).success).toBe(true);
    const strict = parseServerEvent(event, { dialect: 'ga', strict: true });
    expect(strict.success).toBe(false);
    expect(strict.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('names the GA spelling when given a beta event name', () => {
    const r = parseServerEvent({ type: 'response.audio.delta' }, { dialect: 'ga' });
    expect(r.error?.issues[0]).toMatchObject({ path: ['type'], code: 'unknown_event_type' });
    expect(r.error?.message).toContain('"response.output_audio.delta"');
  });

  it('reports the event type, the JSON path, what was expected and what was found', () => {
    const r = parseServerEvent(
      {
        event_id: 'e',
        type: 'response.audio.delta',
        response_id: 'r',
        item_id: 'i',
        output_index: -1,
        content_index: 0,
        delta: 7,
      },
      { dialect: 'beta' },
    );
    expect(r.success).toBe(false);
    const message = r.error?.message ?? '';
    expect(message).toContain('Invalid beta server event "response.audio.delta" (2 problems)');
    expect(message).toContain('$.output_index: Too small: expected number to be >=0, found -1');
    expect(message).toContain('$.delta: Invalid input: expected string, received number');
  });

  it.each([
    ['not JSON', '{"type":', 'invalid_json'],
    ['an array', '[1,2]', 'not_an_object'],
    ['a number', 42, 'not_an_object'],
    ['null', null, 'not_an_object'],
    ['undefined', undefined, 'not_an_object'],
    ['no type', '{}', 'missing_type'],
    ['a numeric type', { type: 1 }, 'missing_type'],
  ])('never throws on %s', (_label, input, code) => {
    const r = parseServerEvent(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe(code);
  });

  it('never throws on huge or deeply nested input', () => {
    const huge = `{"type":"error","event_id":"e","error":{"type":"server_error","message":"${'x'.repeat(5_000_000)}"}}`;
    expect(parseServerEvent(huge, { dialect: 'beta' }).success).toBe(true);
    let deep = '1';
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
    const r = parseServerEvent(`{"type":"error","event_id":"e","error":${deep}}`);
    expect(r.success).toBe(false);
  });
});

describe('schema maps', () => {
  it('key every event by its wire type', () => {
    for (const dialect of [beta, ga]) {
      for (const [type, schema] of Object.entries({
        ...dialect.clientEvents,
        ...dialect.serverEvents,
      })) {
        expect(schema.shape.type.value).toBe(type);
      }
    }
  });
});

describe('parse options', () => {
  const append = JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm(2) });
  const betaOnly = JSON.stringify({
    type: 'transcription_session.update',
    session: { input_audio_format: 'pcm16' },
  });

  it('throws a TypeError naming an unknown option and the valid ones', () => {
    expect(() => parseClientEvent(append, { dialet: 'beta' } as never)).toThrow(
      'Unknown parse option "dialet". Valid options: dialect, strict, base64, audioFormat.',
    );
    expect(() => parseClientEvent(append, { dialect: 'v1' } as never)).toThrow(
      'Invalid option "dialect": expected "beta" or "ga" but got "v1".',
    );
  });

  it('follows a reused options object whose values change between calls', () => {
    const options: { dialect: 'beta' | 'ga'; strict?: boolean } = { dialect: 'beta' };
    expect(parseClientEvent(betaOnly, options).success).toBe(true);
    options.dialect = 'ga';
    const r = parseClientEvent(betaOnly, options);
    expect(r.error?.issues[0]?.code).toBe('unknown_event_type');
    const extra = JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm(2), x: 1 });
    expect(parseClientEvent(extra, options).success).toBe(false);
    options.strict = false;
    expect(parseClientEvent(extra, options).success).toBe(true);
  });

  it('checks the keys of every options object it has not just seen', () => {
    const good = { dialect: 'beta' as const };
    expect(parseClientEvent(append, good).success).toBe(true);
    expect(() => parseClientEvent(append, { dialect: 'beta', strct: true } as never)).toThrow(
      'Unknown parse option "strct"',
    );
    expect(parseClientEvent(append, good).success).toBe(true);
    // The client and server directions remember their options apart.
    expect(parseServerEvent('{"type":"error"}', good).success).toBe(false);
    expect(parseClientEvent(append, good).success).toBe(true);
  });
});

describe('JSON objects inside events', () => {
  it('take any JSON object as a function tool’s parameters, and nothing else', () => {
    const tool = (parameters: unknown) =>
      JSON.stringify({
        type: 'session.update',
        session: { tools: [{ type: 'function', name: 'get_weather', parameters }] },
      });
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    for (const dialect of ['beta', 'ga'] as const) {
      const parse = (text: string) =>
        dialect === 'beta'
          ? parseClientEvent(text, { dialect })
          : parseClientEvent(text.replace('"tools"', '"type":"realtime","tools"'), { dialect });
      const ok = parse(tool(schema));
      expect(ok.success, dialect).toBe(true);
      expect(JSON.stringify(ok.data)).toContain('"required":["city"]');
      for (const bad of [['city'], 'object', null, 3]) {
        const r = parse(tool(bad));
        expect(r.error?.issues[0]?.path, `${dialect} ${JSON.stringify(bad)}`).toEqual([
          'session',
          'tools',
          0,
          'parameters',
        ]);
      }
    }
  });
});
