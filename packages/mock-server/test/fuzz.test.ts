// Property tests: random client sessions, valid and not, against one session host in each
// dialect, kind of session and pace (fast, or realtime on a virtual clock, where responses stream
// long enough to be cancelled, interrupted, truncated and have their items deleted mid-stream).
// Whatever a client sends, the session must stay open and answer only events that pass the strict
// server schema, each with its own event_id; an error names the client event that caused it; a
// response that starts ends once, with nothing after its response.done, its items, parts and
// deltas nested, its usage and its streamed text adding up; the conversation a client rebuilds
// from the events stays coherent; a transcription session never answers with a response; and the
// same frames at the same times give the same answer twice. The shipped scenarios, and edits of
// their files, are held to the same rules below.
//
// fast-check's seed is fixed so that CI runs the same sessions each time; FUZZ_SEED=<n> and
// FUZZ_RUNS=<n> explore others (a failure prints the seed and the shortest session that fails,
// to replay with `fc.assert(..., { seed, path })`).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaCodec } from '../src/codec/beta.js';
import type { DialectName } from '../src/codec/codec.js';
import { gaCodec } from '../src/codec/ga.js';
import {
  loadScenarios,
  type Pace,
  parseScenario,
  ScenarioError,
  ScenarioLibrary,
  type ScenarioReport,
  shippedScenarioDir,
} from '../src/index.js';
import { SessionHost, type SessionScenario } from '../src/session-host.js';
import { type Event, strictFailures } from './host-support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

/** `ms` of 24 kHz mono pcm16: a 220 Hz tone (speech to the VAD) or silence, as base64. */
function pcm(ms: number, loud: boolean): string {
  const samples = Math.round(24 * ms);
  const out = Buffer.alloc(samples * 2);
  if (loud)
    for (let i = 0; i < samples; i++)
      out.writeInt16LE(Math.round(9000 * Math.sin((2 * Math.PI * 220 * i) / 24000)), i * 2);
  return out.toString('base64');
}

/**
 * One client step. `ref` picks an item id among those the session has shown so far (or a
 * client-chosen or unknown one), resolved when the step is sent, so that truncate, delete,
 * retrieve and `previous_item_id` reach the mock's own items, its audio replies among them.
 */
type Step = { kind: string; ref: number; args: Record<string, unknown> };

const eventId = fc.option(fc.constantFrom('evt_a', 'evt_b', 'evt_client_1'), { nil: undefined });
const tool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
    required: ['city'],
  },
};
/** A pause of the client's (virtual time): mostly shorter than a response, sometimes longer. */
const wait = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 400 }), weight: 3 },
  { arbitrary: fc.integer({ min: 400, max: 4000 }), weight: 1 },
);
const toolChoice = fc.constantFrom<unknown>('auto', 'none', 'required', {
  type: 'function',
  name: 'get_weather',
});
const vad = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      type: fc.constant('server_vad'),
      silence_duration_ms: fc.integer({ min: 0, max: 1200 }),
      prefix_padding_ms: fc.integer({ min: 0, max: 600 }),
      create_response: fc.boolean(),
      interrupt_response: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('semantic_vad') }),
);

/** A step of `kind` with `args`, picked `weight` times as often as a step of weight 1. */
const step = (kind: string, args: fc.Arbitrary<Record<string, unknown>>, weight = 1) => ({
  arbitrary: fc.record({ kind: fc.constant(kind), ref: fc.nat(9), args }),
  weight,
});

