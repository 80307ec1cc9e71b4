// Every shipped scenario, in each of its dialects, played twice over a real WebSocket to a
// well-behaved client: both runs give byte-identical transcripts, every server frame passes the
// strict server schema, and the verdict is PASSED.

import { parseServerEvent } from '@soundcheck/schema';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMockServer } from '../src/index.js';
import { dir, play, type Run, scenarios } from './scenario-harness.js';

describe('shipped scenarios over a real WebSocket', () => {
  const cases = scenarios.flatMap((s) => s.dialects.map((d) => [s.name, d] as const));

  it('covers every scenario file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
    expect(new Set(cases.map(([n]) => n)).size).toBe(scenarios.length);
  });

  it.each(cases)('%s (%s): PASSED twice, byte-identical, strict schema', async (name, dialect) => {
    const first = await play(name, dialect);
    const second = await play(name, dialect);
    expect(first.report.violations).toEqual([]);
    expect(first.report.verdict).toBe('PASSED');
    expect(first.report.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(
      true,
    );
    expect(second.transcript).toEqual(first.transcript);
    expect(first.serverFrames.length).toBeGreaterThan(0);
    for (const frame of first.serverFrames) {
      const parsed = parseServerEvent(frame, { dialect, strict: true });
      expect(parsed.success ? 'ok' : `${frame.slice(0, 120)}\n${parsed.error.message}`).toBe('ok');
    }
  });
});

