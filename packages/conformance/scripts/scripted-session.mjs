#!/usr/bin/env node
// The main job until the conformance suite lands:
// 1. start `soundcheck serve --transcript` as a child process, play a scripted session against it in
//    each dialect over a real WebSocket, then a transcription session (`?intent=transcription`:
//    speech, server VAD, the transcript) in each dialect; check every server frame with the strict
//    server schemas;
// 2. `soundcheck validate` the transcript it wrote (schemas + stream rules);
// 3. `soundcheck serve --scenario barge-in-truncate`: play the barge-in scenario to a client that
//    truncates what it did not hear, and print the scenario's verdict.
// Exit 0 when every frame is valid, every turn completed and the scenario PASSED; 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServerEvent } from '@soundcheck/schema';
import WebSocket from 'ws';
import { dialectScripts, eventInbox, userText } from '../../../scripts/lib/scripted-client.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/soundcheck.js');
const work = mkdtempSync(join(tmpdir(), 'soundcheck-main-'));
const transcript = join(work, 'session.jsonl');
const server = spawn(
  process.execPath,
  [bin, 'serve', '--port', '0', '--seed', '1', '--transcript', transcript],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('\n')) resolve(out.split('\n')[0]);
  });
  server.once('exit', (code) =>
    reject(new Error(`soundcheck serve exited early with code ${code}`)),
  );
});
console.log(`soundcheck serve is listening on ${url}`);

const pcm = (ms) => {
  const samples = (24000 * ms) / 1000;
  const data = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    data[i] = Math.round(Math.sin((2 * Math.PI * 220 * i) / 24000) * 6000);
  return Buffer.from(data.buffer).toString('base64');
};

let failures = 0;

/**
 * Connects with `query` in `dialect`; every server event is checked against the strict server
 * schema (a failure is counted). `opened` resolves when the socket is open.
 */
function connect(query, dialect, headers) {
  const ws = new WebSocket(`${url}?${query}`, {
    headers: { Authorization: 'Bearer sk-demo', ...headers },
  });
  const inbox = eventInbox(ws, (event) => {
    const r = parseServerEvent(event, { dialect, strict: true });
    if (!r.success) {
      failures++;
      console.error(`  INVALID ${r.error.message}`);
    }
  });
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, opened, ...inbox };
}

for (const [dialect, script] of Object.entries(dialectScripts)) {
  console.log(`\n== ${dialect} session`);
  const { ws, opened, events, next, send } = connect('model=gpt-realtime', dialect, script.headers);
  const turn = async (label, ...frames) => {
    const from = events.length;
    for (const f of frames) send(f);
    const done = await next(
      (e) => events.indexOf(e) >= from && (e.type === 'response.done' || e.type === 'error'),
      `${label}: response.done`,
    );
    const kinds = events.slice(from).map((e) => e.type);
    const text = done.response?.output
      ?.map(
        (o) =>
          o.content?.map((c) => c.text ?? c.transcript).join('') ?? `${o.name}(${o.arguments})`,
      )
      .join(' | ');
    console.log(
      `  ${label}: ${kinds.length} events, ${done.type === 'error' ? `error ${done.error.code}` : `status ${done.response.status}`}${text ? ` — ${text}` : ''}`,
    );
    return done;
  };
  try {
    await opened;
    await next((e) => e.type === 'session.created', 'session.created');
    send(script.setup);
    await next((e) => e.type === 'session.updated', 'session.updated');
    await turn('text turn', userText('Hello, can you hear me?'), {
      type: 'response.create',
      response: script.textOnly,
    });
    await turn(
      'audio turn',
      { type: 'input_audio_buffer.append', audio: pcm(600) },
      { type: 'input_audio_buffer.commit' },
      { type: 'response.create' },
    );
    const call = await turn('tool call', userText('What is the get_weather in Paris?'), {
      type: 'response.create',
      response: script.textOnly,
    });
    const fc = call.response.output.find((o) => o.type === 'function_call');
    await turn(
      'tool follow-up',
      {
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: fc.call_id, output: '{"temp_c":18}' },
      },
      { type: 'response.create', response: script.textOnly },
    );
    const from = events.length;
    ws.send('{"type":"ping"}');
    const error = await next(
      (e) => events.indexOf(e) >= from && e.type === 'error',
      'error for a bad frame',
    );
    console.log(`  bad frame: error ${error.error.code} — ${error.error.message.slice(0, 60)}…`);
  } catch (error) {
    failures++;
    console.error(`  FAILED: ${error.message}`);
  }
  console.log(
    `  ${events.length} server events, all checked against the strict ${dialect} server schema`,
  );
  ws.close();
}

