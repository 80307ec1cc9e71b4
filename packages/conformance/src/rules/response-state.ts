/**
 * What the stream checks remember about the responses of a session: each response, its output
 * items and their content parts, and what their deltas add up to so far. Plain data; the checks
 * live in response-tracker.ts and item-content.ts.
 */
import type { AudioFormatName } from '@soundcheck/schema';
import type { RuleId, Severity } from './problem.js';

/** Reports one problem of the event being handled. */
export type Report = (rule: RuleId, severity: Severity, path: string, reason: string) => void;

/** Streams of a content part, as bits. */
export const TEXT = 1;
export const AUDIO = 2;
export const TRANSCRIPT = 4;

/** The stream of each delta and `*.done` event (GA names). */
export const STREAM_OF: Readonly<Record<string, number>> = {
  'response.output_text.delta': TEXT,
  'response.output_text.done': TEXT,
  'response.output_audio.delta': AUDIO,
  'response.output_audio.done': AUDIO,
  'response.output_audio_transcript.delta': TRANSCRIPT,
  'response.output_audio_transcript.done': TRANSCRIPT,
};

export interface PartState {
  readonly index: number;
  readonly line: number;
  done: boolean;
  /** Streams with at least one delta, and streams whose `*.done` came (bits). */
  started: number;
  closed: number;
  deltas: number;
  text: string;
  transcript: string;
}

export interface ItemState {
  readonly id: string;
  readonly response: ResponseState;
  readonly outputIndex: number;
  readonly type: string | undefined;
  readonly callId: string | undefined;
  readonly line: number;
  done: boolean;
  /** Beta: `conversation.item.created` seen (or not needed: out-of-band). */
  inConversation: boolean;
  betaOrderReported: boolean;
  readonly parts: PartState[];
  args: string;
  argDeltas: number;
  argsDone: boolean;
}

export interface ResponseState {
  readonly id: string;
  readonly line: number;
  readonly defaultConversation: boolean;
  readonly format: AudioFormatName;
  readonly items: ItemState[];
}

/** Audio the server sent for one item. */
export interface ItemAudio {
  bytes: number;
  ms: number;
  format: AudioFormatName;
}

const short = (text: string, max = 40): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Where two strings first differ, for messages. */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

/** Why a done value is not the concatenation of its deltas, showing where they part. */
export function concatenationReason(
  what: string,
  deltas: number,
  joined: string,
  done: string,
): string {
  const at = firstDifference(joined, done);
  return `${what} is not the concatenation of its ${deltas} delta${deltas === 1 ? '' : 's'}: the deltas give ${joined.length} characters, the done event ${done.length}; they differ from character ${at} (deltas ${short(joined.slice(at))}, done ${short(done.slice(at))})`;
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const int = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;
