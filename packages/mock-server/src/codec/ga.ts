/** The GA codec: the engine's canonical model is the GA wire shape, so this is the identity. */
import type { ClientEvent, JsonObject, ServerEvent } from '../engine/types.js';
import type { DialectCodec } from './codec.js';

export const gaCodec: DialectCodec = {
  name: 'ga',
  announcesConversation: false,
  defaultVoice: 'marin',
  defaultTemperature: undefined,
  decodeClient: (event: JsonObject) => event as ClientEvent,
  encodeServer: (event: ServerEvent) => event,
};