/** A step of any kind, in the shapes of `dialect`, for a realtime session. */
function realtimeStep(dialect: DialectName): fc.Arbitrary<Step> {
  const ga = dialect === 'ga';
  const modalities = fc.constantFrom(['text'], ga ? ['audio'] : ['audio', 'text']);
  const sessionUpdate = ga
    ? fc.record(
        {
          type: fc.constant('realtime'),
          instructions: fc.string({ maxLength: 20 }),
          output_modalities: modalities,
          tools: fc.constant([tool]),
          tool_choice: toolChoice,
          max_output_tokens: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant('inf')),
          audio: fc.record(
            {
              input: fc.record(
                {
                  turn_detection: vad,
                  transcription: fc.constantFrom(null, { model: 'whisper-1' }),
                  format: fc.constantFrom(
                    { type: 'audio/pcm', rate: 24000 },
                    { type: 'audio/pcmu' },
                    { type: 'audio/pcma' },
                  ),
                },
                { requiredKeys: [] },
              ),
              output: fc.record({ voice: fc.constantFrom('alloy', 'marin', 'verse') }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['type'] },
      )
    : fc.record(
        {
          instructions: fc.string({ maxLength: 20 }),
          modalities,
          voice: fc.constantFrom('alloy', 'shimmer', 'verse'),
          tools: fc.constant([tool]),
          tool_choice: toolChoice,
          max_response_output_tokens: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant('inf')),
          turn_detection: vad,
          input_audio_transcription: fc.constantFrom(null, { model: 'whisper-1' }),
          input_audio_format: fc.constantFrom('pcm16', 'g711_ulaw', 'g711_alaw'),
        },
        { requiredKeys: [] },
      );
  const responseParams = fc.record(
    {
      instructions: fc.string({ maxLength: 20 }),
      [ga ? 'output_modalities' : 'modalities']: modalities,
      tool_choice: toolChoice,
      tools: fc.constant([tool]),
      [ga ? 'max_output_tokens' : 'max_response_output_tokens']: fc.integer({ min: 1, max: 30 }),
      conversation: fc.constantFrom('auto', 'none'),
      metadata: fc.constant({ topic: 'fuzz' }),
      input: fc.constantFrom<unknown>(
        [],
        [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'out of band' }] }],
        'ref',
      ),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    step('session.update', fc.record({ session: sessionUpdate, event_id: eventId }), 2),
    step(
      'append',
      fc.record({ ms: fc.integer({ min: 10, max: 1500 }), loud: fc.boolean(), event_id: eventId }),
      3,
    ),
    step('input_audio_buffer.commit', fc.record({ event_id: eventId }), 2),
    step('input_audio_buffer.clear', fc.record({ event_id: eventId })),
    step(
      'conversation.item.create',
      fc.record({
        item: fc.constantFrom<Record<string, unknown>>(
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi there' }] },
          { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: ga ? 'output_text' : 'text', text: 'Earlier reply.' }],
          },
          { type: 'function_call_output', call_id: 'call_unknown', output: '{"ok":true}' },
          {
            id: 'item_mine',
            type: 'message',
            role: 'user',
            content: [{ type: 'input_text', text: 'mine' }],
          },
        ),
        previous: fc.constantFrom('none', 'root', 'ref'),
        event_id: eventId,
      }),
      2,
    ),
    step(
      'conversation.item.truncate',
      fc.record({
        content_index: fc.constantFrom(0, 1),
        audio_end_ms: fc.integer({ min: 0, max: 4000 }),
        event_id: eventId,
      }),
    ),
    step('conversation.item.delete', fc.record({ event_id: eventId })),
    step('conversation.item.retrieve', fc.record({ event_id: eventId })),
    step(
      'response.create',
      fc.record({ response: fc.option(responseParams, { nil: undefined }), event_id: eventId }),
      4,
    ),
    step('response.cancel', fc.record({ by_id: fc.boolean(), event_id: eventId }), 3),
    step('output_audio_buffer.clear', fc.record({ event_id: eventId })),
    step('wait', fc.record({ ms: wait }), 3),
    step(
      'raw',
      fc.record({
        text: fc.oneof(
          fc.constantFrom(
            '{',
            '[]',
            'null',
            '{"type":"nope"}',
            '{"type":"response.create","extra":1}',
            '{"type":"conversation.item.truncate","item_id":5}',
            '{"type":"input_audio_buffer.append","audio":"%%%"}',
          ),
          fc.string({ maxLength: 40 }),
        ),
      }),
    ),
  );
}

