// What scenario steps make the server do — emit, faults (error, rate limit, delay, duplicate,
// reorder, close), vad, transcribe — and the engine behaviours behind them: input transcription
// (rules transcription.*), the idle timeout (rule vad.idle-timeout) and tool definition errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMemoryPair,
  createMockServer,
  type Scenario,
  type ScenarioReport,
  shippedScenarioDir,
} from '../src/index.js';
import { type Client, connect } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read nested fields of many event types
type Event = Record<string, any>;

const audioDir = join(shippedScenarioDir(), '..', 'audio');

/** Plays an inline scenario to a plain client that runs `drive`; resolves with frames and report. */
async function run(
  scenario: Omit<Scenario, 'dialects' | 'strict'> & Partial<Pick<Scenario, 'dialects' | 'strict'>>,
  drive: (c: Client) => Promise<void> | void,
  dialect: 'beta' | 'ga' = 'ga',
): Promise<{ events: Event[]; report: ScenarioReport; client: Client }> {
  let resolve: (r: ScenarioReport) => void = () => {};
  const done = new Promise<ScenarioReport>((r) => {
    resolve = r;
  });
  const full = { dialects: ['beta', 'ga'], strict: false, ...scenario } as Scenario;
  const server = await createMockServer({
    scenario: full,
    onScenarioEnd: (_s, report) => resolve(report),
  });
  const client = await connect(`${server.url}?model=gpt-realtime`, {
    headers: dialect === 'beta' ? { 'OpenAI-Beta': 'realtime=v1' } : {},
  });
  await drive(client);
  const report = await Promise.race([
    done,
    new Promise<ScenarioReport>((_, reject) =>
      setTimeout(() => reject(new Error('no verdict')), 8000),
    ),
  ]);
  client.ws.close();
  await server.close();
  return { events: client.events as Event[], report, client };
}

const say = (c: Client, text: string) => {
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  c.send({ type: 'response.create' });
};

const types = (events: Event[]) => events.map((e) => e.type as string);

