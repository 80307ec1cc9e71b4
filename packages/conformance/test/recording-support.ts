// Test support for replay and from-transcript: a scripted `ws` client (setup, text turn, audio
// turn with manual commit, function call and follow-up, audio answer truncated) and a recorder
// that runs it against our own mock server and keeps the transcript in memory.
import { createMockServer, type MockServerOptions } from '@soundcheck/mock-server';
import WebSocket from 'ws';
import { mockTranscriptHooks } from '../src/serve.js';
import { TranscriptWriter } from '../src/transcript/writer.js';

export type Dialect = 'beta' | 'ga';

/** How a scripted client may differ from the recorded one. */
export interface ScriptOptions {
  dialect: Dialect;
  /** How many appends carry the user audio (default 3). */
  chunks?: number;
  /** Milliseconds of user audio (default 600). */
  audioMs?: number;
  /** The text of the first user message (default "Hello, can you hear me?"). */
  firstText?: string;
  /** Close code the client sends at the end (default 1000); `false`: wait for the server to close. */
  closeCode?: number | false;
  /** Also send `ca` (TLS). */
  ca?: string;
  /**
   * `transcription`: a transcription session instead (`?intent=transcription`): configure it
   * (manual commits, gpt-4o-transcribe), send the user audio, commit, wait for the transcript.
   */
  intent?: 'transcription';
}

/** What the client saw. */
export interface ScriptRun {
  /** Server text frames, verbatim, in order. */
  frames: string[];
  events: Record<string, unknown>[];
  close: { code: number; reason: string };
}

const WEATHER = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** 24 kHz pcm16 sine, base64. */
function pcm(ms: number, from = 0): string {
  const samples = (24000 * ms) / 1000;
  const data = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    data[i] = Math.round(Math.sin((2 * Math.PI * 220 * (i + from)) / 24000) * 6000);
  return Buffer.from(data.buffer).toString('base64');
}

/**
 * Runs the scripted session against `url` (the mock or a replay): every step waits for the
 * server's answer before the next, so the client behaves the same whatever the timing.
 */
export async function runScript(url: string, options: ScriptOptions): Promise<ScriptRun> {
  const beta = options.dialect === 'beta';
  const query =
    options.intent === 'transcription'
      ? 'intent=transcription'
      : `model=${beta ? 'gpt-4o-realtime-preview' : 'gpt-realtime'}`;
  const ws = new WebSocket(`${url}?${query}`, {
    headers: { Authorization: 'Bearer sk-test', ...(beta ? { 'OpenAI-Beta': 'realtime=v1' } : {}) },
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const frames: string[] = [];
  const events: Record<string, unknown>[] = [];
  const waiters: { test: (e: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  ws.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    const event = JSON.parse(text) as Record<string, unknown>;
    events.push(event);
    for (const w of [...waiters]) {
      if (w.test(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const close = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const send = (event: unknown) => ws.send(JSON.stringify(event));
  /** Resolves at the first event of `type` from `from` on (rejects on an `error`: a replay that diverged). */
  const next = (type: string, from = events.length) =>
    new Promise<void>((resolve, reject) => {
      const settle = () => {
        const got = events.slice(from).find((e) => e.type === type || e.type === 'error');
        if (got?.type === 'error') reject(new Error(JSON.stringify(got)));
        else resolve();
      };
      if (events.slice(from).some((e) => e.type === type || e.type === 'error')) settle();
      else waiters.push({ test: (e) => e.type === type || e.type === 'error', resolve: settle });
    });
  const textOnly = beta ? { modalities: ['text'] } : { output_modalities: ['text'] };
  const say = (text: string) =>
    send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (options.intent === 'transcription') {
      await next(beta ? 'transcription_session.created' : 'session.created', 0);
      const updated = next(beta ? 'transcription_session.updated' : 'session.updated');
      const model = { model: 'gpt-4o-transcribe' };
      send(
        beta
          ? {
              type: 'transcription_session.update',
              session: { input_audio_transcription: model, turn_detection: null },
            }
          : {
              type: 'session.update',
              session: {
                type: 'transcription',
                audio: { input: { transcription: model, turn_detection: null } },
              },
            },
      );
      await updated;
      const transcript = next('conversation.item.input_audio_transcription.completed');
      send({ type: 'input_audio_buffer.append', audio: pcm(options.audioMs ?? 600) });
      send({ type: 'input_audio_buffer.commit' });
      await transcript;
      if (options.closeCode !== false) ws.close(options.closeCode ?? 1000);
      return { frames, events, close: await close };
    }
    await next('session.created', 0);
    let done = next('session.updated');
    send({
      type: 'session.update',
      session: beta
        ? { instructions: 'Be brief.', turn_detection: null, tools: [WEATHER] }
        : {
            type: 'realtime',
            instructions: 'Be brief.',
            audio: { input: { turn_detection: null } },
            tools: [WEATHER],
          },
    });
    await done;
    // Text turn.
    done = next('response.done');
    say(options.firstText ?? 'Hello, can you hear me?');
    send({ type: 'response.create', response: textOnly });
    await done;
    // Audio turn, manual commit: 600 ms in `chunks` appends.
    const chunks = options.chunks ?? 3;
    const ms = (options.audioMs ?? 600) / chunks;
    for (let i = 0; i < chunks; i++) {
      send({ type: 'input_audio_buffer.append', audio: pcm(ms, (i * 24000 * ms) / 1000) });
    }
    done = next('response.done');
    send({ type: 'input_audio_buffer.commit' });
    send({ type: 'response.create', response: textOnly });
    await done;
    // Function call and follow-up.
    const callFrom = events.length;
    done = next('response.done');
    say('What is the get_weather in Paris?');
    send({ type: 'response.create', response: textOnly });
    await done;
    const call = events
      .slice(callFrom)
      .find(
        (e) =>
          e.type === 'response.output_item.done' &&
          (e.item as { type: string }).type === 'function_call',
      )?.item as { call_id: string };
    done = next('response.done');
    send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":18}' },
    });
    send({ type: 'response.create', response: textOnly });
    await done;
    // Audio answer, truncated after 200 ms.
    const audioFrom = events.length;
    done = next('response.done');
    say('Tell me a story.');
    send({ type: 'response.create' });
    await done;
    const audioItem = events
      .slice(audioFrom)
      .find((e) => e.type === (beta ? 'response.audio.delta' : 'response.output_audio.delta'))
      ?.item_id as string;
    done = next('conversation.item.truncated');
    send({
      type: 'conversation.item.truncate',
      item_id: audioItem,
      content_index: 0,
      audio_end_ms: 200,
    });
    await done;
    if (options.closeCode !== false) ws.close(options.closeCode ?? 1000);
  } catch {
    // A diverged replay: the server closes.
  }
  return { frames, events, close: await close };
}

/** One recorded session: the transcript text and what the client saw. */
export interface Recording {
  text: string;
  run: ScriptRun;
}

/** Runs the script against a fresh mock server and returns the transcript it wrote. */
export async function record(
  options: ScriptOptions,
  server: MockServerOptions = {},
): Promise<Recording> {
  const lines: string[] = [];
  const writer = new TranscriptWriter((line) => lines.push(line));
  let closed!: () => void;
  const sessionClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const hooks = mockTranscriptHooks(writer);
  const mock = await createMockServer({
    port: 0,
    seed: 3,
    ...server,
    ...hooks,
    onClose: (session, close) => {
      hooks.onClose(session, close);
      closed();
    },
  });
  const run = await runScript(mock.url, options);
  await sessionClosed;
  await mock.close();
  return { text: lines.join(''), run };
}
