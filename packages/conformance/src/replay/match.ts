/**
 * When does a live client frame count as the recorded one? Replay compares what decides the
 * server's answer and ignores what is naturally different from run to run:
 *
 * | client event | must match |
 * | --- | --- |
 * | every event | `type` |
 * | `session.update`, `transcription_session.update` | `session` (every field the client set, deep) |
 * | `conversation.item.create` | `item.type`, `item.role`, `item.name`, `item.call_id`, each content part's `type` and `text` |
 * | `response.create` | `response` (every parameter, deep) |
 * | `conversation.item.truncate` | `content_index` |
 * | other known events (`input_audio_buffer.*`, `response.cancel`, `conversation.item.delete` / `.retrieve`, …) | `type` only |
 * | an unknown `type` | the whole event |
 *
 * Never compared: ids (`event_id`, `id`, `item_id`, `previous_item_id`, `response_id`), audio
 * payloads (`audio`), a truncate's `audio_end_ms` (it depends on playback timing) and a tool
 * output's `output` (tools may return live data). Non-JSON text frames must be the same text; binary
 * frames must be binary. `input_audio_buffer.append` runs are matched by their total audio length
 * (see replay-session.ts), not one by one.
 */

/** Keys that never matter: ids (and `audio` when it holds a payload, a string). */
const IGNORED_KEYS = new Set(['event_id', 'id', 'item_id', 'previous_item_id', 'response_id']);

/** Client event types compared by `type` alone. */
const TYPE_ONLY = new Set([
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'output_audio_buffer.clear',
  'response.cancel',
  'conversation.item.delete',
  'conversation.item.retrieve',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` without the ignored keys, at any depth. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (IGNORED_KEYS.has(key) || (key === 'audio' && typeof v === 'string')) continue;
    out[key] = withoutIds(v);
  }
  return out;
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(value)) return out;
  for (const key of keys) if (Object.hasOwn(value, key)) out[key] = value[key];
  return out;
}

/** The part of a client event that must match (see the module comment). */
export function replayKey(event: unknown): unknown {
  if (!isObject(event) || typeof event.type !== 'string') return withoutIds(event);
  const { type } = event;
  if (TYPE_ONLY.has(type)) return { type };
  switch (type) {
    case 'session.update':
    case 'transcription_session.update':
      return { type, session: withoutIds(event.session) };
    case 'response.create':
      return { type, response: withoutIds(event.response) };
    case 'conversation.item.truncate':
      return { type, ...pick(event, ['content_index']) };
    case 'conversation.item.create': {
      const item = event.item;
      const content = isObject(item) && Array.isArray(item.content) ? item.content : undefined;
      return {
        type,
        item: {
          ...pick(item, ['type', 'role', 'name', 'call_id']),
          ...(content === undefined
            ? {}
            : { content: content.map((p) => pick(p, ['type', 'text'])) }),
        },
      };
    }
    default:
      return withoutIds(event);
  }
}

/** Where two values first differ: a JSON path (`item.content[0].text`) and both values. */
export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly got: unknown;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? name : `${path}.${name}`;
}

/** The first difference between two JSON values (object key order does not matter). */
function firstDifference(expected: unknown, got: unknown, path = ''): Difference | undefined {
  if (Object.is(expected, got)) return undefined;
  if (Array.isArray(expected) && Array.isArray(got)) {
    const n = Math.max(expected.length, got.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], got[i], join(path, i));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(got)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(got)])];
    for (const key of keys) {
      const d = firstDifference(expected[key], got[key], join(path, key));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return { path, expected, got };
}

/** The difference that makes a live event not the recorded one, or undefined when it matches. */
export function eventDifference(recorded: unknown, live: unknown): Difference | undefined {
  const r = isObject(recorded) ? recorded.type : undefined;
  const l = isObject(live) ? live.type : undefined;
  if (r !== l) return { path: 'type', expected: r, got: l };
  return firstDifference(replayKey(recorded), replayKey(live));
}

/** A short rendering of a value for messages: never a payload (long strings are cut). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isObject(value)) return 'an object';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return JSON.stringify(value);
}
