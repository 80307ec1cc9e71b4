/**
 * Recorded client events → `expect` patterns of a scenario (the matcher language of
 * @soundcheck/mock-server). The event is first put in the canonical (GA) shape; then ids become
 * `$ref` when they name what the player tracks (the last audio item, user item, response) and
 * `{ "$any": "string" }` otherwise; audio payloads and tool outputs become `$any`; a truncate's
 * `audio_end_ms` becomes `$lteAudioSent`; `call_id`s and texts stay literal (a `respond` step pins
 * the `callId` it replays).
 */
import { betaCodec, type Pattern } from '@soundcheck/mock-server';

/** What the converter knows when a client event is seen (the player's `$ref` values). */
export interface RefState {
  lastAudioItemId?: string;
  lastUserItemId?: string;
  lastResponseId?: string;
  /** Milliseconds of assistant audio sent per item id. */
  audioSentMs: Map<string, number>;
}

const ID_KEYS = new Set(['event_id', 'id', 'item_id', 'previous_item_id', 'response_id']);
const ANY_STRING: Pattern = { $any: 'string' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as a pattern that matches it (objects as subset patterns, `$` keys made literal). */
function literalPattern(value: unknown): Pattern {
  if (Array.isArray(value)) return value.map(literalPattern);
  if (isObject(value)) {
    if (Object.keys(value).some((k) => k.startsWith('$'))) return { $literal: value };
    const out: Record<string, Pattern> = {};
    for (const [k, v] of Object.entries(value)) out[k] = literalPattern(v);
    return out;
  }
  if (value === undefined) return null;
  return value as Pattern;
}

function idPattern(key: string, value: string, refs: RefState): Pattern {
  if (key === 'previous_item_id' && value === 'root') return value;
  if (key !== 'event_id') {
    if (value === refs.lastAudioItemId) return { $ref: 'lastAudioItemId' };
    if (value === refs.lastUserItemId) return { $ref: 'lastUserItemId' };
    if (value === refs.lastResponseId) return { $ref: 'lastResponseId' };
  }
  return ANY_STRING;
}

function walk(value: unknown, key: string, refs: RefState, parent: string): Pattern {
  if (typeof value === 'string') {
    if (ID_KEYS.has(key)) return idPattern(key, value, refs);
    if (key === 'audio') return ANY_STRING; // an audio payload
    if (key === 'output' && parent === 'function_call_output') return ANY_STRING;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, '', refs, parent));
  if (isObject(value)) {
    if (Object.keys(value).some((k) => k.startsWith('$'))) return { $literal: value };
    const type = typeof value.type === 'string' ? value.type : parent;
    const out: Record<string, Pattern> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, refs, type);
    return out;
  }
  return literalPattern(value);
}

/** The canonical (GA) shape of a client event (beta events are decoded as the mock decodes them). */
export function canonicalClientEvent(
  event: Record<string, unknown>,
  dialect: 'beta' | 'ga',
): Record<string, unknown> {
  if (dialect === 'ga') return event;
  try {
    return betaCodec.decodeClient(event as Parameters<typeof betaCodec.decodeClient>[0]) as Record<
      string,
      unknown
    >;
  } catch {
    return event; // not a valid beta event: kept as sent
  }
}

/** The `expect` pattern of one canonical client event. */
export function expectPattern(
  event: Record<string, unknown>,
  refs: RefState,
): Record<string, Pattern> & { type: string } {
  // Top-level keys starting with `$` cannot be pattern members (no event has one): left out.
  const pattern: Record<string, Pattern> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.startsWith('$')) pattern[key] = walk(value, key, refs, event.type as string);
  }
  if (event.type === 'conversation.item.truncate' && typeof event.audio_end_ms === 'number') {
    const sent =
      typeof event.item_id === 'string' ? refs.audioSentMs.get(event.item_id) : undefined;
    if (sent !== undefined && event.audio_end_ms <= sent) {
      pattern.audio_end_ms = { $lteAudioSent: true };
    }
  }
  return pattern as Record<string, Pattern> & { type: string };
}
