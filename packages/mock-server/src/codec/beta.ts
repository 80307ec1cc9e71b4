/**
 * The beta codec (`OpenAI-Beta: realtime=v1`): flat session shape, `response.text.*` /
 * `response.audio.*` names, `conversation.item.created` instead of `.added`/`.done`, content parts
 * `text` / `audio` for the assistant, `transcription_session.*` events for transcription sessions
 * (inventory §3.5–3.6, §5.1–5.3 B3/B4).
 */
import type { CanonicalAudioFormat } from '../engine/audio.js';
import type { CanonicalSession, ClientEvent, JsonObject, ServerEvent } from '../engine/types.js';
import type { DialectCodec } from './codec.js';

const FORMAT_TO_CANONICAL: Record<string, CanonicalAudioFormat> = {
  pcm16: { type: 'audio/pcm', rate: 24000 },
  g711_ulaw: { type: 'audio/pcmu' },
  g711_alaw: { type: 'audio/pcma' },
};

function formatToBeta(format: CanonicalAudioFormat): string {
  return format.type === 'audio/pcm'
    ? 'pcm16'
    : format.type === 'audio/pcmu'
      ? 'g711_ulaw'
      : 'g711_alaw';
}

const EVENT_NAMES: Record<string, string> = {
  'response.output_text.delta': 'response.text.delta',
  'response.output_text.done': 'response.text.done',
  'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio.done': 'response.audio.done',
  'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
  'response.output_audio_transcript.done': 'response.audio_transcript.done',
  'conversation.item.added': 'conversation.item.created',
};

/** GA-only server events the beta dialect does not have. */
const DROPPED = new Set([
  'conversation.item.done',
  'conversation.item.input_audio_transcription.segment',
]);

function modalitiesToCanonical(modalities: unknown): ('audio' | 'text')[] | undefined {
  if (!Array.isArray(modalities)) return undefined;
  return modalities.includes('audio') ? ['audio'] : ['text'];
}

function partToCanonical(part: JsonObject): JsonObject {
  if (part.type === 'text') return { ...part, type: 'output_text' };
  if (part.type === 'audio') return { ...part, type: 'output_audio' };
  return part;
}

function partToBeta(part: JsonObject): JsonObject {
  if (part.type === 'output_text') return { ...part, type: 'text' };
  if (part.type === 'output_audio') return { ...part, type: 'audio' };
  return part;
}

function itemToCanonical(item: JsonObject): JsonObject {
  if (!Array.isArray(item.content)) return item;
  return { ...item, content: (item.content as JsonObject[]).map(partToCanonical) };
}

function itemToBeta(item: JsonObject): JsonObject {
  if (!Array.isArray(item.content)) return item;
  return { ...item, content: (item.content as JsonObject[]).map(partToBeta) };
}

/** Where each flat beta field lives in the canonical (GA nested) shape, and how its value maps. */
const FLAT_FIELDS: Record<string, { to: readonly string[]; map?: (value: unknown) => unknown }> = {
  modalities: { to: ['output_modalities'], map: modalitiesToCanonical },
  voice: { to: ['audio', 'output', 'voice'] },
  speed: { to: ['audio', 'output', 'speed'] },
  output_audio_format: {
    to: ['audio', 'output', 'format'],
    map: (v) => FORMAT_TO_CANONICAL[v as string],
  },
  input_audio_format: {
    to: ['audio', 'input', 'format'],
    map: (v) => FORMAT_TO_CANONICAL[v as string],
  },
  input_audio_transcription: { to: ['audio', 'input', 'transcription'] },
  turn_detection: { to: ['audio', 'input', 'turn_detection'] },
  input_audio_noise_reduction: { to: ['audio', 'input', 'noise_reduction'] },
  max_response_output_tokens: { to: ['max_output_tokens'] },
  input: {
    to: ['input'],
    map: (v) => (Array.isArray(v) ? (v as JsonObject[]).map(itemToCanonical) : v),
  },
};

/**
 * Flat beta fields (of `session.update.session` or `response.create.response`) → the canonical
 * nested shape; fields that are the same in both dialects pass through.
 */
function flatToCanonical(flat: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(flat)) {
    const field = FLAT_FIELDS[key];
    if (field === undefined) {
      out[key] = value;
      continue;
    }
    let at = out;
    for (const step of field.to.slice(0, -1)) {
      at[step] ??= {};
      at = at[step] as JsonObject;
    }
    at[field.to.at(-1) as string] = field.map === undefined ? value : field.map(value);
  }
  return out;
}

function turnDetectionToBeta(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const { idle_timeout_ms: _ga, ...rest } = value as JsonObject;
  return rest;
}

/** Canonical transcription session object (G4) → flat beta transcription session object (B4). */
function transcriptionSessionToBeta(session: JsonObject): JsonObject {
  const input = (session.audio as { input: CanonicalSession['audio']['input'] }).input;
  return {
    id: session.id,
    object: 'realtime.transcription_session',
    expires_at: session.expires_at,
    input_audio_format: formatToBeta(input.format),
    input_audio_transcription: input.transcription,
    turn_detection: input.turn_detection,
    input_audio_noise_reduction: input.noise_reduction,
    include: session.include,
  };
}

