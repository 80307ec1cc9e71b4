// record → from-transcript → serve: a client recorded through the relay against one server, then
// played the scenario made from that recording, behaves the same and gets the same answers (the
// scenario's verdict is PASSED and the event sequence is unchanged, ids aside).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMockServer,
  parseScenario,
  type ScenarioReport,
  shippedScenarioDir,
} from '@soundcheck/mock-server';
import { describe, expect, it } from 'vitest';
import { ReferenceClient } from '../../mock-server/test/reference-client.js';
import { createRecorder } from '../src/record/relay.js';
import { renderScenario, scenarioFromRecording } from '../src/replay/from-transcript.js';
import { readRecordedSession } from '../src/replay/recorded-session.js';
import { openTranscriptFile } from '../src/transcript/writer.js';

const TOOLS: {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}[] = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

/** One session of the reference client: a text turn that calls a tool, then the follow-up. */
async function session(url: string, dialect: 'beta' | 'ga'): Promise<ReferenceClient> {
  const client = new ReferenceClient({
    url,
    dialect,
    scenarioDir: shippedScenarioDir(),
    manualTurns: false,
  });
  // "get_weather" in the text makes the default responder call the tool.
  await client.user({ text: 'Please call get_weather for Paris.' });
  const finished = () =>
    client.events.filter((e) => e.type === 'response.done').length >= 2 &&
    client.events.at(-1)?.type === 'response.done';
  while (!finished()) await new Promise((r) => setTimeout(r, 5));
  client.close();
  await client.closed;
  return client;
}

const shape = (client: ReferenceClient) =>
  client.events.map((e) => e.type).filter((t) => t !== 'rate_limits.updated');

describe('record → from-transcript → serve', () => {
  it.each(['ga', 'beta'] as const)('the same client passes unchanged (%s)', async (dialect) => {
    const dir = mkdtempSync(join(tmpdir(), 'soundcheck-round-trip-'));
    // 1. Record against the mock's default responder (standing in for the real API).
    const upstream = await createMockServer({
      scenario: {
        scenario: {
          name: 'tools-on',
          description: 'Only sets the tools.',
          dialects: ['beta', 'ga'],
          strict: false,
          session: { tools: TOOLS },
          steps: [],
        } as never,
      },
    });
    const file = join(dir, 'recording.jsonl');
    const out = await openTranscriptFile(file);
    const relay = await createRecorder({ upstream: upstream.url, transcript: out.writer });
    const recorded = await session(relay.url, dialect);
    await relay.close();
    await upstream.close();
    await out.end();
    // 2. Turn the recording into a scenario.
    const recording = await readRecordedSession(file);
    const text = renderScenario(scenarioFromRecording(recording, { name: 'round-trip' }));
    const scenario = parseScenario(text, join(dir, 'round-trip.json'));
    expect(
      scenario.steps.some((s) => 'respond' in s && s.respond.functionCalls !== undefined),
    ).toBe(true);
    // 3. Serve it and run the same client again.
    let report: ScenarioReport | undefined;
    const replay = await createMockServer({
      scenario: { ...scenario, session: { tools: TOOLS } },
      onScenarioEnd: (_s, r) => {
        report = r;
      },
    });
    const again = await session(replay.url, dialect);
    while (report === undefined) await new Promise((r) => setTimeout(r, 5));
    await replay.close();
    expect(report.violations).toEqual([]);
    expect(report.verdict).toBe('PASSED');
    expect(shape(again)).toEqual(shape(recorded));
    // The model's replies were kept: same function call and the same final text.
    const finalText = (c: ReferenceClient) =>
      JSON.stringify(c.events.filter((e) => e.type === 'response.done').map((e) => e.response));
    expect(finalText(again).replace(/"(resp|item|call|event)_[A-Za-z0-9]+"/g, '"id"')).toBe(
      finalText(recorded).replace(/"(resp|item|call|event)_[A-Za-z0-9]+"/g, '"id"'),
    );
  });
});
