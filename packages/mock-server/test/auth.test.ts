// Rules: auth.invalid-key, close.fatal-error-then-close, handshake.beta-shape-disabled
// (INV §2.1, §4.7; events.json observed_errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer, maskKey } from '../src/index.js';
import { type Client, connect } from './support.js';

const KEY = 'sk-proj-valid-key-000000000000000001';

let server: MockServer;
let retired: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0, apiKeys: [KEY] });
  retired = await createMockServer({ port: 0, apiKeys: [KEY], betaRetired: true });
});
afterAll(async () => {
  await server.close();
  await retired.close();
});

/** Everything the server sent before it closed, and the close. */
async function refused(
  c: Client,
): Promise<{ events: Record<string, unknown>[]; code: number; reason: string }> {
  const { code, reason } = await c.closed;
  return { events: c.events, code, reason };
}

function invalidKey(masked: string) {
  return {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    param: null,
    event_id: null,
  };
}

describe('invalid key (auth.invalid-key)', () => {
  const wrong = 'sk-proj-wrong-key-999999999999999999';

  it('a wrong Bearer key: 101, one error with the masked key, close 3000, no session.created', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${wrong}` },
    });
    const { events, code, reason } = await refused(c);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: invalidKey(maskKey(wrong)) });
    expect(JSON.stringify(events[0])).not.toContain(wrong);
    expect(typeof events[0]?.event_id).toBe('string');
    expect(code).toBe(3000);
    expect(reason).toBe('invalid_request_error.invalid_api_key');
  });

  it('a wrong key in the subprotocol is refused the same way', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      protocols: ['realtime', `openai-insecure-api-key.${wrong}`],
    });
    expect(c.ws.protocol).toBe('realtime');
    const { events, code, reason } = await refused(c);
    expect(events.map((e) => e.type)).toEqual(['error']);
    expect(events[0]?.error).toEqual(invalidKey(maskKey(wrong)));
    expect([code, reason]).toEqual([3000, 'invalid_request_error.invalid_api_key']);
  });

  it('a wrong api-key header and a wrong api-key query are refused', async () => {
    for (const c of [
      await connect(`${server.url}?model=gpt-realtime`, { headers: { 'api-key': wrong } }),
      await connect(`${server.url}?model=gpt-realtime&api-key=${wrong}`),
    ]) {
      const { events, code } = await refused(c);
      expect(events.map((e) => (e.error as { code: string }).code)).toEqual(['invalid_api_key']);
      expect(code).toBe(3000);
    }
  });

  it('no key at all is refused', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`);
    const { events, code, reason } = await refused(c);
    expect(events.map((e) => (e.error as { code: string }).code)).toEqual(['invalid_api_key']);
    expect([code, reason]).toEqual([3000, 'invalid_request_error.invalid_api_key']);
  });

  it('the right key opens a session on the same server', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    await c.waitFor('session.created');
    expect(c.events.map((e) => e.type)).toEqual(['session.created']);
    c.ws.close();
  });

  it('without apiKeys any credential, or none, is accepted', async () => {
    const open = await createMockServer({ port: 0 });
    try {
      const c = await connect(`${open.url}?model=gpt-realtime`);
      await c.waitFor('session.created');
      c.ws.close();
    } finally {
      await open.close();
    }
  });
});

describe('beta retired (handshake.beta-shape-disabled)', () => {
  const disabled = {
    type: 'invalid_request_error',
    code: 'beta_api_shape_disabled',
    message:
      'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
    param: null,
    event_id: null,
  };

  it('refuses the beta header: 101, the error, close 4000', async () => {
    const c = await connect(`${retired.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: `Bearer ${KEY}`, 'OpenAI-Beta': 'realtime=v1' },
    });
    const { events, code, reason } = await refused(c);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: disabled });
    expect([code, reason]).toEqual([4000, 'invalid_request_error.beta_api_shape_disabled']);
  });

  it('refuses the beta subprotocol too', async () => {
    const c = await connect(`${retired.url}?model=gpt-4o-realtime-preview`, {
      protocols: ['realtime', `openai-insecure-api-key.${KEY}`, 'openai-beta.realtime-v1'],
    });
    const { events, code } = await refused(c);
    expect(events.map((e) => (e.error as { code: string }).code)).toEqual([
      'beta_api_shape_disabled',
    ]);
    expect(code).toBe(4000);
  });

  it('still serves GA connections', async () => {
    const c = await connect(`${retired.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    const created = await c.waitFor('session.created');
    expect((created.session as { type: string }).type).toBe('realtime');
    c.ws.close();
  });

  it('reports a bad key before the retired dialect', async () => {
    const c = await connect(`${retired.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: 'Bearer sk-nope-000000000', 'OpenAI-Beta': 'realtime=v1' },
    });
    const { events, code } = await refused(c);
    expect(events.map((e) => (e.error as { code: string }).code)).toEqual(['invalid_api_key']);
    expect(code).toBe(3000);
  });

  it('serves beta when not retired', async () => {
    const c = await connect(`${server.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: `Bearer ${KEY}`, 'OpenAI-Beta': 'realtime=v1' },
    });
    await c.waitFor('conversation.created');
    expect(c.events.map((e) => e.type)).toEqual(['session.created', 'conversation.created']);
    c.ws.close();
  });
});