describe('scenario steps', () => {
  it('emit: canonical events are stamped and encoded for the dialect; verbatim ones are sent as written', async () => {
    const { events } = await run(
      {
        name: 'emit-test',
        description: 'Emits events.',
        steps: [
          {
            emit: {
              events: [
                {
                  type: 'rate_limits.updated',
                  rate_limits: [{ name: 'requests', limit: 5, remaining: 4, reset_seconds: 1 }],
                },
              ],
            },
          },
          {
            emit: {
              events: [{ type: 'x.unknown', event_id: 'ev_1', extra: true }],
              verbatim: true,
            },
          },
        ],
      },
      (c) => c.waitFor('x.unknown').then(() => undefined),
      'beta',
    );
    const limits = events.find((e) => e.type === 'rate_limits.updated');
    expect(limits?.event_id).toMatch(/^event_/);
    expect(events.at(-1)).toEqual({ type: 'x.unknown', event_id: 'ev_1', extra: true });
  });

  it('fault.error echoes the triggering client event id; the session stays open', async () => {
    const { events, report } = await run(
      {
        name: 'error-test',
        description: 'Withholds a session.update and answers an error.',
        steps: [
          { expect: { event: { type: 'session.update' }, withhold: true } },
          {
            fault: {
              error: {
                code: 'invalid_value',
                message: 'Nope.',
                param: 'session.voice',
                echoEventId: true,
              },
            },
          },
        ],
      },
      async (c) => {
        await c.waitFor('session.created');
        c.send({
          type: 'session.update',
          event_id: 'evt_42',
          session: { type: 'realtime', instructions: 'x' },
        });
        await c.waitFor('error');
        c.send({ type: 'input_audio_buffer.clear' });
        await c.waitFor('input_audio_buffer.cleared');
      },
    );
    expect(types(events)).toEqual(['session.created', 'error', 'input_audio_buffer.cleared']);
    expect(events[1]?.error).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: 'Nope.',
      param: 'session.voice',
      event_id: 'evt_42',
    });
    expect(report.verdict).toBe('PASSED');
  });

  it('fault.duplicate sends the same event (same event_id) twice; fault.reorder swaps two legal events', async () => {
    const { events } = await run(
      {
        name: 'dup-test',
        description: 'Duplicates and reorders.',
        session: { output_modalities: ['text'] },
        steps: [
          { fault: { duplicate: { match: { type: 'response.output_text.delta' } } } },
          {
            fault: {
              reorder: {
                hold: { type: 'rate_limits.updated' },
                until: { type: 'response.output_item.added' },
              },
            },
          },
          { expect: { event: { type: 'response.create' } } },
          { respond: { text: 'One two three.' } },
        ],
      },
      async (c) => {
        await c.waitFor('session.created');
        say(c, 'hi');
        await c.waitFor('response.done');
      },
    );
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.map((d) => d.delta)).toEqual(['One ', 'One ', 'two ', 'three.']);
    expect(deltas[0]?.event_id).toBe(deltas[1]?.event_id);
    const kinds = types(events);
    expect(kinds.indexOf('rate_limits.updated')).toBe(
      kinds.indexOf('response.output_item.added') + 1,
    );
  });

  it('fault.delay stalls the model: the response stays active (a second create gets the real error)', async () => {
    const started = performance.now();
    const { events } = await run(
      {
        name: 'delay-test',
        description: 'Holds response.done.',
        session: { output_modalities: ['text'] },
        steps: [
          { fault: { delay: { ms: 300, match: { type: 'response.done' } } } },
          { expect: { event: { type: 'response.create' } } },
          { respond: { text: 'Held.' } },
        ],
      },
      async (c) => {
        await c.waitFor('session.created');
        say(c, 'hi');
        await c.waitFor('response.output_text.done');
        c.send({ type: 'response.create' });
        await c.waitFor('error');
        await c.waitFor('response.done');
      },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const kinds = types(events);
    expect(kinds.indexOf('error')).toBeLessThan(kinds.indexOf('response.done'));
    expect(events.find((e) => e.type === 'error')?.error.code).toBe(
      'conversation_already_has_active_response',
    );
  });

  it('fault.close without a code drops the socket (1006); with a code sends it', async () => {
    const dropped = await run(
      { name: 'drop-test', description: 'Drops.', steps: [{ fault: { close: {} } }] },
      (c) => c.closed.then(() => undefined),
    );
    expect((await dropped.client.closed).code).toBe(1006);
    expect(dropped.report.verdict).toBe('PASSED');
    const closed = await run(
      {
        name: 'close-test',
        description: 'Closes.',
        steps: [{ fault: { close: { code: 4002, reason: 'bye' } } }],
      },
      (c) => c.closed.then(() => undefined),
    );
    expect(await closed.client.closed).toEqual({ code: 4002, reason: 'bye' });
  });

  it('vad steps act as server VAD: speech_started cancels (turn_detected), timeout_triggered commits and answers', async () => {
    const { events } = await run(
      {
        name: 'vad-test',
        description: 'Forced VAD.',
        steps: [
          { expect: { event: { type: 'response.create' } } },
          { respond: { text: 'A long answer that will be interrupted.', audio: { ms: 3000 } } },
          {
            on: { event: 'response.output_audio.delta', count: 2 },
            vad: { event: 'speech_started' },
          },
          { on: 'response.done', vad: { event: 'timeout_triggered' } },
        ],
      },
      async (c) => {
        await c.waitFor('session.created');
        say(c, 'hi');
        await c.waitFor('input_audio_buffer.timeout_triggered');
      },
    );
    const done = events.find((e) => e.type === 'response.done');
    expect(done?.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
    const timeout = events.find((e) => e.type === 'input_audio_buffer.timeout_triggered');
    expect(timeout).toMatchObject({ audio_start_ms: 0, audio_end_ms: 0 });
    expect(typeof timeout?.item_id).toBe('string');
  });

  it('transcribe: deltas then completed for gpt-4o-transcribe, completed only for whisper-1, failed with the error', async () => {
    const speech = readFileSync(join(audioDir, 'weather-paris.pcm'));
    const drive = async (c: Client) => {
      await c.waitFor('session.created');
      c.send({ type: 'input_audio_buffer.append', audio: speech.toString('base64') });
      c.send({ type: 'input_audio_buffer.commit' });
      await c.waitFor('conversation.item.input_audio_transcription.completed').catch(() => {});
    };
    const scripted = (model: string) => ({
      name: `transcribe-${model}`,
      description: 'Transcribes.',
      session: { audio: { input: { turn_detection: null, transcription: { model } } } },
      steps: [
        { on: 'input_audio_buffer.committed', transcribe: { text: 'What is the weather like?' } },
      ],
    });
    const gpt = await run(scripted('gpt-4o-transcribe'), drive);
    const deltas = gpt.events.filter((e) => e.type.endsWith('transcription.delta'));
    expect(deltas.map((d) => d.delta).join('')).toBe('What is the weather like?');
    const completed = gpt.events.find((e) => e.type.endsWith('transcription.completed'));
    expect(completed).toMatchObject({ transcript: 'What is the weather like?', content_index: 0 });
    expect(completed?.usage.type).toBe('tokens');
    const whisper = await run(scripted('whisper-1'), drive);
    expect(whisper.events.some((e) => e.type.endsWith('transcription.delta'))).toBe(false);
    expect(whisper.events.find((e) => e.type.endsWith('transcription.completed'))?.usage).toEqual({
      type: 'duration',
      seconds: 3.494,
    });
  });
});

