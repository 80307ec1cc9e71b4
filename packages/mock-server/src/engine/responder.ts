/**
 * The default responder: what the "model" says when no scenario scripts the turn. Deterministic and
 * derived from the conversation, so tests can predict it:
 * - after a user text message: a reply quoting it;
 * - after user audio: a reply naming how much audio it heard;
 * - after function outputs: a reply using them;
 * - `tool_choice: "required"` or a named function (or a user message naming a tool under "auto"):
 *   a function call whose arguments satisfy the tool's JSON Schema.
 */
import type { FunctionTool, Item, JsonObject, ToolChoice } from './types.js';

/** Scripted audio of a message: a duration of synthetic speech, or base64 chunks in the output format. */
export type PlannedAudio = { ms: number } | { chunks: readonly string[] };

/** One output item the response will stream. */
export type PlannedOutput =
  | { kind: 'message'; text: string; audio?: PlannedAudio }
  | { kind: 'function_call'; name: string; arguments: string; callId?: string };

export interface ResponderInput {
  /** The items the response sees (the conversation, or `response.input`). */
  context: readonly Item[];
  tools: readonly (FunctionTool | JsonObject)[];
  toolChoice: ToolChoice;
  /** Milliseconds of audio in each user audio item, by item id. */
  inputAudioMs: (itemId: string) => number;
}

function lastUserTurn(context: readonly Item[]): Item | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const item = context[i] as Item;
    if (item.type === 'function_call_output') return item;
    if (item.type === 'message' && (item as { role?: string }).role === 'user') return item;
  }
  return undefined;
}

function userText(item: Item): string | undefined {
  const content = (
    item as { content?: { type: string; text?: string; transcript?: string | null }[] }
  ).content;
  if (content === undefined) return undefined;
  const texts = content
    .map((part) =>
      part.type === 'input_text'
        ? part.text
        : part.type === 'input_audio'
          ? part.transcript
          : undefined,
    )
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  return texts.length > 0 ? texts.join(' ') : undefined;
}

function functionTools(tools: readonly (FunctionTool | JsonObject)[]): FunctionTool[] {
  return tools.filter(
    (t): t is FunctionTool => t.type === 'function' && typeof t.name === 'string',
  );
}

/** A value that satisfies a JSON Schema (the common keywords), chosen deterministically. */
function exampleFor(schema: unknown, name = 'value'): unknown {
  if (schema === null || typeof schema !== 'object') return {};
  const s = schema as JsonObject;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return exampleFor(s.anyOf[0], name);
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0) return exampleFor(s.oneOf[0], name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const base = `example ${name}`;
      return base.length >= min ? base : base.padEnd(min, 'x');
    }
    case 'integer':
    case 'number': {
      if (typeof s.minimum === 'number')
        return type === 'integer' ? Math.ceil(s.minimum) : s.minimum;
      if (typeof s.exclusiveMinimum === 'number') return Math.floor(s.exclusiveMinimum) + 1;
      if (typeof s.maximum === 'number' && s.maximum < 1)
        return type === 'integer' ? Math.floor(s.maximum) : s.maximum;
      return 1;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: count }, () => exampleFor(s.items, name));
    }
    default: {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required)
        ? (s.required as string[])
        : Object.keys(properties);
      const out: JsonObject = {};
      for (const key of required) out[key] = exampleFor(properties[key], key);
      return out;
    }
  }
}

function callFor(tool: FunctionTool): PlannedOutput {
  return {
    kind: 'function_call',
    name: tool.name,
    arguments: JSON.stringify(exampleFor(tool.parameters ?? {})),
  };
}

/** Plans the outputs of one response. */
export function planResponse(input: ResponderInput): PlannedOutput[] {
  const tools = functionTools(input.tools);
  const choice = input.toolChoice;
  if (typeof choice === 'object' && choice.type === 'function') {
    const tool = tools.find((t) => t.name === choice.name);
    if (tool !== undefined) return [callFor(tool)];
  }
  const last = lastUserTurn(input.context);
  if (choice === 'required' && tools.length > 0) return [callFor(tools[0] as FunctionTool)];
  if (last === undefined) {
    return [
      { kind: 'message', text: 'Hello! This is the Soundcheck mock server. How can I help?' },
    ];
  }
  if (last.type === 'function_call_output') {
    const outputs: string[] = [];
    for (let i = input.context.length - 1; i >= 0; i--) {
      const item = input.context[i] as Item;
      if (item.type !== 'function_call_output') break;
      outputs.unshift(String((item as { output?: unknown }).output));
    }
    return [
      { kind: 'message', text: `The tool returned ${outputs.join(' and ')}. Anything else?` },
    ];
  }
  const text = userText(last);
  if (choice === 'auto' && text !== undefined) {
    const named = tools.find((t) => text.toLowerCase().includes(t.name.toLowerCase()));
    if (named !== undefined) return [callFor(named)];
  }
  if (text !== undefined) return [{ kind: 'message', text: `You said: "${text}". Got it.` }];
  const ms = input.inputAudioMs(last.id);
  return [{ kind: 'message', text: `I heard ${(ms / 1000).toFixed(1)} seconds of audio. Got it.` }];
}

/** Deterministic token counts: 4 characters of text per token, 50 ms of audio per token. */
export const tokens = {
  text: (chars: number) => Math.ceil(chars / 4),
  audio: (ms: number) => Math.ceil(ms / 50),
};
