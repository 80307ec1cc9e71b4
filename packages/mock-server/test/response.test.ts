// Rules: response.lifecycle.order, response.single-active, response.cancel.*, response.override-scope,
// response.out-of-band, response.input-items, response.done.output, response.status-details,
// response.modality-events, response.beta-item-before-content, tools.call-item-shape, response.ids-consistent.
import { describe, expect, it } from 'vitest';
import { RealtimeEngine } from '../src/engine/engine.js';
import { drive, types } from './host-support.js';

const say = (text: string) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('response lifecycle', () => {
  it('streams a GA audio response in the real order, transcript matching the deltas', () => {
    const d = drive('ga');
    d.send(say('hello'));
    const events = d.send({ type: 'response.create' });
    const order = types(events).filter((t, i, all) => t !== all[i - 1]);
    expect(order).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      ...order.slice(5, order.indexOf('response.output_audio.done')),
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    const transcript = events
      .filter((e) => e.type === 'response.output_audio_transcript.delta')
      .map((e) => e.delta)
      .join('');
    expect(transcript).toBe('You said: "hello". Got it.');
    expect(events.find((e) => e.type === 'response.output_audio_transcript.done')?.transcript).toBe(
      transcript,
    );
    const done = events.at(-1) as unknown as { response: Record<string, unknown> };
    expect(done.response).toMatchObject({
      status: 'completed',
      status_details: null,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_audio', transcript }],
        },
      ],
      usage: { total_tokens: expect.any(Number) },
    });
    expect(JSON.stringify(done)).not.toContain('"audio":"');
    // Every streaming event names the response, item and indices introduced by the *.added events.
    const added = events.find((e) => e.type === 'response.output_item.added');
    const itemId = (added?.item as { id: string } | undefined)?.id;
    for (const e of events.filter((e) => 'content_index' in e)) {
      expect(e).toMatchObject({
        response_id: (done.response as { id: string }).id,
        item_id: itemId,
        output_index: 0,
        content_index: 0,
      });
    }
    expect(d.invalid()).toEqual([]);
  });

  it('beta: conversation.item.created precedes the content and the deltas use beta names', () => {
    const d = drive('beta');
    d.send({ type: 'session.update', session: { modalities: ['text'] } });
    d.send(say('hi'));
    const kinds = types(d.send({ type: 'response.create' }));
    expect(kinds.indexOf('conversation.item.created')).toBeLessThan(
      kinds.indexOf('response.content_part.added'),
    );
    expect(kinds).toContain('response.text.delta');
    expect(kinds).toContain('response.text.done');
    expect(kinds).not.toContain('conversation.item.done');
    expect(d.invalid()).toEqual([]);
  });

  it('refuses a second default-conversation response while one is active (paced), naming it', () => {
    const d = drive('ga');
    d.send(say('a long story please'));
    // Fast pace finishes a response at once, so the race needs a response still streaming: make one
    // through the engine directly, without releasing its steps.
    const engine = d.host.engine;
    const first = engine.receive({ type: 'response.create' }, engine.now);
    const created = first.find((e) => e.type === 'response.created') as unknown as {
      response: { id: string };
    };
    const [error] = engine.receive({ type: 'response.create', event_id: 'evt_2' }, engine.now);
    expect(error?.error).toEqual({
      type: 'invalid_request_error',
      code: 'conversation_already_has_active_response',
      message: `Conversation already has an active response in progress: ${created.response.id}. Wait until the response is finished before creating a new one.`,
      param: null,
      event_id: 'evt_2',
    });
  });

  it('cancels an active response: open part and item closed, then response.done cancelled', () => {
    const d = drive('ga');
    d.send(say('hello'));
    const engine = d.host.engine;
    engine.receive({ type: 'response.create' }, engine.now);
    engine.tick(engine.now + 250); // some audio has left
    const events = engine.receive({ type: 'response.cancel' }, engine.now);
    expect(types(events)).toEqual([
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(events.at(-1)).toMatchObject({
      response: {
        status: 'cancelled',
        status_details: { type: 'cancelled', reason: 'client_cancelled' },
        output: [{ status: 'incomplete' }],
      },
    });
    expect(engine.nextDue()).toBeUndefined();
  });

  it('keeps the streaming item in the conversation, then the final one; what it sends are copies', () => {
    /** The fields of the events this test reads. */
    interface Seen {
      item: { id: string } & Record<string, unknown>;
      transcript: string;
      response: { output: unknown[]; usage: { input_token_details: { text_tokens: number } } };
    }
    /** The first event of `type` in `events`. */
    const first = (events: readonly { type: string }[], type: string) =>
      events.find((e) => e.type === type) as unknown as Seen;
    const d = drive('ga');
    d.send(say('hello there'));
    const engine = d.host.engine;
    const added = first(
      engine.receive({ type: 'response.create' }, engine.now),
      'conversation.item.added',
    ).item;
    engine.tick(engine.now + 250); // some audio and words have left
    // While it streams, the conversation has the item as it was added.
    expect(engine.items.at(-1)).toEqual({ ...added, status: 'in_progress', content: [] });
    const retrieve = { type: 'conversation.item.retrieve', item_id: added.id } as const;
    expect(engine.receive(retrieve, engine.now)[0]?.item).toMatchObject({
      id: added.id,
      status: 'in_progress',
      content: [],
    });
    const rest = engine.tick(engine.now + 60_000);
    const { transcript } = first(rest, 'response.output_audio_transcript.done');
    const final = {
      ...added,
      status: 'completed',
      content: [{ type: 'output_audio', transcript }],
    };
    const sent = [
      first(rest, 'conversation.item.done').item,
      first(rest, 'response.output_item.done').item,
      ...first(rest, 'response.done').response.output,
    ];
    expect(transcript.length).toBeGreaterThan(10);
    expect(engine.items.at(-1)).toEqual(final);
    expect(sent).toEqual([final, final, final]);
    expect(Object.keys(sent[0] as object)).toEqual(Object.keys(added)); // keys in the order it was added with
    // The next response's input counts the final transcript (the running totals followed it).
    const textTokens = (events: readonly { type: string }[]) =>
      first(events, 'response.done').response.usage.input_token_details.text_tokens;
    engine.receive({ type: 'response.create' }, engine.now);
    expect(textTokens(engine.tick(engine.now + 60_000))).toBeGreaterThan(textTokens(rest));
    // Truncating the item afterwards changes the conversation only, not what was sent.
    engine.receive(
      {
        type: 'conversation.item.truncate',
        item_id: added.id,
        content_index: 0,
        audio_end_ms: 100,
      },
      engine.now,
    );
    const truncated = engine.items.find((item) => item.id === added.id) as unknown as {
      content: { transcript: string }[];
    };
    expect(truncated.content[0]?.transcript.length).toBeLessThan(transcript.length);
    expect(sent).toEqual([final, final, final]);
  });

  it('streams deltas on the clock, and a delay on one audio delta moves it and every later step', () => {
    /** Each event of one response with the virtual time it was released at. */
    const timeline = (delayOn?: number) => {
      const d = drive('ga');
      d.send(say('hello there, how is the weather today?'));
      const engine = d.host.engine;
      const start = engine.now;
      let audio = 0;
      if (delayOn !== undefined)
        engine.delay(
          (event) => event.type === 'response.output_audio.delta' && audio++ === delayOn,
          250,
        );
      const out = engine
        .receive({ type: 'response.create' }, start)
        .map((e) => ({ type: e.type, at: 0 }));
      for (let due = engine.nextDue(); due !== undefined; due = engine.nextDue()) {
        for (const e of engine.tick(due)) out.push({ type: e.type, at: due - start });
      }
      return out;
    };
    const plain = timeline();
    const audioAt = plain.filter((e) => e.type === 'response.output_audio.delta').map((e) => e.at);
    expect(audioAt.length).toBeGreaterThan(4);
    // One 100 ms chunk after another; transcript words leave alongside, never after the audio.
    expect(audioAt).toEqual(audioAt.map((_, i) => i * 100));
    const words = plain.filter((e) => e.type === 'response.output_audio_transcript.delta');
    expect(words.every((w) => w.at <= (audioAt.at(-1) as number))).toBe(true);
    expect(plain.at(-1)).toEqual({ type: 'response.done', at: audioAt.length * 100 });

    const held = timeline(3);
    expect(held.map((e) => e.type)).toEqual(plain.map((e) => e.type));
    const heldAudio = held.filter((e) => e.type === 'response.output_audio.delta').map((e) => e.at);
    expect(heldAudio).toEqual(audioAt.map((at, i) => (i < 3 ? at : at + 250)));
    expect(held.at(-1)?.at).toBe(audioAt.length * 100 + 250);
  });

  it('streams a text-only response one word every 30 ms', () => {
    const d = drive('ga');
    d.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    d.send(say('one two three'));
    const engine = d.host.engine;
    const start = engine.now;
    engine.receive({ type: 'response.create' }, start);
    const at: number[] = [];
    let text = '';
    for (let due = engine.nextDue(); due !== undefined; due = engine.nextDue()) {
      for (const e of engine.tick(due)) {
        if (e.type !== 'response.output_text.delta') continue;
        at.push(due - start);
        text += (e as unknown as { delta: string }).delta;
      }
    }
    expect(at).toEqual(at.map((_, i) => 30 * (i + 1)));
    expect(text).toContain('one two three');
  });

  it('keeps exactly the words sent so far, spacing included, when a response is cancelled mid-stream', () => {
    const d = drive('ga');
    d.send(say('  two  spaces,\tand a tab  '));
    const engine = d.host.engine;
    const words = (events: { type: string }[]) =>
      events
        .filter((e) => e.type === 'response.output_audio_transcript.delta')
        .map((e) => (e as unknown as { delta: string }).delta);
    // The first burst (with the first word) leaves with the answer to response.create.
    const all = words(engine.receive({ type: 'response.create' }, engine.now));
    for (let due = engine.nextDue(); due !== undefined; due = engine.nextDue()) {
      all.push(...words(engine.tick(due)));
    }
    // Each delta is one word and the spaces after it; together they are the whole reply.
    expect(all.join('')).toBe('You said: "  two  spaces,\tand a tab  ". Got it.');
    expect(all.every((w) => /^\S+\s*$/.test(w))).toBe(true);
    // Again, cancelled after three words: the item keeps those three, as sent.
    const again = drive('ga');
    again.send(say('  two  spaces,\tand a tab  '));
    const e2 = again.host.engine;
    const sent = words(e2.receive({ type: 'response.create' }, e2.now));
    let done: { response: { output: { content: { transcript: string }[] }[] } } | undefined;
    for (let due = e2.nextDue(); due !== undefined && done === undefined; due = e2.nextDue()) {
      sent.push(...words(e2.tick(due)));
      if (sent.length >= 3) {
        const out = e2.receive({ type: 'response.cancel' }, due);
        done = out.find((e) => e.type === 'response.done') as unknown as typeof done;
      }
    }
    expect(sent.length).toBe(3);
    expect(done?.response.output[0]?.content[0]?.transcript).toBe(sent.join(''));
    expect(sent.join('')).toBe('You said: "  ');
  });

  it('streams a scripted text with leading and doubled spaces word by word, and keeps it whole', () => {
    const text = '  leading,  doubled\tand trailing  ';
    const engine = new RealtimeEngine({
      planner: () => ({ outputs: [{ kind: 'message', text }] }),
    });
    engine.open();
    const events = engine.receive({ type: 'response.create' } as never);
    for (let due = engine.nextDue(); due !== undefined; due = engine.nextDue()) {
      events.push(...engine.tick(due));
    }
    const deltas = events
      .filter((e) => e.type === 'response.output_audio_transcript.delta')
      .map((e) => (e as unknown as { delta: string }).delta);
    // As the real server: words with the spaces after them; leading spaces are not a word.
    expect(deltas).toEqual(['leading,  ', 'doubled\t', 'and ', 'trailing  ']);
    const done = events.find((e) => e.type === 'response.output_audio_transcript.done');
    expect((done as unknown as { transcript: string }).transcript).toBe(deltas.join(''));
  });

  it('answers a cancel with nothing active with the real error', () => {
    const d = drive('ga');
    expect(d.send({ type: 'response.cancel', event_id: 'evt_x' })[0]?.error).toEqual({
      type: 'invalid_request_error',
      code: 'response_cancel_not_active',
      message: 'Cancellation failed: no active response found',
      param: null,
      event_id: 'evt_x',
    });
  });

  it('applies per-response overrides to that response only', () => {
    const d = drive('ga');
    d.send(say('hi'));
    const first = d.send({
      type: 'response.create',
      response: {
        output_modalities: ['text'],
        instructions: 'Be brief.',
        metadata: { topic: 'greeting' },
      },
    });
    expect(types(first)).toContain('response.output_text.delta');
    expect(first.at(-1)).toMatchObject({
      response: { output_modalities: ['text'], metadata: { topic: 'greeting' } },
    });
    const second = d.send({ type: 'response.create' });
    expect(types(second)).toContain('response.output_audio.delta');
    expect(d.host.engine.session.instructions).not.toBe('Be brief.');
    expect(d.invalid()).toEqual([]);
  });

  it('runs an out-of-band response beside an active one, outside the conversation', () => {
    const d = drive('ga');
    d.send(say('hi'));
    const engine = d.host.engine;
    engine.receive({ type: 'response.create' }, engine.now);
    const before = engine.items.length;
    const started = engine.receive(
      {
        type: 'response.create',
        response: {
          conversation: 'none',
          output_modalities: ['text'],
          input: [],
          metadata: { kind: 'summary' },
        },
      },
      engine.now,
    );
    expect(types(started)).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    const oobId = (started[0] as unknown as { response: { id: string } }).response.id;
    // Let both run to the end; pick the out-of-band response's events by its id.
    const rest = engine.tick(engine.now + 60_000);
    const done = rest.filter((e) => e.type === 'response.done');
    expect(done).toHaveLength(2);
    expect(done.find((e) => (e.response as { id: string }).id === oobId)).toMatchObject({
      response: { conversation_id: null, status: 'completed', metadata: { kind: 'summary' } },
    });
    expect(engine.items.length).toBe(before); // the out-of-band response added nothing
  });

  it('refuses an unknown item_reference in response.input', () => {
    const d = drive('ga');
    const [error] = d.send({
      type: 'response.create',
      response: { conversation: 'none', input: [{ type: 'item_reference', id: 'item_gone' }] },
    });
    expect(error?.error).toMatchObject({ param: 'response.input[0].id' });
  });

  it('ends incomplete (max_output_tokens) when the token limit cuts the reply', () => {
    const d = drive('ga');
    d.send(say('hello there, tell me everything'));
    const events = d.send({
      type: 'response.create',
      response: { output_modalities: ['text'], max_output_tokens: 2 },
    });
    expect(events.at(-1)).toMatchObject({
      response: {
        status: 'incomplete',
        status_details: { type: 'incomplete', reason: 'max_output_tokens' },
      },
    });
    expect(events.find((e) => e.type === 'response.output_text.done')?.text).toBe('You said');
    expect(d.invalid()).toEqual([]);
  });

  it('calls the named tool with arguments that satisfy its JSON Schema', () => {
    const d = drive('ga');
    const tool = {
      type: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          unit: { type: 'string', enum: ['c', 'f'] },
          days: { type: 'integer', minimum: 1 },
        },
        required: ['city', 'unit', 'days'],
      },
    };
    d.send({
      type: 'session.update',
      session: { type: 'realtime', tools: [tool], tool_choice: 'required' },
    });
    d.send(say('weather?'));
    const events = d.send({ type: 'response.create' });
    const args = events.find(
      (e) => e.type === 'response.function_call_arguments.done',
    ) as unknown as {
      arguments: string;
      name: string;
      call_id: string;
    };
    expect(args.name).toBe('get_weather');
    expect(JSON.parse(args.arguments)).toEqual({ city: 'example city', unit: 'c', days: 1 });
    const deltas = events
      .filter((e) => e.type === 'response.function_call_arguments.delta')
      .map((e) => e.delta)
      .join('');
    expect(deltas).toBe(args.arguments);
    expect(events.at(-1)).toMatchObject({
      response: {
        output: [{ type: 'function_call', call_id: args.call_id, arguments: args.arguments }],
      },
    });
    // The follow-up: the output, then a reply that uses it.
    d.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: args.call_id, output: '{"temp":21}' },
    });
    d.send({ type: 'session.update', session: { type: 'realtime', tool_choice: 'auto' } });
    const reply = d.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    expect(reply.find((e) => e.type === 'response.output_text.done')?.text).toBe(
      'The tool returned {"temp":21}. Anything else?',
    );
    expect(d.invalid()).toEqual([]);
  });
});
