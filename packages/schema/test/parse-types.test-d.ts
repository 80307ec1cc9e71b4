// The typed parse API as a TypeScript user meets it: the dialect option picks the result's union,
// `success` narrows it, and `type` narrows an event to its own fields. Checked by the type checker
// (vitest typecheck and `pnpm lint`); nothing here runs. Each `@ts-expect-error` fails the check
// when the line under it compiles.
import { describe, expectTypeOf, test } from 'vitest';
import {
  type beta,
  type EventParseError,
  type ga,
  type ParseResult,
  parseClientEvent,
  parseServerEvent,
} from '../src/index.js';

describe('parseServerEvent', () => {
  test('the dialect option picks the union (GA by default)', () => {
    expectTypeOf(parseServerEvent('{}')).toEqualTypeOf<ParseResult<ga.ServerEvent>>();
    expectTypeOf(parseServerEvent('{}', { dialect: 'ga' })).toEqualTypeOf<
      ParseResult<ga.ServerEvent>
    >();
    expectTypeOf(parseServerEvent('{}', { dialect: 'beta' })).toEqualTypeOf<
      ParseResult<beta.ServerEvent>
    >();
  });

  test('success narrows to data or error', () => {
    const result = parseServerEvent('{}');
    if (result.success) {
      expectTypeOf(result.data).toEqualTypeOf<ga.ServerEvent>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.error).toEqualTypeOf<EventParseError>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    }
  });

  test('type narrows an event to its own fields, with the wire names of its dialect', () => {
    const result = parseServerEvent('{}');
    if (!result.success) return;
    const event = result.data;
    if (event.type === 'response.output_audio.delta') {
      expectTypeOf(event).toEqualTypeOf<ga.ResponseOutputAudioDeltaEvent>();
      expectTypeOf(event.delta).toEqualTypeOf<string>();
      expectTypeOf(event.item_id).toEqualTypeOf<string>();
    }
    // @ts-expect-error: the beta name is not a GA event type
    if (event.type === 'response.audio.delta') return;
    const old = parseServerEvent('{}', { dialect: 'beta' });
    if (old.success && old.data.type === 'response.audio.delta')
      expectTypeOf(old.data.delta).toEqualTypeOf<string>();
  });

  test('only known options compile', () => {
    // @ts-expect-error: not a dialect
    parseServerEvent('{}', { dialect: 'v2' });
    // @ts-expect-error: not an option
    parseServerEvent('{}', { stict: true });
  });
});

describe('parseClientEvent', () => {
  test('the dialect option picks the union; type narrows', () => {
    const result = parseClientEvent('{}', { dialect: 'beta' });
    expectTypeOf(result).toEqualTypeOf<ParseResult<beta.ClientEvent>>();
    if (result.success && result.data.type === 'transcription_session.update')
      expectTypeOf(result.data).toEqualTypeOf<beta.TranscriptionSessionUpdateEvent>();
    const gaResult = parseClientEvent('{}');
    if (gaResult.success && gaResult.data.type === 'session.update')
      expectTypeOf(gaResult.data).toEqualTypeOf<ga.SessionUpdateEvent>();
  });
});