/** A transcription session's own update, naming a transcription model and turn detection. */
function transcriptionUpdate(dialect: DialectName) {
  const transcription = fc.record(
    {
      model: fc.constantFrom('whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'),
      language: fc.constantFrom('en', 'fr'),
      prompt: fc.string({ maxLength: 12 }),
    },
    { requiredKeys: ['model'] },
  );
  const include = fc.constantFrom([], ['item.input_audio_transcription.logprobs']);
  const update =
    dialect === 'ga'
      ? fc.record(
          {
            type: fc.constant('transcription'),
            audio: fc.record({
              input: fc.record(
                { transcription, turn_detection: vad },
                { requiredKeys: ['transcription'] },
              ),
            }),
            include,
          },
          { requiredKeys: ['type', 'audio'] },
        )
      : fc.record(
          { input_audio_transcription: transcription, turn_detection: vad, include },
          { requiredKeys: ['input_audio_transcription'] },
        );
  return step(
    dialect === 'ga' ? 'session.update' : 'transcription_session.update',
    fc.record({ session: update, event_id: eventId }),
    3,
  );
}

/** A step of a transcription session: its own update, audio, and what it must refuse. */
function transcriptionStep(dialect: DialectName): fc.Arbitrary<Step> {
  const ga = dialect === 'ga';
  return fc.oneof(
    transcriptionUpdate(dialect),
    step(
      'append',
      fc.record({ ms: fc.integer({ min: 10, max: 1500 }), loud: fc.boolean(), event_id: eventId }),
      4,
    ),
    step('input_audio_buffer.commit', fc.record({ event_id: eventId }), 2),
    step('input_audio_buffer.clear', fc.record({ event_id: eventId })),
    // Refused in a transcription session, and must change nothing.
    step('response.create', fc.record({ event_id: eventId })),
    step('response.cancel', fc.record({ by_id: fc.constant(false), event_id: eventId })),
    step(
      'conversation.item.create',
      fc.record({
        item: fc.constant({
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'hi' }],
        }),
        previous: fc.constant('none'),
        event_id: eventId,
      }),
    ),
    step('conversation.item.delete', fc.record({ event_id: eventId })),
    // A realtime update sent to a transcription session is refused (session.type-fixed).
    step(
      'session.update',
      fc.record({
        session: fc.constant(ga ? { type: 'realtime', instructions: 'x' } : { instructions: 'x' }),
        event_id: eventId,
      }),
    ),
    step('raw', fc.record({ text: fc.constantFrom('{', '{"type":"nope"}', '') })),
    step('wait', fc.record({ ms: wait }), 2),
  );
}

/** The frame a step sends, given the item ids the session has shown so far. */
function frame(step: Step, ids: readonly string[]): string {
  const { kind, ref, args } = step;
  const id = ids.length > 0 && ref < 9 ? (ids[ref % ids.length] as string) : `item_unknown${ref}`;
  const withId = (event: Record<string, unknown>) =>
    JSON.stringify(args.event_id === undefined ? event : { ...event, event_id: args.event_id });
  switch (kind) {
    case 'raw':
      return args.text as string;
    case 'append':
      return withId({
        type: 'input_audio_buffer.append',
        audio: pcm(args.ms as number, args.loud as boolean),
      });
    case 'conversation.item.create': {
      const event: Record<string, unknown> = { type: kind, item: args.item };
      if (args.previous === 'root') event.previous_item_id = 'root';
      if (args.previous === 'ref') event.previous_item_id = id;
      return withId(event);
    }
    case 'conversation.item.truncate':
      return withId({
        type: kind,
        item_id: id,
        content_index: args.content_index,
        audio_end_ms: args.audio_end_ms,
      });
    case 'conversation.item.delete':
    case 'conversation.item.retrieve':
      return withId({ type: kind, item_id: id });
    case 'response.create': {
      const response = args.response as Record<string, unknown> | undefined;
      if (response?.input === 'ref')
        return withId({
          type: kind,
          response: { ...response, input: [{ type: 'item_reference', id }] },
        });
      return withId(response === undefined ? { type: kind } : { type: kind, response });
    }
    case 'response.cancel':
      return withId(
        args.by_id === true ? { type: kind, response_id: `resp_${ref}` } : { type: kind },
      );
    default:
      return withId({
        type: kind,
        ...(args.session === undefined ? {} : { session: args.session }),
      });
  }
}