/** Beta session event names of a transcription session. */
const TRANSCRIPTION_EVENT_NAMES: Record<string, string> = {
  'session.created': 'transcription_session.created',
  'session.updated': 'transcription_session.updated',
};

/** Canonical session object → flat beta session object. */
function sessionToBeta(session: CanonicalSession): JsonObject {
  const out: JsonObject = {
    id: session.id,
    object: 'realtime.session',
    model: session.model,
    expires_at: session.expires_at,
    modalities: session.output_modalities.includes('audio') ? ['text', 'audio'] : ['text'],
    instructions: session.instructions,
    voice: session.audio.output.voice,
    input_audio_format: formatToBeta(session.audio.input.format),
    output_audio_format: formatToBeta(session.audio.output.format),
    input_audio_transcription: session.audio.input.transcription,
    turn_detection: turnDetectionToBeta(session.audio.input.turn_detection),
    input_audio_noise_reduction: session.audio.input.noise_reduction,
    tools: session.tools,
    tool_choice: session.tool_choice,
    temperature: session.temperature ?? 0.8,
    max_response_output_tokens: session.max_output_tokens,
    speed: session.audio.output.speed,
    tracing: session.tracing,
  };
  return out;
}

function usageToBeta(usage: unknown): unknown {
  if (usage === null || typeof usage !== 'object') return usage;
  const u = usage as JsonObject;
  const input = (u.input_token_details ?? {}) as JsonObject;
  const cached = (input.cached_tokens_details ?? {}) as JsonObject;
  return {
    ...u,
    input_token_details: {
      cached_tokens: input.cached_tokens,
      text_tokens: input.text_tokens,
      audio_tokens: input.audio_tokens,
      cached_tokens_details: { text_tokens: cached.text_tokens, audio_tokens: cached.audio_tokens },
    },
  };
}

function responseToBeta(response: JsonObject): JsonObject {
  const { output_modalities, audio, output, usage, max_output_tokens, ...rest } =
    response as JsonObject & {
      audio?: { output?: { format?: CanonicalAudioFormat; voice?: unknown } };
    };
  const modalities =
    Array.isArray(output_modalities) && output_modalities.includes('audio')
      ? ['text', 'audio']
      : ['text'];
  const out: JsonObject = {
    ...rest,
    output: Array.isArray(output) ? (output as JsonObject[]).map(itemToBeta) : output,
    usage: usageToBeta(usage),
    modalities,
    max_output_tokens,
  };
  if (audio?.output?.voice !== undefined) out.voice = audio.output.voice;
  if (audio?.output?.format !== undefined)
    out.output_audio_format = formatToBeta(audio.output.format);
  return out;
}

export const betaCodec: DialectCodec = {
  name: 'beta',
  announcesConversation: true,
  defaultVoice: 'alloy',
  defaultTemperature: 0.8,
  decodeClient(event: JsonObject): ClientEvent {
    switch (event.type) {
      case 'session.update':
        return {
          ...event,
          type: 'session.update',
          session: flatToCanonical(event.session as JsonObject),
        };
      case 'transcription_session.update': {
        // The same canonical update as GA's `session.update` with `type: "transcription"`;
        // `modalities` means nothing to a transcription session, `client_secret` is for REST.
        const { modalities: _m, client_secret: _c, ...config } = event.session as JsonObject;
        return {
          ...event,
          type: 'session.update',
          session: { type: 'transcription', ...flatToCanonical(config) },
        };
      }
      case 'conversation.item.create':
        return {
          ...event,
          type: 'conversation.item.create',
          item: itemToCanonical(event.item as JsonObject),
        };
      case 'response.create':
        return event.response === undefined
          ? (event as ClientEvent)
          : {
              ...event,
              type: 'response.create',
              response: flatToCanonical(event.response as JsonObject),
            };
      default:
        return event as ClientEvent;
    }
  },
  encodeServer(event: ServerEvent): ServerEvent | undefined {
    if (DROPPED.has(event.type)) return undefined;
    const session = event.session as JsonObject | undefined;
    if (session?.type === 'transcription') {
      return {
        ...event,
        type: TRANSCRIPTION_EVENT_NAMES[event.type] ?? event.type,
        session: transcriptionSessionToBeta(session),
      };
    }
    const type = EVENT_NAMES[event.type] ?? event.type;
    const out: ServerEvent = { ...event, type };
    if (out.session !== undefined) out.session = sessionToBeta(out.session as CanonicalSession);
    if (out.item !== undefined) out.item = itemToBeta(out.item as JsonObject);
    if (out.part !== undefined) out.part = partToBeta(out.part as JsonObject);
    if (out.response !== undefined) out.response = responseToBeta(out.response as JsonObject);
    // GA added `name` to function_call_arguments.done (2026); the beta event has none.
    if (type === 'response.function_call_arguments.done') delete out.name;
    return out;
  },
};
