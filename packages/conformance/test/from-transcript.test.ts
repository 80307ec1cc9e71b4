// `scenario from-transcript`: recordings of our own mock (and one hand-written transcript with what
// the mock cannot produce yet) become scenario files that the scenario loader accepts, with the
// steps the recording implies, the same file for the same input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMockServer,
  loadScenario,
  parseScenario,
  type ScenarioReport,
} from '@soundcheck/mock-server';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { renderScenario, scenarioFromRecording } from '../src/replay/from-transcript.js';
import { readRecordedSession } from '../src/replay/recorded-session.js';
import { type Dialect, record, runScript } from './recording-support.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'soundcheck-from-transcript-'));
}

function lines(text: string) {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

async function convert(text: string, name = 'recorded'): Promise<string> {
  const recording = await readRecordedSession(lines(text));
  return renderScenario(scenarioFromRecording(recording, { name }));
}

/** One line per step: its action and the event type or gist. */
function outline(scenarioText: string): string[] {
  const scenario = parseScenario(scenarioText, 'recorded.json');
  return scenario.steps.map((step) => {
    const on = step.on === undefined ? '' : ` on ${JSON.stringify(step.on)}`;
    if ('expect' in step) return `expect ${step.expect.event.type}${on}`;
    if ('respond' in step) return `respond ${Object.keys(step.respond).join('+')}${on}`;
    const [action] = Object.keys(step).filter((k) => k !== 'on');
    return `${action} ${JSON.stringify((step as Record<string, unknown>)[action as string])}${on}`;
  });
}

const SCRIPT_OUTLINE = [
  'expect session.update',
  'expect conversation.item.create',
  'expect response.create',
  'respond text',
  'expect input_audio_buffer.append',
  'expect input_audio_buffer.commit',
  'expect response.create',
  'respond text',
  'expect conversation.item.create',
  'expect response.create',
  'respond functionCalls',
  'expect conversation.item.create',
  'expect response.create',
  'respond text',
  'expect conversation.item.create',
  'expect response.create',
  'respond text+audio',
  'expect conversation.item.truncate',
];

describe.each(['ga', 'beta'] as Dialect[])(
  'from-transcript (%s recording of the mock)',
  (dialect) => {
    it('makes a scenario the loader accepts, with one step per client event and response', async () => {
      const recorded = await record({ dialect });
      const text = await convert(recorded.text);
      const scenario = parseScenario(text, 'recorded.json');
      expect(scenario).toMatchObject({ name: 'recorded', dialects: [dialect], strict: true });
      expect(scenario.connection).toBeUndefined();
      expect(outline(text)).toEqual(SCRIPT_OUTLINE);
    });

    it('keeps the replies and turns ids and audio into matchers', async () => {
      const recorded = await record({ dialect });
      type Loose = Record<string, Record<string, unknown>>;
      const steps = parseScenario(await convert(recorded.text), 'recorded.json')
        .steps as unknown as Loose[];
      const call = recorded.run.events.find(
        (e) =>
          e.type === 'response.output_item.done' &&
          (e.item as { type: string }).type === 'function_call',
      )?.item as { call_id: string; name: string; arguments: string };
      expect(steps[10]?.respond).toEqual({
        functionCalls: [
          { name: 'get_weather', arguments: JSON.parse(call.arguments), callId: call.call_id },
        ],
      });
      expect(steps[11]?.expect).toEqual({
        event: {
          type: 'conversation.item.create',
          item: { type: 'function_call_output', call_id: call.call_id, output: { $any: 'string' } },
        },
      });
      // The audio answer: its transcript, and the duration of the audio deltas (pcm16, 48 bytes per ms).
      const audioDelta =
        dialect === 'beta' ? 'response.audio.delta' : 'response.output_audio.delta';
      const bytes = recorded.run.events
        .filter((e) => e.type === audioDelta)
        .reduce((n, e) => n + Buffer.from(e.delta as string, 'base64').length, 0);
      const transcript = recorded.run.events.find(
        (e) =>
          e.type ===
          (dialect === 'beta'
            ? 'response.audio_transcript.done'
            : 'response.output_audio_transcript.done'),
      )?.transcript;
      expect(steps[16]?.respond).toEqual({
        text: transcript,
        audio: { ms: Math.round(bytes / 48) },
      });
      expect(steps[17]?.expect).toEqual({
        event: {
          type: 'conversation.item.truncate',
          item_id: { $ref: 'lastAudioItemId' },
          content_index: 0,
          audio_end_ms: { $lteAudioSent: true },
        },
      });
      expect(steps[4]?.expect).toEqual({
        event: { type: 'input_audio_buffer.append', audio: { $any: 'string' } },
      });
    });

    it('is stable: the same recording gives the same file', async () => {
      const first = await record({ dialect });
      const second = await record({ dialect });
      expect(second.text).toBe(first.text);
      const text = await convert(first.text);
      expect(await convert(second.text)).toBe(text);
      expect(text).not.toMatch(
        /event_[A-Za-z0-9]{10,}|item_[A-Za-z0-9]{10,}|resp_[A-Za-z0-9]{10,}/,
      );
    });
  },
);

const HEADER =
  '{"format":"soundcheck.transcript","version":1,"session":0,"dialect":"ga","path":"/v1/realtime","model":"gpt-realtime"}';

function frame(t: number, direction: 'client' | 'server', event: Record<string, unknown>): string {
  return JSON.stringify({ t, session: 0, direction, frame: event });
}

/** A GA session with server VAD, transcription, an out-of-band response and faults. */
function handWritten(): string {
  const s = (t: number, type: string, rest: Record<string, unknown> = {}) =>
    frame(t, 'server', { type, event_id: `event_${t}_${type}`, ...rest });
  const c = (t: number, type: string, rest: Record<string, unknown> = {}) =>
    frame(t, 'client', { type, ...rest });
  const response = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
    object: 'realtime.response',
    id,
    status,
    status_details: null,
    output: [],
    conversation_id: 'conv_1',
    output_modalities: ['audio'],
    audio: { output: { format: { type: 'audio/pcm', rate: 24000 } } },
    ...extra,
  });
  const audio = Buffer.alloc(4800).toString('base64'); // 100 ms of pcm16
  const delta = { response_id: 'resp_1', item_id: 'item_a1', output_index: 0, content_index: 0 };
  return [
    HEADER,
    s(0, 'session.created', {
      session: { type: 'realtime', audio: { output: { format: { type: 'audio/pcm' } } } },
    }),
    c(10, 'input_audio_buffer.append', { audio }),
    s(20, 'input_audio_buffer.speech_started', { audio_start_ms: 0, item_id: 'item_u1' }),
    c(30, 'input_audio_buffer.append', { audio }),
    s(40, 'input_audio_buffer.speech_stopped', { audio_end_ms: 200, item_id: 'item_u1' }),
    s(40, 'input_audio_buffer.committed', { previous_item_id: null, item_id: 'item_u1' }),
    s(41, 'response.created', { response: response('resp_1', 'in_progress') }),
    s(41, 'rate_limits.updated', { rate_limits: [] }),
    s(42, 'response.output_audio_transcript.delta', { ...delta, delta: 'Hi ' }),
    s(42, 'response.output_audio.delta', { ...delta, delta: audio }),
    s(43, 'response.output_audio.delta', { ...delta, delta: audio }),
    s(43, 'output_audio_buffer.started', { response_id: 'resp_1' }),
    s(44, 'response.output_audio.delta', { ...delta, delta: audio }),
    s(50, 'response.done', {
      response: response('resp_1', 'cancelled', {
        status_details: { type: 'cancelled', reason: 'turn_detected' },
      }),
    }),
    s(60, 'conversation.item.input_audio_transcription.delta', {
      item_id: 'item_u1',
      content_index: 0,
      delta: 'Hello',
    }),
    s(61, 'conversation.item.input_audio_transcription.completed', {
      item_id: 'item_u1',
      content_index: 0,
      transcript: 'Hello there',
    }),
    c(70, 'response.create', {
      event_id: 'evt_c1',
      response: { conversation: 'none', output_modalities: ['text'] },
    }),
    s(71, 'response.created', {
      response: response('resp_2', 'in_progress', { conversation_id: null }),
    }),
    c(72, 'response.create', { event_id: 'evt_c2' }),
    s(72, 'error', {
      error: {
        type: 'invalid_request_error',
        code: 'conversation_already_has_active_response',
        message: 'busy',
        param: null,
        event_id: 'evt_c2',
      },
    }),
    s(80, 'response.done', {
      response: response('resp_2', 'completed', {
        conversation_id: null,
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Summary.' }],
          },
        ],
      }),
    }),
    s(90, 'error', {
      error: { type: 'server_error', code: null, message: 'Oops.', param: null, event_id: null },
    }),
    s(95, 'x.custom', { note: 'not a realtime event' }),
    s(99, 'input_audio_buffer.timeout_triggered', {
      audio_start_ms: 200,
      audio_end_ms: 5200,
      item_id: 'item_u2',
    }),
    frame(100, 'server', {
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'item_u1',
      content_index: 0,
      error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'No.' },
    }),
    JSON.stringify({ t: 105, session: 0, direction: 'client', text: 'ping' }),
    s(106, 'error', {
      error: {
        type: 'invalid_request_error',
        code: 'invalid_json',
        message: 'x',
        param: null,
        event_id: null,
      },
    }),
    JSON.stringify({ t: 120, session: 0, direction: 'server', close: { code: 1006, reason: '' } }),
    '',
  ].join('\n');
}

