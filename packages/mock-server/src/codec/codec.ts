/**
 * A dialect codec turns wire events into the engine's canonical (GA) events and back. Shared code
 * reads what a codec declares; it never branches on the dialect's name.
 */
import type { ClientEvent, JsonObject, ServerEvent } from '../engine/types.js';

export type DialectName = 'beta' | 'ga';

export interface DialectCodec {
  readonly name: DialectName;
  /** The server sends `conversation.created` after `session.created`. */
  readonly announcesConversation: boolean;
  /** Default voice of a new session. */
  readonly defaultVoice: string;
  /** Default temperature of a new session (beta only). */
  readonly defaultTemperature: number | undefined;
  /** Wire client event (already checked by the strict schema) → canonical client event. */
  decodeClient(event: JsonObject): ClientEvent;
  /** Canonical server event → wire event, or undefined when the dialect has no such event. */
  encodeServer(event: ServerEvent): ServerEvent | undefined;
}