describe('scenario behaviours', () => {
  const types = (run: Run) => run.serverFrames.map((f) => (JSON.parse(f) as { type: string }).type);
  const events = (run: Run) =>
    // biome-ignore lint/suspicious/noExplicitAny: the tests read nested fields of many event types
    run.serverFrames.map((f) => JSON.parse(f) as Record<string, any>);

  it('barge-in-truncate: speech cancels with turn_detected and the truncate is accepted', async () => {
    const run = await play('barge-in-truncate', 'ga');
    const done = events(run).find((e) => e.type === 'response.done');
    expect(done?.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
    const truncated = events(run).find((e) => e.type === 'conversation.item.truncated');
    // Ten 100 ms deltas were sent before speech started: the client heard exactly 1000 ms.
    expect(truncated?.audio_end_ms).toBe(1000);
  });

  it.each(['barge-in-truncate', 'function-call-follow-up'])(
    '%s passes with pace realtime too (audio paced by real timers)',
    async (name) => {
      const run = await play(name, 'ga', {}, { pace: 'realtime' });
      expect(run.report.violations).toEqual([]);
      expect(run.report.verdict).toBe('PASSED');
    },
  );

  it('truncate-beyond-sent-audio: a client truncating past the audio gets the real error', async () => {
    const run = await play('truncate-beyond-sent-audio', 'ga', {
      quirks: { truncateBeyondMs: 500 },
    });
    const error = events(run).find((e) => e.type === 'error');
    expect(error?.error.message).toMatch(/1500ms.*2000ms|2000.*1500/);
    expect(run.report.verdict).toBe('FAILED');
    expect(run.report.violations[0]).toMatchObject({
      kind: 'unmet',
      rule: 'truncate.bounded-by-audio',
    });
  });

  it('function-call-follow-up: response.create before response.done is forbidden', async () => {
    const run = await play('function-call-follow-up', 'ga', { quirks: { eagerFollowUp: true } });
    expect(run.report.verdict).toBe('FAILED');
    expect(run.report.violations).toContainEqual(
      expect.objectContaining({ kind: 'forbidden', rule: 'tools.follow-up-after-done' }),
    );
    // The engine answered the early create with the real active-response error (done was held).
    expect(
      events(run).some(
        (e) => e.type === 'error' && e.error.code === 'conversation_already_has_active_response',
      ),
    ).toBe(true);
  });

  it('text-turn: a strict scenario fails on an unexpected second response.create', async () => {
    const run = await play('text-turn', 'beta', { quirks: { doubleCreate: true } });
    expect(run.report.verdict).toBe('FAILED');
    expect(run.report.violations).toContainEqual(
      expect.objectContaining({
        kind: 'unexpected',
        event: expect.objectContaining({ type: 'response.create' }),
      }),
    );
  });

  it('parallel-function-calls: a client that never answers is reported at the step it missed', async () => {
    const scenarioDir = dir;
    const run = await play('parallel-function-calls', 'ga', {
      quirks: { ignoreCalls: true },
      scenarioDir,
    });
    expect(run.report.verdict).toBe('FAILED');
    const unmet = run.report.violations.find((v) => v.kind === 'unmet');
    expect(unmet?.message).toMatch(
      /^steps\[5\] not met within 5000 ms: expected conversation\.item\.create/,
    );
  }, 15_000);

  it.each(['beta', 'ga'] as const)(
    'server-vad-turn (%s): exact offsets from the committed speech file (500 → 2700 ms of speech)',
    async (dialect) => {
      const run = await play('server-vad-turn', dialect);
      const all = events(run);
      // prefix_padding_ms 300 before the onset; silence_duration_ms 200 after the last voiced frame.
      expect(all.find((e) => e.type === 'input_audio_buffer.speech_started')?.audio_start_ms).toBe(
        200,
      );
      expect(all.find((e) => e.type === 'input_audio_buffer.speech_stopped')?.audio_end_ms).toBe(
        2900,
      );
      const started = all.find((e) => e.type === 'input_audio_buffer.speech_started');
      const committed = all.find((e) => e.type === 'input_audio_buffer.committed');
      expect(committed?.item_id).toBe(started?.item_id); // rule vad.item-id-stable
    },
  );

  it('transcription-after-response-done: the transcript follows response.done', async () => {
    const run = await play('transcription-after-response-done', 'ga');
    const kinds = types(run);
    const done = kinds.indexOf('response.done');
    const completed = kinds.indexOf('conversation.item.input_audio_transcription.completed');
    expect(done).toBeGreaterThan(0);
    expect(completed).toBeGreaterThan(done);
    expect(kinds.slice(done)).toContain('conversation.item.input_audio_transcription.delta');
    const event = events(run)[completed];
    expect(event?.transcript).toBe('What is the weather like in Paris today?');
  });

  it.each(['ga', 'beta'] as const)(
    'live-captions (%s): two VAD turns, transcripts in parallel and out of order, no response',
    async (dialect) => {
      const run = await play('live-captions', dialect);
      const all = events(run);
      expect(all[0]?.type).toBe(
        dialect === 'ga' ? 'session.created' : 'transcription_session.created',
      );
      const committed = all.filter((e) => e.type === 'input_audio_buffer.committed');
      const completed = all.filter(
        (e) => e.type === 'conversation.item.input_audio_transcription.completed',
      );
      expect(committed).toHaveLength(2);
      const [first, second] = committed.map((e) => e.item_id as string);
      // The second phrase completes first; each transcript is on its own item.
      expect(completed.map((e) => [e.item_id, e.transcript])).toEqual([
        [second, 'Make it at seven.'],
        [first, 'Book a table for two.'],
      ]);
      // The deltas of the two items interleave, and each item's deltas make its transcript.
      const deltas = all.filter(
        (e) => e.type === 'conversation.item.input_audio_transcription.delta',
      );
      const itemsInOrder = deltas.map((e) => e.item_id);
      expect(itemsInOrder.slice(0, 4)).toEqual([second, first, second, first]);
      for (const [item, text] of [
        [first, 'Book a table for two.'],
        [second, 'Make it at seven.'],
      ])
        expect(
          deltas
            .filter((e) => e.item_id === item)
            .map((e) => e.delta)
            .join(''),
        ).toBe(text);
      expect(types(run).some((t) => t.startsWith('response.'))).toBe(false);
    },
  );

  it('live-captions waits for a transcription session.update: a realtime one leaves it unmet', async () => {
    const mock = await createMockServer({ scenario: 'live-captions' });
    const frames: { type: string; error?: { code: string } }[] = [];
    const ws = new WebSocket(`${mock.url}?intent=transcription`);
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime' } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const report = mock.sessions[0]?.host.player?.report();
    ws.close();
    await mock.close();
    expect(frames.map((f) => f.type)).toEqual(['session.created', 'error']);
    expect(frames[1]?.error?.code).toBe('invalid_parameter');
    expect(report?.steps.map((s) => s.status)).toEqual([
      'running',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('a scenario for the other kind of session is refused with an error and 1008, both ways', async () => {
    const refusedWith = async (scenario: string, query: string) => {
      const mock = await createMockServer({ scenario });
      const ws = new WebSocket(`${mock.url}?${query}`);
      const frames: string[] = [];
      ws.on('message', (data) => frames.push(String(data)));
      const closed = await new Promise<number>((resolve) =>
        ws.on('close', (code) => resolve(code)),
      );
      await mock.close();
      return { closed, error: JSON.parse(frames[0] as string).error };
    };
    expect(await refusedWith('live-captions', 'model=gpt-realtime')).toEqual({
      closed: 1008,
      error: {
        type: 'invalid_request_error',
        code: 'scenario_session_mismatch',
        message:
          'The scenario "live-captions" plays transcription sessions (connect with ?intent=transcription); this connection opened a realtime session.',
        param: null,
        event_id: null,
      },
    });
    const other = await refusedWith('text-turn', 'intent=transcription');
    expect(other.closed).toBe(1008);
    expect(other.error.code).toBe('scenario_session_mismatch');
  });

  it('abrupt-close: the client sees 1006 after the fifth audio delta', async () => {
    const run = await play('abrupt-close', 'beta');
    expect(run.closed.code).toBe(1006);
    expect(types(run).filter((t) => t === 'response.audio.delta')).toHaveLength(5);
  });

  it('beta-handshake-rejected: error then close 4000, no session.created', async () => {
    const run = await play('beta-handshake-rejected', 'beta');
    expect(types(run)).toEqual(['error']);
    expect(run.closed.code).toBe(4000);
  });

  it('a scenario for the other dialect is refused with an error and 1008', async () => {
    const mock = await createMockServer({ scenario: 'beta-handshake-rejected' });
    const ws = new WebSocket(`${mock.url}?model=gpt-realtime`);
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(String(data)));
    const closed = await new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await mock.close();
    expect(closed).toBe(1008);
    expect(JSON.parse(frames[0] as string).error.code).toBe('scenario_dialect_mismatch');
  });

  it('an unknown /cases/<name> path is refused with 404 naming the known scenarios', async () => {
    const mock = await createMockServer({ port: 0 });
    const url = mock.url.replace('/v1/realtime', '/cases/nope/v1/realtime?model=gpt-realtime');
    const refused = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('error', () => {});
      ws.on('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
    });
    await mock.close();
    expect(refused.status).toBe(404);
    expect(refused.body).toMatch(/no shipped scenario named "nope"/);
    expect(refused.body).toMatch(/barge-in-truncate/);
  });

  it('a scenario file that fails to load stops createMockServer with the file and path', async () => {
    await expect(createMockServer({ scenario: 'no-such-scenario' })).rejects.toThrow(
      /no shipped scenario named "no-such-scenario"/,
    );
  });
});
