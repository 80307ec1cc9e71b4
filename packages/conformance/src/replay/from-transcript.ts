/**
 * `scenario from-transcript`: a recorded session → a scenario file the mock's scenario player runs
 * like a hand-written one (strict, for the recorded dialect).
 *
 * - Each client event becomes an `expect` (patterns.ts); consecutive `input_audio_buffer.append`s
 *   collapse into one (appends are always allowed, so the others pass).
 * - Each response becomes a `respond` step where `response.created` was (responses.ts).
 * - What the engine answers by itself is left out: session and conversation acknowledgements,
 *   buffer commits and clears, rate limits, and server VAD's `speech_started` / `speech_stopped`
 *   (the engine runs VAD over the client's own audio), and `error`s that answer a client event.
 * - Input transcription → `transcribe`; `timeout_triggered` → `vad`; any other `error` →
 *   `fault.error`; a server close → `fault.close`; anything else → `emit`.
 * - A step the engine does not wait for starts `on` the last event before it in the recording,
 *   counted from the end of the previous step (e.g. the 5th `response.output_audio.delta`).
 */
import { basename } from 'node:path';
import { betaToGaEventNames, decodedLength, ga } from '@soundcheck/schema';
import { canonicalClientEvent, expectPattern, type RefState } from './patterns.js';
import type { RecordedSession } from './recorded-session.js';
import { bytesPerMs, type RespondAction, ResponseRecorder } from './responses.js';

type Json = Record<string, unknown>;
type Step = Json;

/** Beta server event names → canonical (GA) names: the schema's rename table. */
const CANONICAL_NAMES: Readonly<Record<string, string>> = betaToGaEventNames;

/** Server events the engine produces by itself (answers and VAD over the client's audio). */
const ENGINE_EVENTS = new Set([
  'session.created',
  'session.updated',
  'conversation.created',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.retrieved',
  'conversation.item.deleted',
  'conversation.item.truncated',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'rate_limits.updated',
]);

/** What the scenario format accepts as an event type. */
const EVENT_TYPE = /^[a-z_]+(\.[a-z0-9_]+)*$/;
const TRANSCRIPTION = 'conversation.item.input_audio_transcription';
const APPEND = 'input_audio_buffer.append';