describe('from-transcript of a transcription session', () => {
  it.each(['ga', 'beta'] as Dialect[])(
    '%s: the scenario plays transcription sessions, and the same client passes it',
    async (dialect) => {
      const recorded = await record({ dialect, intent: 'transcription' });
      const scenario = parseScenario(await convert(recorded.text, 'captions'), 'captions.json');
      expect(scenario.connection).toEqual({ intent: 'transcription' });
      expect(scenario.steps.some((step) => 'transcribe' in step)).toBe(true);
      const reports: ScenarioReport[] = [];
      const mock = await createMockServer({
        scenario,
        onScenarioEnd: (_session, report) => reports.push(report),
      });
      const replay = await runScript(mock.url, { dialect, intent: 'transcription' });
      while (reports.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await mock.close();
      expect(reports[0]?.violations).toEqual([]);
      expect(reports[0]?.verdict).toBe('PASSED');
      // The replay answers as the recording did, ids aside.
      const types = (events: Record<string, unknown>[]) => events.map((e) => e.type);
      expect(types(replay.events)).toEqual(types(recorded.run.events));
    },
  );
});

describe('from-transcript (what the mock cannot produce)', () => {
  it('turns VAD, transcription, out-of-band responses and faults into steps', async () => {
    const text = await convert(handWritten());
    expect(outline(text)).toMatchInlineSnapshot(`
      [
        "expect input_audio_buffer.append",
        "respond match+text+audio+end",
        "emit {"events":[{"type":"output_audio_buffer.started","response_id":"resp_1"}]} on {"event":"response.output_audio.delta","count":2}",
        "transcribe {"text":"Hello there"} on "response.done"",
        "expect response.create",
        "respond match+text",
        "expect response.create",
        "fault {"error":{"type":"server_error","code":null,"message":"Oops."}} on "response.done"",
        "emit {"events":[{"type":"x.custom","note":"not a realtime event"}],"verbatim":true}",
        "vad {"event":"timeout_triggered"}",
        "transcribe {"error":{"type":"transcription_error","code":"audio_unintelligible","message":"No."}}",
        "fault {"close":{}} on "error"",
      ]
    `);
    const steps = parseScenario(text, 'recorded.json').steps;
    expect(steps[1]).toEqual({
      respond: {
        match: { conversation_id: { $any: 'string' } },
        text: 'Hi ',
        audio: { ms: 300 },
        end: { status: 'cancelled', reason: 'turn_detected' },
      },
    });
    expect(steps[4]).toEqual({
      expect: {
        event: {
          type: 'response.create',
          event_id: { $any: 'string' },
          response: { conversation: 'none', output_modalities: ['text'] },
        },
      },
    });
    expect(steps[5]).toEqual({ respond: { match: { conversation_id: null }, text: 'Summary.' } });
    expect(parseScenario(text, 'recorded.json').description).toMatch(
      /Left out: 1 client frame\(s\) that are not events\.$/,
    );
  });

  it('marks a recording without session.created, and keeps a fatal error and its close', async () => {
    const recorded = await record({ dialect: 'beta' }, { betaRetired: true });
    const text = await convert(recorded.text, 'beta-refused');
    const scenario = parseScenario(text, 'beta-refused.json');
    expect(scenario.connection).toEqual({ sessionCreated: false });
    expect(scenario.steps).toEqual([
      {
        fault: {
          error: {
            type: 'invalid_request_error',
            code: 'beta_api_shape_disabled',
            message: expect.stringContaining('Beta API') as unknown as string,
          },
        },
      },
      { fault: { close: { code: 4000, reason: 'invalid_request_error.beta_api_shape_disabled' } } },
    ]);
  });
});

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) },
    out: () => out,
    err: () => err,
  };
}

