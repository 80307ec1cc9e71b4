/**
 * The engine's canonical model: GA wire shapes. The beta codec translates at the edge, so the
 * engine never branches on the dialect.
 */
import type { CanonicalAudioFormat } from './audio.js';

/** A JSON object as the engine handles it. */
export type JsonObject = { [key: string]: unknown };

/** A server event in canonical (GA) shape, before the codec encodes it for the wire. */
export interface ServerEvent extends JsonObject {
  type: string;
  event_id: string;
}

/** A client event in canonical (GA) shape, after the codec decoded it. */
export interface ClientEvent extends JsonObject {
  type: string;
  event_id?: string;
}

/** The error object of an `error` event. */
export interface ErrorObject {
  type: 'invalid_request_error' | 'server_error';
  code: string | null;
  message: string;
  param: string | null;
  event_id: string | null;
}

export type TurnDetection =
  | {
      type: 'server_vad';
      threshold: number;
      prefix_padding_ms: number;
      silence_duration_ms: number;
      idle_timeout_ms: number | null;
      create_response: boolean;
      interrupt_response: boolean;
    }
  | {
      type: 'semantic_vad';
      eagerness: 'low' | 'medium' | 'high' | 'auto';
      create_response: boolean;
      interrupt_response: boolean;
    };

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: JsonObject;
}

export type ToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'mcp'; server_label: string; name?: string };

/** The effective session configuration (GA realtime session object, plus beta-only `temperature`). */
export interface CanonicalSession extends JsonObject {
  type: 'realtime';
  object: 'realtime.session';
  id: string;
  model: string;
  output_modalities: ('audio' | 'text')[];
  instructions: string;
  tools: (FunctionTool | JsonObject)[];
  tool_choice: ToolChoice;
  max_output_tokens: number | 'inf';
  tracing: unknown;
  prompt: unknown;
  truncation?: unknown;
  expires_at: number;
  include: string[] | null;
  audio: {
    input: {
      format: CanonicalAudioFormat;
      transcription: JsonObject | null;
      noise_reduction: { type: 'near_field' | 'far_field' } | null;
      turn_detection: TurnDetection | null;
    };
    output: {
      format: CanonicalAudioFormat;
      voice: string | { id: string };
      speed: number;
    };
  };
  /** Beta only (0.6–1.2); GA has no temperature. The GA codec never sends it. */
  temperature?: number;
}

/** A content part of a conversation item (canonical GA part types). */
export type ContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio?: string; transcript: string | null }
  | { type: 'input_image'; image_url: string; detail?: string }
  | { type: 'output_text'; text: string }
  | { type: 'output_audio'; audio?: string; transcript: string | null };

/** A conversation item (canonical GA shape). */
export type Item =
  | {
      id: string;
      object: 'realtime.item';
      type: 'message';
      status: 'completed' | 'incomplete' | 'in_progress';
      role: 'system' | 'user' | 'assistant';
      content: ContentPart[];
    }
  | {
      id: string;
      object: 'realtime.item';
      type: 'function_call';
      status: 'completed' | 'incomplete' | 'in_progress';
      call_id: string;
      name: string;
      arguments: string;
    }
  | {
      id: string;
      object: 'realtime.item';
      type: 'function_call_output';
      status: 'completed' | 'incomplete' | 'in_progress';
      call_id: string;
      output: string;
    }
  | ({ id: string; object: 'realtime.item'; type: string } & JsonObject);

/**
 * A copy of a string that holds nothing else: a rope (built by `+=`) becomes one string, and a
 * slice no longer keeps the whole string it was cut from alive. For strings kept long, which the
 * garbage collector would otherwise copy and promote with everything they hold. A JSON round
 * trip is the one portable way to get one.
 */
export function flatString(text: string): string {
  return text.length < 2 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * A deep copy of JSON data (objects, arrays, strings, numbers, booleans, null; an `undefined`
 * value is kept as it is). What `structuredClone` gives for such data, at a fraction of its cost:
 * structuredClone serializes and deserializes, which made it the engine's largest single cost in
 * a paced session (items are copied into events, the response and the conversation).
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as JsonObject)[key]);
    // `out.__proto__ = x` would set the prototype; an own "__proto__" key stays a key.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = copy;
    }
  }
  return out as T;
}