export interface FromTranscriptOptions {
  /** The scenario's `name` (kebab-case; the file must be `<name>.json`). */
  name: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a GA event passes the strict GA server schema (else it is emitted verbatim). */
function validGaEvent(event: Json): boolean {
  const schema = (
    ga.strict.serverEvents as Record<string, { safeParse(v: unknown): { success: boolean } }>
  )[event.type as string];
  return schema?.safeParse({ event_id: 'event_scenario', ...event }).success === true;
}

/** Orders a respond action's keys as the format lists them. */
function tidyRespond(action: RespondAction): RespondAction {
  const { match, text, audio, functionCalls, end } = action;
  return {
    ...(match === undefined ? {} : { match }),
    ...(text === undefined ? {} : { text }),
    ...(audio === undefined ? {} : { audio }),
    ...(functionCalls === undefined ? {} : { functionCalls }),
    ...(end === undefined ? {} : { end }),
  };
}

/** Builds the scenario (plain JSON, valid against ScenarioSchema) of a recorded session. */
export function scenarioFromRecording(
  recording: RecordedSession,
  options: FromTranscriptOptions,
): Json {
  const { dialect } = recording.header;
  const steps: Step[] = [];
  const refs: RefState = { audioSentMs: new Map() };
  const responses = new ResponseRecorder();
  const actions: RespondAction[] = [];
  const clientIds = new Set<string>();
  const committed: string[] = [];
  const transcriptDeltas = new Set<string>();
  /** Canonical events since the previous step finished: the candidates for its `on`. */
  let since: string[] = [];
  let appendRun = false;
  let lastWasClient = false;
  let sessionRate = 48;
  let sessionCreated = false;
  /** The recording is of a transcription session (its first event says so). */
  let transcription = false;
  const skipped = { client: 0, server: 0 };
  let clientEvents = 0;

  const push = (step: Step, triggered: boolean) => {
    const last = since.at(-1);
    if (triggered && last !== undefined) {
      const count = since.filter((t) => t === last).length;
      step = { on: count === 1 ? last : { event: last, count }, ...step };
    }
    steps.push(step);
    since = [];
    appendRun = false;
  };

  for (const frame of recording.frames) {
    if (frame.direction === 'client') {
      if (frame.kind === 'close') continue;
      lastWasClient = true;
      if (
        frame.kind !== 'json' ||
        !isObject(frame.frame) ||
        typeof frame.frame.type !== 'string' ||
        !EVENT_TYPE.test(frame.frame.type)
      ) {
        skipped.client++;
        continue;
      }
      clientEvents++;
      if (typeof frame.frame.event_id === 'string') clientIds.add(frame.frame.event_id);
      const event = canonicalClientEvent(frame.frame, dialect);
      if (event.type === APPEND && appendRun) {
        since.push(APPEND);
        continue;
      }
      push({ expect: { event: expectPattern(event, refs) } }, false);
      appendRun = event.type === APPEND;
      continue;
    }
    const reply = lastWasClient;
    lastWasClient = false;
    if (frame.kind === 'close') {
      const close =
        frame.code === 1005 || frame.code === 1006
          ? {}
          : { code: frame.code, reason: frame.reason };
      push({ fault: { close } }, true);
      continue;
    }
    if (frame.kind !== 'json' || !isObject(frame.frame) || typeof frame.frame.type !== 'string') {
      skipped.server++;
      continue;
    }
    const type = CANONICAL_NAMES[frame.frame.type] ?? frame.frame.type;
    const event: Json = { ...frame.frame, type };
    // What the player will know when the next client event arrives.
    if (type === 'session.created' || type === 'session.updated') {
      const session = isObject(event.session) ? event.session : {};
      if (type === 'session.created') {
        sessionCreated = true;
        transcription =
          session.type === 'transcription' || session.object === 'realtime.transcription_session';
      }
      const output =
        isObject(session.audio) && isObject(session.audio.output) ? session.audio.output : {};
      sessionRate = bytesPerMs(output.format ?? session.output_audio_format) ?? sessionRate;
    } else if (type === 'response.output_audio.delta' && typeof event.item_id === 'string') {
      refs.lastAudioItemId = event.item_id;
      const ms = typeof event.delta === 'string' ? decodedLength(event.delta) / sessionRate : 0;
      refs.audioSentMs.set(event.item_id, (refs.audioSentMs.get(event.item_id) ?? 0) + ms);
    } else if (type === 'input_audio_buffer.committed' && typeof event.item_id === 'string') {
      refs.lastUserItemId = event.item_id;
      committed.push(event.item_id);
    } else if (
      type === 'conversation.item.added' &&
      isObject(event.item) &&
      event.item.role === 'user' &&
      typeof event.item.id === 'string'
    ) {
      refs.lastUserItemId = event.item.id;
    }

    if (type === 'response.created' && isObject(event.response)) {
      if (typeof event.response.id === 'string') refs.lastResponseId = event.response.id;
      const action = responses.start(event.response, sessionRate);
      actions.push(action);
      push({ respond: action }, false);
      continue;
    }
    if (responses.take(event) || ENGINE_EVENTS.has(type)) {
      since.push(type);
      continue;
    }
    if (type === 'input_audio_buffer.timeout_triggered') {
      push({ vad: { event: 'timeout_triggered' } }, true);
      continue;
    }
    if (type.startsWith(`${TRANSCRIPTION}.`)) {
      const itemId = typeof event.item_id === 'string' ? event.item_id : undefined;
      const index = itemId === undefined ? -1 : committed.indexOf(itemId);
      const item = index === -1 || index === committed.length - 1 ? {} : { item: index };
      if (type === `${TRANSCRIPTION}.delta`) {
        if (itemId !== undefined) transcriptDeltas.add(itemId);
        continue; // the transcribe step streams its own deltas
      }
      if (type === `${TRANSCRIPTION}.completed`) {
        const deltas =
          itemId !== undefined && transcriptDeltas.has(itemId) ? {} : { deltas: false };
        push({ transcribe: { ...item, text: String(event.transcript ?? ''), ...deltas } }, true);
        continue;
      }
      if (type === `${TRANSCRIPTION}.failed`) {
        const error = isObject(event.error) ? event.error : {};
        push(
          {
            transcribe: {
              ...item,
              error: {
                ...(typeof error.type === 'string' ? { type: error.type } : {}),
                ...(typeof error.code === 'string' || error.code === null
                  ? { code: error.code }
                  : {}),
                message: String(error.message ?? ''),
              },
            },
          },
          true,
        );
        continue;
      }
    }
    if (type === 'error') {
      const error = isObject(event.error) ? event.error : {};
      const answers = typeof error.event_id === 'string' && clientIds.has(error.event_id);
      if (reply || answers) {
        since.push(type); // the engine answers the same client event with its own error
        continue;
      }
      push(
        {
          fault: {
            error: {
              ...(typeof error.type === 'string' ? { type: error.type } : {}),
              code: typeof error.code === 'string' ? error.code : null,
              message: String(error.message ?? ''),
              ...(typeof error.param === 'string' ? { param: error.param } : {}),
            },
          },
        },
        true,
      );
      continue;
    }
    const { event_id: _id, ...emitted } = frame.frame;
    const verbatim = dialect === 'beta' || !validGaEvent(emitted);
    const last = steps.at(-1);
    const lastEmit = isObject(last?.emit)
      ? (last.emit as { events: Json[]; verbatim?: boolean })
      : undefined;
    if (lastEmit !== undefined && since.length === 0 && (lastEmit.verbatim === true) === verbatim) {
      lastEmit.events.push(emitted);
      continue;
    }
    push({ emit: { events: [emitted], ...(verbatim ? { verbatim: true } : {}) } }, true);
  }
  responses.flush();
  if (actions.some((a) => a.match !== undefined)) {
    for (const a of actions) a.match ??= { conversation_id: { $any: 'string' } };
  }
  for (const step of steps)
    if (step.respond !== undefined) step.respond = tidyRespond(step.respond as RespondAction);

  const source = recording.file === undefined ? 'a transcript' : basename(recording.file);
  const left = [
    skipped.client > 0 ? `${skipped.client} client frame(s) that are not events` : '',
    skipped.server > 0 ? `${skipped.server} server frame(s) that are not JSON events` : '',
  ].filter((s) => s !== '');
  const description =
    `Recorded from ${source} (session ${recording.session}, ${dialect}, model ${recording.header.model ?? 'unnamed'}): ` +
    `${clientEvents} client events, ${actions.length} responses. A correct client sends the same events in the same order. ` +
    'Generated by `soundcheck scenario from-transcript`.' +
    (left.length > 0 ? ` Left out: ${left.join(', ')}.` : '');
  return {
    name: options.name,
    description,
    dialects: [dialect],
    ...(sessionCreated && !transcription
      ? {}
      : {
          connection: {
            ...(sessionCreated ? {} : { sessionCreated: false }),
            ...(transcription ? { intent: 'transcription' } : {}),
          },
        }),
    strict: true,
    steps,
  };
}

/** The scenario file's text: two-space JSON and a final newline. */
export function renderScenario(scenario: Json): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}
