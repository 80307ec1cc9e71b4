/**
 * Recorded responses → `respond` steps: what the model said (text, or the transcript of its
 * audio), how long its audio lasted (from the decoded size of its audio deltas), the function calls
 * it made (name, arguments, `call_id`) and how it ended (`response.done` status). The step is placed
 * where `response.created` was and filled in as the response's events are read.
 */
import { decodedLength } from '@soundcheck/schema';

type Json = Record<string, unknown>;

/** A `respond` action (the scenario format's Respond). */
export interface RespondAction {
  match?: Json;
  text?: string;
  audio?: { ms: number };
  functionCalls?: { name: string; arguments: Json | string; callId?: string }[];
  end?: Json;
}

/** Server events that belong to a response's stream (canonical names). */
const STREAM = new Set([
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_audio.delta',
  'response.output_audio.done',
  'response.output_audio_transcript.delta',
  'response.output_audio_transcript.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
]);

interface Recorded {
  readonly action: RespondAction;
  readonly bytesPerMs: number;
  /** Text or transcript per `item_id:content_index`, from deltas and `.done` events. */
  readonly texts: Map<string, string>;
  /** Items of `response.output_item.done`, in order (used when `response.done` is missing). */
  readonly items: Json[];
  audioBytes: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bytes of output audio per millisecond for a wire audio format (GA object or beta name). */
export function bytesPerMs(format: unknown): number | undefined {
  const type = isObject(format) ? format.type : format;
  if (type === 'audio/pcm' || type === 'pcm16') return 48; // 24 kHz, 16-bit mono
  if (
    type === 'audio/pcmu' ||
    type === 'audio/pcma' ||
    type === 'g711_ulaw' ||
    type === 'g711_alaw'
  )
    return 8;
  return undefined;
}

/** `arguments` as an object when that re-encodes to the same text, else the exact string. */
function callArguments(value: unknown): Json | string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? {});
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed) && JSON.stringify(parsed) === text) return parsed;
  } catch {
    // not JSON: kept as the exact string
  }
  return text;
}

function endOf(response: Json): Json | undefined {
  const details = isObject(response.status_details) ? response.status_details : {};
  switch (response.status) {
    case 'incomplete':
      return details.reason === 'max_output_tokens' || details.reason === 'content_filter'
        ? { status: 'incomplete', reason: details.reason }
        : undefined;
    case 'cancelled':
      return details.reason === 'turn_detected' || details.reason === 'client_cancelled'
        ? { status: 'cancelled', reason: details.reason }
        : undefined;
    case 'failed': {
      const error = isObject(details.error) ? details.error : {};
      return {
        status: 'failed',
        error: {
          type: typeof error.type === 'string' ? error.type : 'server_error',
          code: typeof error.code === 'string' ? error.code : null,
          message: typeof error.message === 'string' ? error.message : '',
        },
      };
    }
    default:
      return undefined;
  }
}

/** The text a message item says: its text parts and audio transcripts, in order. */
function itemText(item: Json): string {
  if (!Array.isArray(item.content)) return '';
  return item.content
    .map((part: unknown) => {
      if (!isObject(part)) return '';
      if (typeof part.text === 'string') return part.text;
      return typeof part.transcript === 'string' ? part.transcript : '';
    })
    .join('');
}

/** Follows the responses of one recorded session. */
export class ResponseRecorder {
  readonly #open = new Map<string, Recorded>();

  /** Starts following a response (`response.created`); returns its action, filled in later. */
  start(response: Json, sessionBytesPerMs: number): RespondAction {
    const action: RespondAction = {};
    if (Object.hasOwn(response, 'conversation_id') && response.conversation_id === null) {
      action.match = { conversation_id: null };
    }
    const audio =
      isObject(response.audio) && isObject(response.audio.output) ? response.audio.output : {};
    const rate = bytesPerMs(audio.format ?? response.output_audio_format) ?? sessionBytesPerMs;
    if (typeof response.id === 'string') {
      this.#open.set(response.id, {
        action,
        bytesPerMs: rate,
        texts: new Map(),
        items: [],
        audioBytes: 0,
      });
    }
    return action;
  }

  /** Reads one canonical server event; true when it belongs to a followed response. */
  take(event: Json): boolean {
    const type = event.type as string;
    if (type === 'response.done') {
      const response = isObject(event.response) ? event.response : {};
      const recorded = typeof response.id === 'string' ? this.#open.get(response.id) : undefined;
      if (recorded === undefined) return false;
      this.#finish(recorded, response);
      this.#open.delete(response.id as string);
      return true;
    }
    if (!STREAM.has(type)) return false;
    const recorded =
      typeof event.response_id === 'string' ? this.#open.get(event.response_id) : undefined;
    if (recorded === undefined) return false;
    if (type === 'response.output_item.done' && isObject(event.item)) {
      recorded.items.push(event.item);
      return true;
    }
    const key = `${String(event.item_id)}:${String(event.content_index)}`;
    if (type === 'response.output_audio.delta' && typeof event.delta === 'string') {
      recorded.audioBytes += decodedLength(event.delta);
    } else if (type.endsWith('_text.delta') || type.endsWith('_transcript.delta')) {
      recorded.texts.set(key, (recorded.texts.get(key) ?? '') + String(event.delta ?? ''));
    } else if (type === 'response.output_text.done' && typeof event.text === 'string') {
      recorded.texts.set(key, event.text);
    } else if (
      type === 'response.output_audio_transcript.done' &&
      typeof event.transcript === 'string'
    ) {
      recorded.texts.set(key, event.transcript);
    }
    return true;
  }

  /** Fills in responses never finished (the recording stopped first). */
  flush(): void {
    for (const recorded of this.#open.values()) this.#finish(recorded, {});
    this.#open.clear();
  }

  #finish(recorded: Recorded, response: Json): void {
    const { action } = recorded;
    const output = Array.isArray(response.output)
      ? response.output.filter(isObject)
      : recorded.items;
    const fromOutput = output
      .filter((item) => item.type === 'message')
      .map(itemText)
      .join('');
    const text = fromOutput !== '' ? fromOutput : [...recorded.texts.values()].join('');
    if (text !== '') action.text = text;
    if (recorded.audioBytes > 0) {
      action.audio = { ms: Math.max(1, Math.round(recorded.audioBytes / recorded.bytesPerMs)) };
    }
    const calls = output
      .filter((item) => item.type === 'function_call' && typeof item.name === 'string')
      .map((item) => ({
        name: item.name as string,
        arguments: callArguments(item.arguments),
        ...(typeof item.call_id === 'string' && item.call_id !== ''
          ? { callId: item.call_id }
          : {}),
      }));
    if (calls.length > 0) action.functionCalls = calls;
    const end = endOf(response);
    if (end !== undefined) action.end = end;
  }
}