describe('soundcheck scenario from-transcript', () => {
  it('writes the scenario, prints its path, and loadScenario accepts it', async () => {
    const dir = tempDir();
    const transcript = join(dir, 'Weather Session.jsonl');
    writeFileSync(transcript, (await record({ dialect: 'ga' })).text);
    const c = capture();
    const out = join(dir, 'weather-check.json');
    expect(await main(['scenario', 'from-transcript', transcript, '--out', out], c.io)).toBe(0);
    expect(c.out()).toBe(`${out}\n`);
    expect(loadScenario(out).name).toBe('weather-check');
    // A folder: the name comes from the transcript.
    const c2 = capture();
    expect(await main(['scenario', 'from-transcript', transcript, '--out', dir], c2.io)).toBe(0);
    expect(c2.out()).toBe(`${join(dir, 'weather-session.json')}\n`);
    const again = readFileSync(join(dir, 'weather-session.json'), 'utf8');
    expect(again.replace('weather-session', 'weather-check')).toBe(readFileSync(out, 'utf8'));
  });

  it.each([
    [
      ['--out', 'x.json', '--name', 'y'],
      /--name y differs from the file name x\.json/,
      /drop --name/,
    ],
    [['--out', 'Bad_Name.json'], /invalid scenario name "Bad_Name"/, /kebab-case/],
    [[], /from-transcript needs --out/, /--out my-session\.json/],
    [
      ['--out', 'x.json', '--session', 'two'],
      /invalid value for --session: "two"/,
      /index of a session/,
    ],
  ])('refuses %j with exit 2 and a hint', async (extra, problem, hint) => {
    const dir = tempDir();
    const transcript = join(dir, 's.jsonl');
    writeFileSync(transcript, `${HEADER}\n`);
    const c = capture();
    const args = extra.map((a) => (a.endsWith('.json') ? join(dir, a) : a));
    expect(await main(['scenario', 'from-transcript', transcript, ...args], c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toMatch(hint);
  });

  it('names the file and line of a bad transcript', async () => {
    const dir = tempDir();
    const transcript = join(dir, 's.jsonl');
    writeFileSync(transcript, `${HEADER}\n{"t":1,"direction":"client"}\n`);
    const c = capture();
    expect(
      await main(['scenario', 'from-transcript', transcript, '--out', join(dir, 'x.json')], c.io),
    ).toBe(2);
    expect(c.err()).toContain(`${transcript}:2: not a transcript line`);
    expect(c.err()).toMatch(/hint: each line is a session header or a frame line/);
  });

  it('documents the subcommand', async () => {
    const c = capture();
    expect(await main(['scenario', '--help'], c.io)).toBe(0);
    for (const flag of ['from-transcript', '--out', '--name', '--session'])
      expect(c.out()).toContain(flag);
  });
});