/** Every item id the server has named so far, in order, once each. */
function itemIds(events: readonly Event[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    const item = e.item as { id?: unknown } | undefined;
    if (typeof item?.id === 'string') ids.add(item.id);
    if (typeof e.item_id === 'string') ids.add(e.item_id);
  }
  return [...ids];
}

interface Timer {
  at: number;
  order: number;
  fn: () => void;
  live: boolean;
}

/** A session host on a virtual clock: `wait(ms)` runs its timers as they come due. */
class Session {
  readonly frames: string[] = [];
  readonly events: Event[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly host: SessionHost;
  #now = 0;
  #timers: Timer[] = [];
  #order = 0;

  /** Final reports of the scenario in play (at most one may come). */
  readonly reports: ScenarioReport[] = [];

  constructor(
    readonly dialect: DialectName,
    type: 'realtime' | 'transcription',
    pace: Pace,
    scenario?: SessionScenario,
  ) {
    this.host = new SessionHost(
      {
        send: (text) => {
          this.frames.push(text);
          this.events.push(JSON.parse(text) as Event);
        },
        close: (code, reason) => {
          this.closed = { code, reason };
        },
        now: () => this.#now,
        setTimer: (fn, ms) => {
          const timer = { at: this.#now + ms, order: this.#order++, fn, live: true };
          this.#timers.push(timer);
          return timer;
        },
        clearTimer: (timer) => {
          if (timer !== undefined) (timer as { live: boolean }).live = false;
        },
      },
      {
        codec: dialect === 'beta' ? betaCodec : gaCodec,
        pace,
        engine: { seed: 7, type },
        ...(scenario === undefined
          ? {}
          : { scenario: { ...scenario, onEnd: (report) => this.reports.push(report) } }),
      },
    );
    this.host.open();
  }

  /** Moves the clock `ms` on, running each timer due meanwhile at its time, in order. */
  wait(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      this.#timers = this.#timers.filter((t) => t.live);
      let next: Timer | undefined;
      for (const t of this.#timers)
        if (
          t.at <= until &&
          (next === undefined || t.at < next.at || (t.at === next.at && t.order < next.order))
        )
          next = t;
      if (next === undefined) break;
      next.live = false;
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = until;
  }

  /** Server events that fail the strict server schema of the dialect. */
  invalid(): string[] {
    return strictFailures(this.events, this.dialect);
  }
}

/** What a client did: a frame, or a wait of some milliseconds. */
type Action = string | number;

interface Played {
  frames: string[];
  actions: Action[];
  /** How many frames the server had sent before each action, and one more at the end. */
  marks: number[];
  events: Event[];
  closed: { code: number; reason: string } | undefined;
  invalid: string[];
  reports: ScenarioReport[];
}

/** Long enough for any response of these sessions to finish in realtime pace. */
const DRAIN_MS = 10 * 60_000;

function play(config: Config, steps: readonly Step[]): Played {
  const session = new Session(config.dialect, config.type, config.pace, config.scenario);
  const actions: Action[] = [];
  const marks: number[] = [];
  const act = (action: Action) => {
    actions.push(action);
    marks.push(session.frames.length);
    if (typeof action === 'number') session.wait(action);
    else session.host.receive(action);
  };
  for (const step of steps)
    act(step.kind === 'wait' ? (step.args.ms as number) : frame(step, itemIds(session.events)));
  act(DRAIN_MS);
  marks.push(session.frames.length);
  return {
    frames: session.frames,
    actions,
    marks,
    events: session.events,
    closed: session.closed,
    invalid: session.invalid(),
    reports: session.reports,
  };
}

/** The same actions, at the same virtual times, in a fresh host with the same seed. */
function replay(config: Config, actions: readonly Action[]): string[] {
  const session = new Session(config.dialect, config.type, config.pace, config.scenario);
  for (const action of actions)
    if (typeof action === 'number') session.wait(action);
    else session.host.receive(action);
  return session.frames;
}

interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_token_details: { text_tokens: number; audio_tokens: number; image_tokens?: number };
  output_token_details: { text_tokens: number; audio_tokens: number };
}

/** What a scenario may script that a session of the default responder never does. */
interface Scripted {
  /** The server closes the connection (a `close` fault). */
  close: boolean;
  /** Errors of the server's own (an `error` fault or emitted error), whatever the client sent. */
  errors: boolean;
}

/** What must hold of any session, whatever the client sent. */
function check(
  played: Played,
  type: 'realtime' | 'transcription',
  scripted: Scripted = { close: false, errors: false },
): void {
  if (!scripted.close) expect(played.closed).toBeUndefined();
  expect(played.invalid).toEqual([]);
  const ids = played.events.map((e) => e.event_id);
  expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  // Each response: created once, done once (by the end), nothing of it after its done.
  const done = new Set<string>();
  const created = new Set<string>();
  for (const e of played.events) {
    const responseId =
      (e.response as { id?: string } | undefined)?.id ??
      (typeof e.response_id === 'string' ? e.response_id : undefined);
    if (!e.type.startsWith('response.') || responseId === undefined) continue;
    expect(done.has(responseId), `${e.type} after response.done of ${responseId}`).toBe(false);
    if (e.type === 'response.created') {
      expect(created.has(responseId)).toBe(false);
      created.add(responseId);
    } else expect(created.has(responseId), `${e.type} before response.created`).toBe(true);
    if (e.type === 'response.done') done.add(responseId);
  }
  // (A connection a scenario drops may leave its response unfinished.)
  if (played.closed === undefined) expect([...created].filter((id) => !done.has(id))).toEqual([]);
  // Within a response, the nesting a client's state machine relies on: an output item opens
  // before its content parts, a part before its deltas and their done, a part closes before its
  // item, every item closes before response.done; also when a response is cancelled or cut.
  const openItems = new Map<string, string>(); // item id → response id
  const openParts = new Set<string>(); // `${item id}/${content_index}`
  for (const e of played.events) {
    if (!e.type.startsWith('response.')) continue;
    const item = (e.item as { id?: string } | undefined)?.id;
    const part = `${e.item_id}/${e.content_index}`;
    if (e.type === 'response.output_item.added') {
      expect(openItems.has(item as string), `${item} opened twice`).toBe(false);
      openItems.set(item as string, e.response_id as string);
    } else if (e.type === 'response.output_item.done') {
      expect(openItems.has(item as string), `${e.type} of ${item}, not open`).toBe(true);
      expect(
        [...openParts].filter((p) => p.startsWith(`${item}/`)),
        `${item} closed with parts open`,
      ).toEqual([]);
      openItems.delete(item as string);
    } else if (e.type === 'response.content_part.added') {
      expect(openItems.has(e.item_id as string), `${e.type} of ${part}, item not open`).toBe(true);
      expect(openParts.has(part), `${part} opened twice`).toBe(false);
      openParts.add(part);
    } else if (e.type === 'response.content_part.done') {
      expect(openParts.has(part), `${e.type} of ${part}, not open`).toBe(true);
      openParts.delete(part);
    } else if (e.content_index !== undefined) {
      expect(openParts.has(part), `${e.type} of ${part}, part not open`).toBe(true);
    } else if (e.item_id !== undefined) {
      expect(openItems.has(e.item_id as string), `${e.type} of ${e.item_id}, item not open`).toBe(
        true,
      );
    } else if (e.type === 'response.done') {
      const id = (e.response as { id: string }).id;
      // Usage adds up: the totals are the sums of their parts.
      const usage = (e.response as { usage?: Usage | null }).usage;
      if (usage != null) {
        expect(usage.total_tokens, `${id} total`).toBe(usage.input_tokens + usage.output_tokens);
        const input = usage.input_token_details;
        expect(
          input.text_tokens + input.audio_tokens + (input.image_tokens ?? 0),
          `${id} input`,
        ).toBe(usage.input_tokens);
        const output = usage.output_token_details;
        expect(output.text_tokens + output.audio_tokens, `${id} output`).toBe(usage.output_tokens);
      }
      expect(
        [...openItems].filter(([, r]) => r === id),
        `${id} done with items open`,
      ).toEqual([]);
    }
  }
  // Streamed text adds up: the deltas of a text, a transcript (output or input) or a call's
  // arguments, joined, are what their done (or completed) event carries, cut short or not.
  const streamed = new Map<string, string>();
  for (const e of played.events) {
    const kind = /^(.*)\.(delta|done|completed)$/.exec(e.type);
    if (kind === null || /audio\.(delta|done)$/.test(e.type)) continue;
    const key = `${kind[1]}|${e.item_id}|${e.content_index ?? ''}`;
    if (kind[2] === 'delta') streamed.set(key, (streamed.get(key) ?? '') + (e.delta as string));
    else if (streamed.has(key)) {
      const final = e.text ?? e.transcript ?? e.arguments;
      expect(final, `${e.type} of ${e.item_id} against its deltas`).toBe(streamed.get(key));
      streamed.delete(key);
    }
  }
  // Server VAD's turn of each item: speech starts once, stops after it started, not before it.
  const speech = new Map<string, number>();
  for (const e of played.events) {
    const item = e.item_id as string;
    if (e.type === 'input_audio_buffer.speech_started') {
      expect(speech.has(item), `speech_started twice for ${item}`).toBe(false);
      speech.set(item, e.audio_start_ms as number);
    } else if (e.type === 'input_audio_buffer.speech_stopped') {
      expect(speech.has(item), `speech_stopped of ${item} without speech_started`).toBe(true);
      expect(e.audio_end_ms as number).toBeGreaterThanOrEqual(speech.get(item) as number);
    }
  }
  // The conversation as a client rebuilds it: each new item goes after its previous_item_id
  // (null: first), which the client must already have; a deleted item is one it has.
  const conversation: string[] = [];
  for (const e of played.events) {
    const added = e.type === 'conversation.item.added' || e.type === 'conversation.item.created';
    if (added) {
      const id = (e.item as { id: string }).id;
      const previous = e.previous_item_id as string | null | undefined;
      if (conversation.includes(id)) continue; // GA announces an item again when it is done
      expect(
        previous === null || previous === undefined || conversation.includes(previous),
        `${e.type} ${id} after unknown ${previous}`,
      ).toBe(true);
      conversation.splice(previous == null ? 0 : conversation.indexOf(previous) + 1, 0, id);
    } else if (e.type === 'conversation.item.deleted') {
      expect(conversation, `${e.type} ${e.item_id}`).toContain(e.item_id);
      conversation.splice(conversation.indexOf(e.item_id as string), 1);
    } else if (e.type === 'conversation.item.truncated' || e.type === 'conversation.item.done') {
      const id = e.type === 'conversation.item.done' ? (e.item as { id: string }).id : e.item_id;
      expect(conversation, `${e.type} ${id}`).toContain(id);
    }
  }
  if (type === 'transcription')
    expect(played.events.filter((e) => e.type.startsWith('response.')).map((e) => e.type)).toEqual(
      [],
    );
  // An error answers the client event that caused it by its event_id, when it had one.
  played.actions.forEach((action, i) => {
    if (typeof action === 'number' || scripted.errors) return;
    let clientId: unknown;
    try {
      clientId = (JSON.parse(action) as { event_id?: unknown } | null)?.event_id;
    } catch {
      clientId = undefined;
    }
    if (typeof clientId !== 'string') return;
    for (const e of played.events.slice(played.marks[i], played.marks[i + 1]))
      if (e.type === 'error') expect((e.error as { event_id?: unknown }).event_id).toBe(clientId);
  });
}

interface Config {
  dialect: DialectName;
  type: 'realtime' | 'transcription';
  pace: Pace;
  /** A scenario to play instead of the default responder. */
  scenario?: SessionScenario;
}

const configs: Config[] = (['ga', 'beta'] as const).flatMap((dialect) =>
  (['realtime', 'transcription'] as const).flatMap((type) =>
    (['fast', 'realtime'] as const).map((pace) => ({ dialect, type, pace })),
  ),
);

describe('random client sessions', () => {
  for (const config of configs) {
    const { dialect, type, pace } = config;
    it(`${dialect} ${type} session, ${pace} pace: open, schema-valid, one done per response, deterministic`, () => {
      const steps = type === 'realtime' ? realtimeStep(dialect) : transcriptionStep(dialect);
      // Most transcription sessions name a model first (until then they transcribe nothing).
      const first =
        type === 'realtime'
          ? fc.constant(undefined)
          : fc.option(transcriptionUpdate(dialect).arbitrary, { nil: undefined, freq: 4 });
      const seen = { responses: 0, cancelled: 0, transcripts: 0, errors: 0 };
      fc.assert(
        fc.property(first, fc.array(steps, { minLength: 1, maxLength: 25 }), (start, rest) => {
          const played = play(config, start === undefined ? rest : [start, ...rest]);
          check(played, type);
          expect(replay(config, played.actions)).toEqual(played.frames);
          for (const e of played.events) {
            if (e.type === 'response.done') {
              seen.responses++;
              if ((e.response as { status?: string }).status === 'cancelled') seen.cancelled++;
            }
            if (e.type.endsWith('input_audio_transcription.completed')) seen.transcripts++;
            if (e.type === 'error') seen.errors++;
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // The sessions reached both sides, answers and refusals (not a generator that only errs),
      // and in realtime pace, responses cut short by the client or by its speech.
      if (type === 'realtime')
        expect(seen.responses, JSON.stringify(seen)).toBeGreaterThan(RUNS / 2);
      else expect(seen.transcripts).toBeGreaterThan(RUNS / 8);
      if (type === 'realtime' && pace === 'realtime')
        expect(seen.cancelled, JSON.stringify(seen)).toBeGreaterThan(RUNS / 20);
      expect(seen.errors).toBeGreaterThan(RUNS / 4);
    });
  }
});

// The shipped scenarios, played to clients that do not follow their script: a scenario waits for
// what it expects, reports once at most, and otherwise holds the session to the same rules as the
// default responder (its scripted faults aside: a scenario may close the connection, or send an
// error of its own).
describe('random clients against the shipped scenarios', () => {
  const library = new ScenarioLibrary();
  for (const { name } of loadScenarios()) {
    const resolved = library.get(name);
    const scenario = library.session(resolved);
    const type = resolved.scenario.connection?.intent ?? 'realtime';
    // Read off the script (a test's shortcut: the words appear only where a step scripts them).
    const script = JSON.stringify(resolved.scenario.steps);
    const scripted = { close: script.includes('"close":'), errors: script.includes('"error":') };
    for (const dialect of resolved.scenario.dialects ?? (['ga', 'beta'] as const)) {
      it(`${name} (${dialect})`, () => {
        const config: Config = { dialect, type, pace: 'realtime', scenario };
        const steps = type === 'realtime' ? realtimeStep(dialect) : transcriptionStep(dialect);
        fc.assert(
          fc.property(fc.array(steps, { minLength: 1, maxLength: 20 }), (list) => {
            const played = play(config, list);
            check(played, type, scripted);
            expect(played.reports.length).toBeLessThanOrEqual(1);
            expect(replay(config, played.actions)).toEqual(played.frames);
          }),
          { seed: SEED, numRuns: Math.ceil(RUNS / 4) },
        );
      });
    }
  }
});

// Scenario files a user might write: the shipped ones with one value changed somewhere (dropped,
// replaced by any JSON, or by another value of the same file), or their text cut short. Loading one
// either succeeds or throws a ScenarioError that names the file, a line of it and a hint, never
// another error; one that loads plays to random clients under the rules above.
describe('random edits of the shipped scenario files', () => {
  const dir = shippedScenarioDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json');
  /** Every path to a value in `value`, the root first. */
  const pathsOf = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
    const out = [path];
    if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value))
        out.push(...pathsOf(v, [...path, Array.isArray(value) ? Number(k) : k]));
    return out;
  };
  /** The value at `path` in `value`. */
  const at = (value: unknown, path: readonly (string | number)[]): unknown =>
    path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
  const edit = fc.record({
    file: fc.nat(files.length - 1),
    kind: fc.constantFrom('drop', 'replace', 'copy', 'cut', 'string'),
    /** For `string`: a word that fits many places (a dialect, an event type, a name). */
    word: fc.oneof(
      fc.constantFrom('beta', 'ga', 'response.done', 'session.update', 'audio', 'text-turn', ''),
      fc.string({ maxLength: 12 }),
    ),
    pick: fc.nat(),
    other: fc.nat(),
    value: fc.jsonValue({ maxDepth: 2 }),
  });
  const loaded = { ok: 0, refused: 0 };
  /** A client's steps for each dialect and kind of session (the edited scenario picks one). */
  const clientSteps = fc.record({
    'ga realtime': fc.array(realtimeStep('ga'), { maxLength: 12 }),
    'beta realtime': fc.array(realtimeStep('beta'), { maxLength: 12 }),
    'ga transcription': fc.array(transcriptionStep('ga'), { maxLength: 12 }),
    'beta transcription': fc.array(transcriptionStep('beta'), { maxLength: 12 }),
  });

  it('loads or says where and why; what loads, plays', () => {
    fc.assert(
      fc.property(edit, fc.nat(), clientSteps, (e, which, steps) => {
        const name = files[e.file] as string;
        const original = readFileSync(join(dir, name), 'utf8');
        let text: string;
        if (e.kind === 'cut') text = original.slice(0, e.pick % original.length);
        else {
          const data = JSON.parse(original) as unknown;
          const paths = pathsOf(data).slice(1);
          const path = paths[e.pick % paths.length] as (string | number)[];
          const parent = at(data, path.slice(0, -1)) as Record<string | number, unknown>;
          const key = path.at(-1) as string | number;
          if (e.kind === 'drop') {
            if (Array.isArray(parent)) parent.splice(key as number, 1);
            else delete parent[key];
          } else if (e.kind === 'replace') parent[key] = e.value;
          else if (e.kind === 'string') {
            // A string where a string is: the structure holds, the meaning may not.
            const strings = paths.filter((p) => typeof at(data, p) === 'string');
            const target = strings[e.pick % strings.length] as (string | number)[];
            (at(data, target.slice(0, -1)) as Record<string | number, unknown>)[
              target.at(-1) as string | number
            ] = e.word;
          } else {
            const from = paths[e.other % paths.length] as (string | number)[];
            parent[key] = structuredClone(at(data, from));
          }
          text = JSON.stringify(data, null, 2);
        }
        let scenario: ReturnType<typeof parseScenario>;
        try {
          scenario = parseScenario(text, name);
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          const problem = error as ScenarioError;
          expect(problem.message.startsWith(`${name}:`)).toBe(true);
          expect(problem.hint.length).toBeGreaterThan(0);
          if (problem.line !== undefined) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.line).toBeLessThanOrEqual(text.split('\n').length);
          }
          loaded.refused++;
          return;
        }
        loaded.ok++;
        const dialects = scenario.dialects ?? ['ga', 'beta'];
        const dialect = dialects[which % dialects.length] as DialectName;
        const type = scenario.connection?.intent ?? 'realtime';
        const script = JSON.stringify(scenario.steps);
        const scripted = {
          close: script.includes('"close":'),
          errors: script.includes('"error":'),
        };
        const config: Config = {
          dialect,
          type,
          pace: 'realtime',
          scenario: {
            scenario,
            readAudio: (file) => new Uint8Array(readFileSync(join(dir, file))),
          },
        };
        const played = play(config, steps[`${dialect} ${type}`]);
        check(played, type, scripted);
        expect(replay(config, played.actions)).toEqual(played.frames);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
    expect(loaded.ok).toBeGreaterThan(RUNS / 4);
    expect(loaded.refused).toBeGreaterThan(RUNS / 4);
  });
});
