// The in-memory pair: the engine through the codec and the strict client check, with no socket.
// Rules: events.json-text (bad frames answered, session kept), session determinism (same seed and
// frames, same bytes).

import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryPair,
  findScenario,
  type ScenarioReport,
  type UserAction,
} from '../src/index.js';
import type { MemoryClient } from '../src/transport/memory.js';
import { strictFailures } from './host-support.js';

const userText = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
};

function invalid(client: MemoryClient, dialect: 'ga' | 'beta'): string[] {
  return strictFailures(client.events, dialect);
}

/** The same text turn for either dialect. */
function textTurn(client: MemoryClient, dialect: 'ga' | 'beta'): void {
  client.send({
    type: 'session.update',
    session:
      dialect === 'ga'
        ? { type: 'realtime', output_modalities: ['text'] }
        : { modalities: ['text'] },
  });
  client.send(userText);
  client.send({ type: 'response.create' });
}

describe('createMemoryPair', () => {
  it('opens the session before returning', () => {
    const ga = createMemoryPair({ dialect: 'ga' });
    expect(ga.client.events.map((e) => e.type)).toEqual(['session.created']);
    const beta = createMemoryPair({ dialect: 'beta' });
    expect(beta.client.events.map((e) => e.type)).toEqual([
      'session.created',
      'conversation.created',
    ]);
    expect(beta.client.frames).toHaveLength(2);
  });

  it('runs a GA text turn synchronously, with no timers', () => {
    vi.useFakeTimers();
    try {
      const { client, host } = createMemoryPair({ dialect: 'ga', seed: 3 });
      textTurn(client, 'ga');
      // Everything arrived inside send(): nothing was scheduled.
      expect(vi.getTimerCount()).toBe(0);
      const types = client.events.map((e) => e.type);
      expect(types.slice(0, 6)).toEqual([
        'session.created',
        'session.updated',
        'conversation.item.added',
        'conversation.item.done',
        'response.created',
        'rate_limits.updated',
      ]);
      expect(types).toContain('response.output_text.delta');
      expect(types.at(-1)).toBe('response.done');
      expect(host.engine.items.map((i) => ('role' in i ? i.role : i.type))).toEqual([
        'user',
        'assistant',
      ]);
      expect(invalid(client, 'ga')).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs a beta text turn in beta wire names', () => {
    const { client } = createMemoryPair({ dialect: 'beta', seed: 3 });
    textTurn(client, 'beta');
    const types = client.events.map((e) => e.type);
    expect(types).toContain('conversation.item.created');
    expect(types).toContain('response.text.delta');
    expect(types).not.toContain('response.output_text.delta');
    expect(types.at(-1)).toBe('response.done');
    expect(invalid(client, 'beta')).toEqual([]);
  });

  it('next() walks the events in order and skips to a type', async () => {
    const { client } = createMemoryPair();
    expect((await client.next()).type).toBe('session.created');
    const pending = client.next('response.done');
    textTurn(client, 'ga');
    const done = await pending;
    expect(done).toBe(client.events.at(-1));
    expect((done.response as { status?: string }).status).toBe('completed');
    client.close();
    await expect(client.next()).rejects.toThrow(
      'The connection closed (1000 ) before an event arrived.',
    );
    expect(client.closed).toEqual({ code: 1000, reason: '' });
    expect(() => client.send({ type: 'response.create' })).toThrow(
      'Cannot send: the connection is closed (1000).',
    );
  });

  it('answers bad frames with an error event and keeps the session', () => {
    const { client } = createMemoryPair({ seed: 5 });
    client.send('{not json');
    client.send({ type: 'response.nope', event_id: 'evt_bad' });
    client.send(new Uint8Array([1, 2, 3]));
    const errors = client.events
      .filter((e) => e.type === 'error')
      .map((e) => e.error as { code: string });
    expect(errors.map((e) => e.code)).toEqual(['invalid_json', 'invalid_value', 'invalid_event']);
    expect(
      client.events.find(
        (e) => e.type === 'error' && (e.error as { event_id?: string }).event_id === 'evt_bad',
      ),
    ).toBeDefined();
    client.send({ type: 'response.create' });
    expect(client.events.at(-1)?.type).toBe('response.done');
    expect(client.closed).toBeUndefined();
    expect(invalid(client, 'ga')).toEqual([]);
  });

  it('reports a close made by the host and rejects pending next() calls', async () => {
    const { client, host } = createMemoryPair();
    client.next(); // session.created
    const pending = client.next('response.done');
    host.fail(
      {
        type: 'invalid_request_error',
        code: 'session_expired',
        message: 'expired',
        param: null,
        event_id: null,
      },
      4000,
    );
    await expect(pending).rejects.toThrow(
      "The connection closed (4000 invalid_request_error.session_expired) before 'response.done' arrived.",
    );
    expect(client.closed).toEqual({ code: 4000, reason: 'invalid_request_error.session_expired' });
    expect(client.events.at(-1)?.type).toBe('error');
  });

  it('paces audio with timers in realtime pace', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const { client } = createMemoryPair({ pace: 'realtime' });
      client.send(userText);
      client.send({ type: 'response.create' });
      const done = client.next('response.done');
      expect(vi.getTimerCount()).toBe(1);
      expect(client.events.map((e) => e.type)).not.toContain('response.done');
      await vi.runAllTimersAsync();
      expect((await done).type).toBe('response.done');
      expect(
        client.events.filter((e) => e.type === 'response.output_audio.delta').length,
      ).toBeGreaterThan(1);
      expect(invalid(client, 'ga')).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives byte-identical frames for the same seed and frames', () => {
    const run = (dialect: 'ga' | 'beta', seed: number) => {
      const { client } = createMemoryPair({ dialect, seed });
      textTurn(client, dialect);
      client.send(userText);
      client.send({ type: 'response.create' });
      return client.frames;
    };
    for (const dialect of ['ga', 'beta'] as const) {
      const a = run(dialect, 11);
      const b = run(dialect, 11);
      expect(b).toEqual(a);
      expect(a.join('\n')).toBe(b.join('\n'));
      // A different seed changes the ids, so the check above can fail.
      expect(run(dialect, 12)).not.toEqual(a);
    }
  });

  it('checks its options', () => {
    expect(() => createMemoryPair({ dialect: 'v2' as 'ga' })).toThrow(
      "createMemoryPair: expected dialect to be 'ga' or 'beta' but got \"v2\".",
    );
  });
});

describe('createMemoryPair with a scenario', () => {
  it('plays a shipped scenario synchronously in fast mode and reports the verdict', async () => {
    const reports: ScenarioReport[] = [];
    const users: UserAction[] = [];
    const { client } = createMemoryPair({
      scenario: {
        scenario: findScenario('text-turn'),
        readAudio: () => new Uint8Array(),
        onUser: (action) => users.push(action),
        onEnd: (report) => reports.push(report),
      },
    });
    expect(users).toEqual([{ text: 'What is the weather like in Paris today?' }]);
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
    });
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    expect(JSON.stringify(done)).toContain('It is sunny in Paris today, around 18 degrees.');
    while (reports.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(reports[0]?.verdict).toBe('PASSED');
  });
});