describe('engine behaviours scenarios rely on', () => {
  it('transcription is off by default and automatic when configured (rules transcription.off-by-default, deltas-by-model)', async () => {
    const speech = readFileSync(join(audioDir, 'weather-paris.pcm')).toString('base64');
    const server = await createMockServer();
    const plain = await connect(`${server.url}?model=gpt-realtime`);
    await plain.waitFor('session.created');
    plain.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    plain.send({ type: 'input_audio_buffer.append', audio: speech });
    plain.send({ type: 'input_audio_buffer.commit' });
    plain.send({ type: 'input_audio_buffer.clear' });
    await plain.waitFor('input_audio_buffer.cleared');
    await new Promise((r) => setTimeout(r, 50));
    expect(plain.events.some((e) => String(e.type).includes('transcription'))).toBe(false);
    const on = await connect(`${server.url}?model=gpt-realtime`);
    await on.waitFor('session.created');
    on.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: null, transcription: { model: 'gpt-4o-transcribe' } } },
      },
    });
    on.send({ type: 'input_audio_buffer.append', audio: speech });
    on.send({ type: 'input_audio_buffer.commit' });
    const completed = await on.waitFor('conversation.item.input_audio_transcription.completed');
    expect(completed.transcript).toBe('(3.5 seconds of speech)');
    on.send({ type: 'conversation.item.retrieve', item_id: completed.item_id });
    const retrieved = (await on.waitFor('conversation.item.retrieved')) as Event;
    expect(retrieved.item.content[0].transcript).toBe('(3.5 seconds of speech)');
    plain.ws.close();
    on.ws.close();
    await server.close();
  });

  it('idle timeout: silence after the response audio triggers timeout_triggered, a commit and a response (rule vad.idle-timeout)', async () => {
    const server = await createMockServer();
    const c = await connect(`${server.url}?model=gpt-realtime`);
    await c.waitFor('session.created');
    c.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 5000 } } },
      },
    });
    await c.waitFor('session.updated');
    say(c, 'hello');
    const done = (await c.waitFor('response.done')) as Event;
    const audioMs = done.response.usage.output_token_details.audio_tokens * 50;
    expect(audioMs).toBeGreaterThan(0);
    // Silence, 100 ms per append, well past the response audio plus the timeout.
    const silence = Buffer.alloc(4800).toString('base64');
    const from = c.events.length;
    for (let i = 0; i < 80; i++) c.send({ type: 'input_audio_buffer.append', audio: silence });
    const timeout = (await c.waitFor('input_audio_buffer.timeout_triggered', from)) as Event;
    // Silence counts from when the response's audio has played (in appended-audio time).
    expect(timeout.audio_start_ms).toBe(audioMs);
    expect(timeout.audio_end_ms).toBe(audioMs + 5000);
    const after = types(c.events.slice(c.events.indexOf(timeout)) as Event[]);
    await c.waitFor('response.created', c.events.indexOf(timeout));
    expect(after.slice(0, 2)).toEqual([
      'input_audio_buffer.timeout_triggered',
      'input_audio_buffer.committed',
    ]);
    c.ws.close();
    await server.close();
  });

  it('a malformed tool definition gets the real API error, not silence', async () => {
    const server = await createMockServer();
    const c = await connect(`${server.url}?model=gpt-realtime`);
    await c.waitFor('session.created');
    c.send({
      type: 'session.update',
      event_id: 'evt_tools',
      session: { type: 'realtime', tools: [{ type: 'function', parameters: { type: 'object' } }] },
    });
    const error = (await c.waitFor('error')) as Event;
    expect(error.error).toEqual({
      type: 'invalid_request_error',
      code: 'missing_required_parameter',
      message: "Missing required parameter: 'session.tools[0].name'.",
      param: 'session.tools[0].name',
      event_id: 'evt_tools',
    });
    c.send({
      type: 'response.create',
      event_id: 'evt_tools_2',
      response: { tools: [{ type: 'function', name: 'get weather' }] },
    });
    const second = (await c.waitFor('error', c.events.indexOf(error) + 1)) as Event;
    expect(second.error).toMatchObject({ code: 'invalid_value', param: 'response.tools[0].name' });
    c.ws.close();
    await server.close();
  });
});

describe('scenarios built in code', () => {
  it('get the checks a file gets: an invalid emitted event stops createMockServer with its path', async () => {
    const bad = {
      name: 'bad-emit',
      description: 'Emits a broken event.',
      dialects: ['ga'],
      strict: false,
      steps: [{ emit: { events: [{ type: 'rate_limits.updated', rate_limits: 'none' }] } }],
    } as unknown as Scenario;
    await expect(createMockServer({ scenario: bad })).rejects.toThrow(
      /bad-emit\.json:\d+: \$\.steps\[0\]\.emit\.events\[0\]\.rate_limits: /,
    );
  });

  it('an audio file the host cannot read is a script error in the report; the response still streams', async () => {
    const reports: ScenarioReport[] = [];
    const { client } = createMemoryPair({
      scenario: {
        scenario: {
          name: 'missing-audio',
          description: 'Answers with a file that is not there.',
          dialects: ['ga'],
          strict: false,
          steps: [{ respond: { text: 'Hello there.', audio: { file: 'nope.pcm' } } }],
        } as Scenario,
        readAudio: (file) => {
          throw new Error(`ENOENT: ${file}`);
        },
        onEnd: (report) => reports.push(report),
      },
    });
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    expect((done.response as { status: string }).status).toBe('completed');
    while (reports.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(reports[0]?.verdict).toBe('FAILED');
    expect(reports[0]?.violations[0]).toMatchObject({
      kind: 'invalid-step',
      step: 0,
      message: expect.stringContaining('cannot read the audio file nope.pcm: ENOENT: nope.pcm'),
    });
  });
});
