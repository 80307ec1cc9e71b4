import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';
import { strictFailures } from './host-support.js';
import { type Client, connect } from './support.js';

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

/** Sends a user message and a response.create, and waits for response.done. */
async function helloTurn(c: Client): Promise<void> {
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
  });
  c.send({ type: 'response.create' });
  await c.waitFor('response.done');
}

describe('smoke', () => {
  it('GA text turn', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer sk-test' },
    });
    c.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    await helloTurn(c);
    const bad = strictFailures(c.events, 'ga');
    expect(c.events.map((e) => e.type)).toMatchInlineSnapshot(`
      [
        "session.created",
        "session.updated",
        "conversation.item.added",
        "conversation.item.done",
        "response.created",
        "rate_limits.updated",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "conversation.item.done",
        "response.done",
      ]
    `);
    expect(bad).toEqual([]);
    c.ws.close();
  });

  it('beta audio turn', async () => {
    const c = await connect(`${server.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: 'Bearer sk-test', 'OpenAI-Beta': 'realtime=v1' },
    });
    await helloTurn(c);
    const bad = strictFailures(c.events, 'beta');
    expect(c.events.map((e) => e.type)).toMatchInlineSnapshot(`
      [
        "session.created",
        "conversation.created",
        "conversation.item.created",
        "response.created",
        "rate_limits.updated",
        "response.output_item.added",
        "conversation.item.created",
        "response.content_part.added",
        "response.audio_transcript.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio_transcript.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio_transcript.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio_transcript.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio_transcript.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.delta",
        "response.audio.done",
        "response.audio_transcript.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done",
      ]
    `);
    expect(bad).toEqual([]);
    c.ws.close();
  });
});
