/**
 * A recorded session turned into what a replay does: the server frames to send on open, then for
 * each recorded client frame the frames the server sent after it. Consecutive
 * `input_audio_buffer.append` frames form one step matched by audio length (see {@link AppendRun}).
 */
import { decodedLength } from '@soundcheck/schema';
import type { RecordedFrame, RecordedSession } from './recorded-session.js';

/** Something the server does: send a frame, or close. */
export type ServerAction =
  | {
      readonly kind: 'send';
      readonly line: number;
      readonly t: number;
      readonly data: string | Buffer;
    }
  | {
      readonly kind: 'close';
      readonly line: number;
      readonly t: number;
      readonly code: number;
      readonly reason: string;
    };

/** One recorded append of a run: where its audio ends and what the server sent after it. */
interface AppendPart {
  readonly line: number;
  readonly t: number;
  /** Bytes of audio appended by the run up to and including this frame. */
  readonly end: number;
  readonly answers: ServerAction[];
}

/**
 * A run of consecutive recorded appends (server frames may sit between them, other client frames
 * end the run). A live client may cut the same audio into other chunks: what the server sent after
 * a recorded append is sent once the live appends reach as many bytes, and the run is done when
 * the live client has appended exactly as many bytes as the recording.
 */
export interface AppendRun {
  readonly kind: 'appends';
  readonly line: number;
  readonly t: number;
  readonly parts: AppendPart[];
}

/** A recorded client frame (not an append) and what the server sent after it. */
interface FrameStep {
  readonly kind: 'frame';
  readonly line: number;
  readonly t: number;
  readonly frame: Exclude<RecordedFrame, { kind: 'close' }>;
  readonly answers: ServerAction[];
}

/** The client closed the connection. */
interface CloseStep {
  readonly kind: 'close';
  readonly line: number;
  readonly t: number;
  readonly code: number;
  readonly answers: ServerAction[];
}

export type ClientStep = FrameStep | AppendRun | CloseStep;

export interface ReplayPlan {
  readonly recording: RecordedSession;
  /** Server frames before the first client frame. */
  readonly opening: ServerAction[];
  readonly steps: ClientStep[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The audio bytes of an append event, or undefined when the event is not an append. */
export function appendBytes(event: unknown): number | undefined {
  if (!isObject(event) || event.type !== 'input_audio_buffer.append') return undefined;
  return typeof event.audio === 'string' ? decodedLength(event.audio) : 0;
}

function action(frame: RecordedFrame): ServerAction {
  const { line, t } = frame;
  switch (frame.kind) {
    case 'json':
      return { kind: 'send', line, t, data: frame.raw };
    case 'text':
      return { kind: 'send', line, t, data: frame.text };
    case 'binary':
      return { kind: 'send', line, t, data: frame.bytes };
    case 'close':
      return { kind: 'close', line, t, code: frame.code, reason: frame.reason };
  }
}

/** Builds the replay plan of a recorded session. */
export function planReplay(recording: RecordedSession): ReplayPlan {
  const opening: ServerAction[] = [];
  const steps: ClientStep[] = [];
  let target = opening;
  for (const frame of recording.frames) {
    if (frame.direction === 'server') {
      target.push(action(frame));
      continue;
    }
    const { line, t } = frame;
    if (frame.kind === 'close') {
      const step: CloseStep = { kind: 'close', line, t, code: frame.code, answers: [] };
      steps.push(step);
      target = step.answers;
      continue;
    }
    const bytes = frame.kind === 'json' ? appendBytes(frame.frame) : undefined;
    if (bytes === undefined) {
      const step: FrameStep = { kind: 'frame', line, t, frame, answers: [] };
      steps.push(step);
      target = step.answers;
      continue;
    }
    const last = steps.at(-1);
    const run: AppendRun =
      last?.kind === 'appends' ? last : { kind: 'appends', line, t, parts: [] };
    if (run !== last) steps.push(run);
    const part: AppendPart = { line, t, end: (run.parts.at(-1)?.end ?? 0) + bytes, answers: [] };
    run.parts.push(part);
    target = part.answers;
  }
  return { recording, opening, steps };
}

/** Total audio bytes of a run. */
export function runBytes(run: AppendRun): number {
  return run.parts.at(-1)?.end ?? 0;
}