// Transcription sessions: the user speaks, server VAD commits the turn, the transcript arrives.
const speech = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/audio/weather-paris.pcm'),
).toString('base64');
const transcribe = {
  ga: {
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en' } } },
    },
  },
  beta: {
    type: 'transcription_session.update',
    session: { input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'en' } },
  },
};
for (const [dialect, script] of Object.entries(dialectScripts)) {
  console.log(`\n== ${dialect} transcription session`);
  const { ws, opened, events, next, send } = connect(
    'intent=transcription',
    dialect,
    script.headers,
  );
  try {
    await opened;
    const created = await next((e) => e.type.endsWith('session.created'), 'session.created');
    send(transcribe[dialect]);
    await next((e) => e.type.endsWith('session.updated'), 'session.updated');
    send({ type: 'input_audio_buffer.append', audio: speech });
    send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(48_000).toString('base64') });
    const done = await next(
      (e) => e.type === 'conversation.item.input_audio_transcription.completed',
      'transcription.completed',
    );
    const responses = events.filter((e) => e.type.startsWith('response.')).length;
    if (responses > 0) {
      failures++;
      console.error(`  FAILED: ${responses} response event(s) in a transcription session`);
    }
    console.log(
      `  ${created.type}, then ${events.length - 1} events: ${[
        ...new Set(events.slice(1).map((e) => e.type)),
      ].join(', ')}`,
    );
    console.log(`  transcript of the spoken turn: ${JSON.stringify(done.transcript)}`);
  } catch (error) {
    failures++;
    console.error(`  FAILED: ${error.message}`);
  }
  ws.close();
}

server.kill('SIGINT');
await new Promise((resolve) => server.once('exit', resolve));
console.log(
  `\nscripted sessions: ${failures === 0 ? 'every turn completed and every server frame is valid' : `${failures} problem(s)`}`,
);

// 2. Validate the transcript serve wrote: the only problems are the bad frames sent on purpose.
console.log('\n== soundcheck validate of the transcript serve wrote');
const validate = spawnSync(process.execPath, [bin, 'validate', transcript, '--format', 'json'], {
  encoding: 'utf8',
});
const records = validate.stdout
  .trim()
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l));
const summary = records.find((r) => r.kind === 'summary');
const problems = records.filter((r) => r.kind !== 'summary');
const unplanned = problems.filter((p) => p.severity === 'error' && p.type !== 'ping');
for (const p of problems)
  console.log(`  line ${p.line}: ${p.severity} ${p.type} ${p.path}: ${p.reason}`);
console.log(`  ${JSON.stringify(summary)}`);
if (validate.status === 2 || unplanned.length > 0) {
  failures++;
  console.error(`  FAILED: validate found ${unplanned.length} unexpected problem(s)`);
}

// 3. A scenario: the user barges in on a long answer; a correct client truncates what it heard.
console.log('\n== soundcheck serve --scenario barge-in-truncate');
const scenarioServer = spawn(
  process.execPath,
  [bin, 'serve', '--port', '0', '--scenario', 'barge-in-truncate'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
const waitFor = (re) =>
  new Promise((resolve, reject) => {
    const check = () => {
      const m = out.match(re);
      if (m !== null) {
        scenarioServer.stdout.off('data', onData);
        resolve(m);
      }
    };
    const onData = (chunk) => {
      out += chunk;
      check();
    };
    scenarioServer.stdout.on('data', onData);
    scenarioServer.once('exit', () =>
      reject(new Error('soundcheck serve --scenario exited early')),
    );
    check();
  });
try {
  const [scenarioUrl] = await waitFor(/^ws:\S+/);
  const ws = new WebSocket(`${scenarioUrl}?model=gpt-realtime`, {
    headers: { Authorization: 'Bearer sk-any' },
  });
  const heard = new Map();
  let lastAudio;
  ws.on('message', (data) => {
    const event = JSON.parse(String(data));
    if (event.type === 'response.output_audio.delta') {
      lastAudio = event.item_id;
      heard.set(
        lastAudio,
        (heard.get(lastAudio) ?? 0) + Buffer.from(event.delta, 'base64').length / 48,
      );
    }
    if (event.type === 'input_audio_buffer.speech_started' && lastAudio !== undefined) {
      // Stop playback and cut the item at what was heard.
      ws.send(
        JSON.stringify({
          type: 'conversation.item.truncate',
          item_id: lastAudio,
          content_index: 0,
          audio_end_ms: Math.floor(heard.get(lastAudio)),
        }),
      );
    }
    if (event.type === 'conversation.item.truncated')
      console.log(`  truncated ${event.item_id} at ${event.audio_end_ms} ms`);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const [, text] = await waitFor(/user: types ("[^"]*")/);
  console.log(`  the user types ${text}`);
  ws.send(
    JSON.stringify({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: JSON.parse(text) }],
      },
    }),
  );
  ws.send(JSON.stringify({ type: 'response.create' }));
  const [verdict] = await waitFor(/\[session 0\] scenario .*\n/);
  console.log(`  ${verdict.trim()}`);
  if (!verdict.includes(': PASSED')) failures++;
  ws.close();
} catch (error) {
  failures++;
  console.error(`  FAILED: ${error.message}`);
}
scenarioServer.kill('SIGINT');
await new Promise((resolve) => scenarioServer.once('exit', resolve));
rmSync(work, { recursive: true, force: true });
console.log(`\nmain job: ${failures === 0 ? 'all good' : `${failures} problem(s)`}`);
process.exitCode = failures === 0 ? 0 : 1;
