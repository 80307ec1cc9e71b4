/**
 * The GA dialect of the Realtime protocol (`gpt-realtime`, no beta header): nested session shape,
 * `response.output_text.*` / `response.output_audio.*` event names.
 *
 * `clientEvents` and `ClientEvent` are strict (unknown keys are errors); `serverEvents` and
 * `ServerEvent` are lenient (unknown keys pass). `strict` and `lenient` hold both directions in
 * one mode; `variant()` builds any other combination once.
 */
import type { z } from 'zod';
import type { EventOf } from '../dialect.js';
import { gaDialect } from './dialect.js';

/** Every GA schema with strict objects (unknown keys are errors). */
export const strict = gaDialect.variant({
  strictness: 'strict',
  base64: 'structure',
  sampleWidth: 2,
});
/** Every GA schema with lenient objects (unknown keys pass through). */
export const lenient = gaDialect.variant({
  strictness: 'lenient',
  base64: 'structure',
  sampleWidth: 2,
});
/** Builds (once) and returns another variant: base64 depth, pcm16 or G.711 sample width. */
export const variant = gaDialect.variant;

/** Client events keyed by wire `type` (strict). */
export const clientEvents = strict.clientEvents;
/** Server events keyed by wire `type` (lenient). */
export const serverEvents = lenient.serverEvents;
/** Discriminated union (on `type`) of every client event (strict). */
export const ClientEvent = strict.ClientEvent;
/** Discriminated union (on `type`) of every server event (lenient). */
export const ServerEvent = lenient.ServerEvent;
/** Named shared objects (strict): session, items, content parts, response, ... */
export const objects = strict.objects;

/** Any GA client event. */
export type ClientEvent = EventOf<typeof clientEvents>;
/** Any GA server event. */
export type ServerEvent = EventOf<typeof serverEvents>;

export type InputAudioBufferAppendEvent = z.infer<
  (typeof clientEvents)['input_audio_buffer.append']
>;
export type ErrorEvent = z.infer<(typeof serverEvents)['error']>;
export type ResponseOutputAudioDeltaEvent = z.infer<
  (typeof serverEvents)['response.output_audio.delta']
>;
