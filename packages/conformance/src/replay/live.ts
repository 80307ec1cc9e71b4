/**
 * The live side of a replay: frames from the client, how they and the recorded steps are named in
 * messages, and closing a socket with a recorded code.
 */
import type { WebSocket } from 'ws';
import { type ClientStep, runBytes } from './plan.js';

/** A frame (or the close) from the live client. */
export type Live =
  | { kind: 'json'; event: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Buffer }
  | { kind: 'close'; code: number };

/** A `ws` message as a live frame (JSON text parsed). */
export function liveOf(data: Buffer, isBinary: boolean): Live {
  if (isBinary) return { kind: 'binary', bytes: data };
  const text = data.toString('utf8');
  try {
    return { kind: 'json', event: JSON.parse(text) };
  } catch {
    return { kind: 'text', text };
  }
}

/** The `type` of an event, when it is an object with a string `type`. */
export function typeOf(event: unknown): string | undefined {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof event === 'object' && !Array.isArray(event) && typeof type === 'string'
    ? type
    : undefined;
}

/** A live frame in words, for messages (never its payload). */
export function liveName(live: Live): string {
  switch (live.kind) {
    case 'json':
      return typeOf(live.event) ?? 'an event without a type';
    case 'text':
      return 'a text frame that is not JSON';
    case 'binary':
      return 'a binary frame';
    case 'close':
      return `a close (${live.code})`;
  }
}

/** Closes a socket with a recorded code: 1005 sends no code, 1006 and other unsendable codes drop. */
export function closeWith(ws: WebSocket, code: number, reason: string): void {
  if (code === 1005) ws.close();
  else if ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || code >= 3000)
    ws.close(code, reason);
  else ws.terminate();
}

/** The client event's `event_id`, or null. */
export function idOf(event: unknown): string | null {
  const id = (event as { event_id?: unknown } | null)?.event_id;
  return typeof id === 'string' ? id : null;
}

/** `file:line` (or `line N` for lines given in memory). */
export function where(file: string | undefined, line: number | undefined): string {
  const name = file ?? 'the recording';
  return line === undefined ? name : file === undefined ? `line ${line}` : `${file}:${line}`;
}

/** What a recorded step waits for, in words. */
export function expectedOf(step: ClientStep): string {
  switch (step.kind) {
    case 'appends':
      return `input_audio_buffer.append (${runBytes(step)} bytes of audio)`;
    case 'close':
      return 'the client to close';
    case 'frame':
      return step.frame.kind === 'json'
        ? (typeOf(step.frame.frame) ?? 'an event without a type')
        : step.frame.kind === 'text'
          ? 'a text frame (not JSON)'
          : 'a binary frame';
  }
}
