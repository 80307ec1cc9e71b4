// `serve --replay`: record a scripted client against our own mock, replay the recording, and check
// that the same client gets the same server frames byte for byte; that a client that differs gets
// `replay_diverged` naming the recorded line; that `--pace recorded` keeps the gaps; that closes
// are replayed with their codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../src/cli.js';
import { createReplayServer } from '../src/replay/server.js';
import { capture, firstLine } from './cli-support.js';
import { type Dialect, record, runScript } from './recording-support.js';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'soundcheck-replay-')), name);
  writeFileSync(file, text);
  return file;
}

/** The 1-based line of the first transcript line that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe.each(['ga', 'beta'] as Dialect[])('replay (%s)', (dialect) => {
  it('gives the same client byte-identical server frames and the same close', async () => {
    const recorded = await record({ dialect });
    expect(recorded.run.frames.length).toBeGreaterThan(60);
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const run = await runScript(replay.url, { dialect });
    expect(run.frames).toEqual(recorded.run.frames);
    expect(run.close).toEqual(recorded.run.close);
    expect(await replay.result).toMatchObject({ status: 'completed', connection: 0 });
    await replay.close();
  });

  it('accepts the same audio cut into other chunks, and refuses a different amount', async () => {
    const recorded = await record({ dialect, chunks: 3 });
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const rechunked = await runScript(replay.url, { dialect, chunks: 4 });
    expect(rechunked.frames).toEqual(recorded.run.frames);
    const shorter = await runScript(replay.url, { dialect, chunks: 2, audioMs: 400 });
    await replay.close();
    const [first, second] = replay.results;
    expect(first?.status).toBe('completed');
    const appendLine = lineOf(recorded.text, '"input_audio_buffer.append"');
    expect(second).toMatchObject({
      status: 'diverged',
      line: appendLine,
      expected: 'input_audio_buffer.append',
      field: 'audio',
      got: 'input_audio_buffer.commit after 19200 bytes of audio',
    });
    const error = shorter.events.at(-1) as { type: string; error: Record<string, unknown> };
    expect(error.type).toBe('error');
    expect(error.error.message).toBe(
      `Replay diverged at ${replay.recording.file}:${appendLine}: expected input_audio_buffer.append (28800 bytes of audio in all), got input_audio_buffer.commit after 19200 bytes of audio.`,
    );
  });

  it('answers a diverging client with replay_diverged naming the recorded line, and closes', async () => {
    const recorded = await record({ dialect });
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const ws = new WebSocket(`${replay.url}?model=gpt-realtime`, {
      headers: dialect === 'beta' ? { 'OpenAI-Beta': 'realtime=v1' } : {},
    });
    const events: Record<string, unknown>[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as Record<string, unknown>;
      events.push(event);
      if (event.type === 'session.created') {
        // The recording's first client frame is a session.update; this client starts differently.
        ws.send(JSON.stringify({ type: 'response.create', event_id: 'evt_mine' }));
      }
    });
    const close = await closed;
    const result = await replay.result;
    await replay.close();
    const line = lineOf(recorded.text, '"direction":"client"');
    expect(result).toMatchObject({
      status: 'diverged',
      line,
      expected: 'session.update',
      got: 'response.create',
    });
    expect(events.map((e) => e.type)).toEqual(
      dialect === 'beta'
        ? ['session.created', 'conversation.created', 'error']
        : ['session.created', 'error'],
    );
    expect(events.at(-1)).toEqual({
      type: 'error',
      event_id: 'event_replay_diverged',
      error: {
        type: 'invalid_request_error',
        code: 'replay_diverged',
        message: `Replay diverged at ${replay.recording.file}:${line}: expected session.update, got response.create.`,
        param: null,
        event_id: 'evt_mine',
      },
    });
    expect(close).toEqual({ code: 4000, reason: 'invalid_request_error.replay_diverged' });
  });

  it('reports a client that leaves early as incomplete, naming the step it waited for', async () => {
    const recorded = await record({ dialect });
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const ws = new WebSocket(`${replay.url}?model=gpt-realtime`, {
      headers: dialect === 'beta' ? { 'OpenAI-Beta': 'realtime=v1' } : {},
    });
    ws.on('message', () => ws.close(1000));
    const result = await replay.result;
    await replay.close();
    const line = lineOf(recorded.text, '"direction":"client"');
    expect(result).toEqual({
      status: 'incomplete',
      connection: 0,
      line,
      expected: 'session.update',
      message: `replay incomplete: the connection closed (1000) while the replay waited for ${replay.recording.file}:${line}: session.update`,
    });
  });

  it('names the differing field when the content differs', async () => {
    const recorded = await record({ dialect });
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const run = await runScript(replay.url, { dialect, firstText: 'Goodbye' });
    const result = await replay.result;
    await replay.close();
    const line = lineOf(recorded.text, 'Hello, can you hear me?');
    expect(result).toMatchObject({
      status: 'diverged',
      line,
      expected: 'conversation.item.create',
      field: 'item.content[0].text',
      got: '"Goodbye"',
    });
    const error = run.events.at(-1) as { error: { message: string; param: string } };
    expect(error.error.message).toContain(
      `:${line}: expected conversation.item.create with item.content[0].text "Hello, can you hear me?", got "Goodbye".`,
    );
    expect(error.error.param).toBe('item.content[0].text');
    expect(run.close.code).toBe(4000);
  });
});

describe('replay', () => {
  it('replays a server close with its code and reason (beta refused, 4000)', async () => {
    const recorded = await record({ dialect: 'beta' }, { betaRetired: true });
    expect(recorded.run.close.code).toBe(4000);
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', recorded.text) });
    const run = await runScript(replay.url, { dialect: 'beta' });
    expect(run.frames).toEqual(recorded.run.frames);
    expect(run.close).toEqual({
      code: 4000,
      reason: 'invalid_request_error.beta_api_shape_disabled',
    });
    expect((await replay.result).status).toBe('completed');
    await replay.close();
  });

  it('drops the socket for a recorded 1006, sends non-JSON and binary frames as recorded', async () => {
    const header =
      '{"format":"soundcheck.transcript","version":1,"dialect":"ga","path":"/v1/realtime","model":"gpt-realtime"}';
    const text = [
      header,
      '{"t":0,"direction":"server","text":"not json {"}',
      '{"t":0,"direction":"server","binary":"AAEC"}',
      '{"t":1,"direction":"client","text":"ping"}',
      '{"t":2,"direction":"server","frame":{"type":"error","error":{"type":"invalid_request_error","code":"invalid_json","message":"x","param":null,"event_id":null}}}',
      '{"t":3,"direction":"server","close":{"code":1006,"reason":""}}',
      '',
    ].join('\n');
    const replay = await createReplayServer({ transcript: tempFile('s.jsonl', text) });
    const ws = new WebSocket(`${replay.url}?model=gpt-realtime`);
    const got: (string | number[])[] = [];
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data, isBinary) => {
      got.push(isBinary ? [...(data as Buffer)] : String(data));
      if (got.length === 2) ws.send('ping');
    });
    expect(await closed).toBe(1006);
    expect(got).toEqual([
      'not json {',
      [0, 1, 2],
      '{"type":"error","error":{"type":"invalid_request_error","code":"invalid_json","message":"x","param":null,"event_id":null}}',
    ]);
    expect((await replay.result).status).toBe('completed');
    await replay.close();
  });

  it('keeps the recorded gaps with pace recorded', async () => {
    const header =
      '{"format":"soundcheck.transcript","version":1,"session":0,"dialect":"ga","path":"/v1/realtime","model":"gpt-realtime"}';
    const server = (t: number, type: string) =>
      `{"t":${t},"session":0,"direction":"server","frame":{"type":"${type}"}}`;
    const text = [
      header,
      server(0, 'session.created'),
      server(150, 'opening.later'),
      '{"t":200,"session":0,"direction":"client","frame":{"type":"input_audio_buffer.clear"}}',
      server(200, 'a'),
      server(400, 'b'),
      server(550, 'c'),
      '',
    ].join('\n');
    const replay = await createReplayServer({
      transcript: tempFile('paced.jsonl', text),
      pace: 'recorded',
    });
    const started = performance.now();
    const ws = new WebSocket(`${replay.url}?model=gpt-realtime`);
    const arrivals: [string, number][] = [];
    let sent = 0;
    await new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const type = (JSON.parse(String(data)) as { type: string }).type;
        arrivals.push([type, performance.now()]);
        if (type === 'session.created') {
          // Sent at once: the replay must still send `opening.later` first, 150 ms in.
          sent = performance.now();
          ws.send(JSON.stringify({ type: 'input_audio_buffer.clear' }));
        }
        if (type === 'c') resolve();
      });
    });
    ws.close();
    await replay.close();
    expect(arrivals.map(([type]) => type)).toEqual([
      'session.created',
      'opening.later',
      'a',
      'b',
      'c',
    ]);
    const at = Object.fromEntries(arrivals) as Record<'opening.later' | 'a' | 'b' | 'c', number>;
    // Lower bounds only, with a 2 ms margin: a timer may fire a millisecond early.
    expect(at['opening.later'] - started).toBeGreaterThanOrEqual(148);
    // After the client frame (recorded at 200 ms): a at once, b 200 ms and c 350 ms later.
    expect(at.a - sent).toBeGreaterThanOrEqual(0);
    expect(at.b - sent).toBeGreaterThanOrEqual(198);
    expect(at.c - sent).toBeGreaterThanOrEqual(348);
  });

  it('plays the session asked for in a file with several', async () => {
    const ga = await record({ dialect: 'ga' });
    const beta = await record({ dialect: 'beta' });
    // Renumber the beta session as session 1 (the head of each line only: frames stay verbatim).
    const second = beta.text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace('"session":0,', '"session":1,'));
    const file = tempFile('two.jsonl', `${ga.text}${second.join('\n')}\n`);
    const replay = await createReplayServer({ transcript: file, session: 1 });
    expect(replay.recording.header.dialect).toBe('beta');
    const run = await runScript(replay.url, { dialect: 'beta' });
    expect(run.frames).toEqual(beta.run.frames);
    await replay.close();
    await expect(createReplayServer({ transcript: file, session: 2 })).rejects.toThrow(
      /two\.jsonl: no session 2 in the transcript/,
    );
  });

  it('serves wss:// with tls', async () => {
    const recorded = await record({ dialect: 'ga' });
    const replay = await createReplayServer({
      transcript: tempFile('s.jsonl', recorded.text),
      tls: true,
    });
    expect(replay.url).toMatch(/^wss:/);
    const run = await runScript(replay.url, { dialect: 'ga', ca: replay.ca as string });
    expect(run.frames).toEqual(recorded.run.frames);
    await replay.close();
  });

  it('accepts parsed transcript lines', async () => {
    const recorded = await record({ dialect: 'ga' });
    const lines = recorded.text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
    const replay = await createReplayServer({ transcript: lines });
    const run = await runScript(replay.url, { dialect: 'ga' });
    // Re-serialised from the parsed frames: the mock's frames are compact JSON, so still equal.
    expect(run.frames).toEqual(recorded.run.frames);
    expect((await replay.result).message).toBe(
      'replay completed: every step of the recording (session 0) was played',
    );
    await replay.close();
  });
});

describe('soundcheck serve --replay', () => {
  it('prints the URL first, replays, reports completed and exits 0', async () => {
    const recorded = await record({ dialect: 'ga' });
    const file = tempFile('session.jsonl', recorded.text);
    const c = capture();
    const exit = main(['serve', '--replay', file, '--port', '0'], c.io);
    const url = await firstLine(c);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    const run = await runScript(url, { dialect: 'ga' });
    expect(run.frames).toEqual(recorded.run.frames);
    expect(await exit).toBe(0);
    expect(c.out()).toContain(`replay completed: every step of ${file} (session 0) was played`);
  });

  it('reports a divergence with the file and line and exits 1', async () => {
    const recorded = await record({ dialect: 'ga' });
    const file = tempFile('session.jsonl', recorded.text);
    const c = capture();
    const exit = main(['serve', '--replay', file, '--port', '0', '--pace', 'recorded'], c.io);
    const url = await firstLine(c);
    await runScript(url, { dialect: 'ga', firstText: 'Goodbye' });
    expect(await exit).toBe(1);
    const line = lineOf(recorded.text, 'Hello, can you hear me?');
    expect(c.out()).toContain(
      `replay diverged at ${file}:${line}: expected conversation.item.create with item.content[0].text "Hello, can you hear me?", got "Goodbye"`,
    );
  });

  it('stops on Ctrl-C before a client came, exit 1', async () => {
    const recorded = await record({ dialect: 'ga' });
    const c = capture();
    const exit = main(
      ['serve', '--replay', tempFile('s.jsonl', recorded.text), '--port', '0'],
      c.io,
    );
    await firstLine(c);
    c.stop();
    expect(await exit).toBe(1);
    expect(c.out()).toContain('replay incomplete: stopped before the replayed session ended');
  });

  it.each([
    [
      'a line that is not a transcript line',
      '{"format":"soundcheck.transcript","version":1,"dialect":"ga","path":"/v1/realtime","model":null}\n{"t":0,"direction":"sideways","frame":{}}\n',
      [],
      /bad\.jsonl:2: not a transcript line/,
      /fix or delete that line/,
    ],
    [
      'a frame before its header',
      '{"t":0,"direction":"server","frame":{}}\n',
      [],
      /bad\.jsonl:1: frame of session 0 before its header/,
      /starts with its header line/,
    ],
    [
      'a session that is not there',
      '{"format":"soundcheck.transcript","version":1,"dialect":"ga","path":"/v1/realtime","model":null}\n',
      ['--session', '3'],
      /bad\.jsonl: no session 3 in the transcript/,
      /sessions in the file: 0; pick one with --session/,
    ],
    [
      'a flag that means nothing to a replay',
      '',
      ['--seed', '3'],
      /--seed does not apply to --replay/,
      /drop/,
    ],
    [
      'an unknown pace',
      '',
      ['--pace', 'realtime'],
      /invalid value for --pace: "realtime"/,
      /fast, recorded/,
    ],
  ])('refuses %s with exit 2, the place and a hint', async (_what, text, extra, problem, hint) => {
    const file = tempFile('bad.jsonl', text);
    const c = capture();
    expect(await main(['serve', '--replay', file, '--port', '0', ...extra], c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toMatch(hint);
  });

  it('documents the replay flags in serve --help', async () => {
    const c = capture();
    expect(await main(['serve', '--replay', 'x.jsonl', '--help'], c.io)).toBe(0);
    for (const flag of ['--replay', '--pace fast|recorded', '--session'])
      expect(c.out()).toContain(flag);
  });
});
