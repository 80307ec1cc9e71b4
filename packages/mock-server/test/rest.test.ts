// Rules: auth.browser-ephemeral, auth.ephemeral-expiry, auth.invalid-key (REST form), auth.credential-forms
// (INV §2.1 and §5.3 B8: POST /v1/realtime/sessions; INV §2.3 and §6.3 G8: POST /v1/realtime/client_secrets).
import { beta, ga } from '@soundcheck/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, DEFAULT_EPOCH, type MockServer } from '../src/index.js';
import { connect } from './support.js';

const KEY = 'sk-test-rest-000000000000000000001';

let server: MockServer;
/** Virtual milliseconds since the server started; the tests move it. */
let elapsed = 0;
beforeAll(async () => {
  server = await createMockServer({ port: 0, apiKeys: [KEY], seed: 7, clock: () => elapsed });
});
afterAll(async () => {
  await server.close();
});

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${KEY}` },
  base = server.baseURL,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function restError(message: string, param: string | null, code: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

describe('POST /v1/realtime/client_secrets (GA)', () => {
  it('mints an ek_ secret with the default TTL and the effective session', async () => {
    elapsed = 0;
    const { status, json } = await post('/realtime/client_secrets', {
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
    });
    expect(status).toBe(200);
    expect(json.value).toMatch(/^ek_[A-Za-z0-9]{21}$/);
    expect(json.expires_at).toBe(DEFAULT_EPOCH + 600);
    const session = json.session as Record<string, unknown>;
    expect(session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      model: 'gpt-realtime',
      instructions: 'Be brief.',
    });
    expect(session.id).toMatch(/^sess_/);
    const checked = ga.objects.ClientSecretCreateResponse.safeParse(json);
    expect(checked.error?.issues ?? []).toEqual([]);
  });

  it('honours expires_after.seconds and counts from the virtual clock', async () => {
    elapsed = 5_000;
    const { json } = await post('/realtime/client_secrets', {
      expires_after: { anchor: 'created_at', seconds: 10 },
    });
    expect(json.expires_at).toBe(DEFAULT_EPOCH + 5 + 10);
    expect((json.session as { type: string }).type).toBe('realtime');
  });

  it('draws values from the seed: same seed, same values; another seed, others', async () => {
    const values = async (seed: number) => {
      const s = await createMockServer({ port: 0, seed, clock: () => 0 });
      try {
        const a = await post('/realtime/client_secrets', {}, {}, s.baseURL);
        const b = await post('/realtime/sessions', {}, {}, s.baseURL);
        return [
          a.json.value,
          (a.json.session as { id: string }).id,
          (b.json.client_secret as { value: string }).value,
        ];
      } finally {
        await s.close();
      }
    };
    const first = await values(42);
    expect(await values(42)).toEqual(first);
    expect(await values(43)).not.toEqual(first);
  });

  it('answers a bad body with 400 naming the field', async () => {
    const unknown = await post('/realtime/client_secrets', {
      session: { type: 'realtime', colour: 'blue' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual(
      restError("Unknown parameter: 'session.colour'.", 'session.colour', 'unknown_parameter'),
    );

    const short = await post('/realtime/client_secrets', {
      expires_after: { anchor: 'created_at', seconds: 5 },
    });
    expect(short.status).toBe(400);
    expect(short.json).toEqual(
      restError(
        "Invalid 'expires_after.seconds': integer below minimum value. Expected a value >= 10, but got 5 instead.",
        'expires_after.seconds',
        'integer_below_min_value',
      ),
    );

    const untagged = await post('/realtime/client_secrets', { session: { model: 'gpt-realtime' } });
    expect(untagged.status).toBe(400);
    expect(untagged.json).toEqual(
      restError(
        "Missing required parameter: 'session.type'.",
        'session.type',
        'missing_required_parameter',
      ),
    );

    const wrongType = await post('/realtime/client_secrets', {
      session: { type: 'realtime', instructions: 7 },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error as { param: string; code: string }).toMatchObject({
      param: 'session.instructions',
      code: 'invalid_type',
    });
  });

  it('answers a body that is not JSON with 400', async () => {
    const { status, json } = await post('/realtime/client_secrets', '{not json');
    expect(status).toBe(400);
    expect((json.error as { message: string }).message).toMatch(
      /^We could not parse the JSON body of your request/,
    );
  });
});

describe('POST /v1/realtime/sessions (beta)', () => {
  it('answers the session object with client_secret (TTL one minute)', async () => {
    elapsed = 0;
    const { status, json } = await post('/realtime/sessions', {
      model: 'gpt-4o-realtime-preview',
      modalities: ['text'],
      instructions: 'Answer in French.',
      voice: 'verse',
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: 'realtime.session',
      model: 'gpt-4o-realtime-preview',
      modalities: ['text'],
      instructions: 'Answer in French.',
      voice: 'verse',
      input_audio_format: 'pcm16',
    });
    const secret = json.client_secret as { value: string; expires_at: number };
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.expires_at).toBe(DEFAULT_EPOCH + 60);
    const checked = beta.objects.SessionCreateResponse.safeParse(json);
    expect(checked.error?.issues ?? []).toEqual([]);
  });

  it('honours client_secret.expires_after.seconds', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/sessions', {
      client_secret: { expires_after: { anchor: 'created_at', seconds: 30 } },
    });
    expect((json.client_secret as { expires_at: number }).expires_at).toBe(DEFAULT_EPOCH + 30);
  });

  it('answers a bad body with 400 naming the field', async () => {
    const { status, json } = await post('/realtime/sessions', {
      modalities: ['text'],
      output_modalities: ['text'],
    });
    expect(status).toBe(400);
    expect(json).toEqual(
      restError(
        "Unknown parameter: 'output_modalities'.",
        'output_modalities',
        'unknown_parameter',
      ),
    );
    const range = await post('/realtime/sessions', { temperature: 3 });
    expect(range.status).toBe(400);
    expect((range.json.error as { param: string }).param).toBe('temperature');
  });
});

describe('authentication and routing', () => {
  it('401 without a key, as the real API', async () => {
    for (const path of ['/realtime/client_secrets', '/realtime/sessions']) {
      const { status, json } = await post(path, {}, {});
      expect(status).toBe(401);
      expect(json.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
      expect((json.error as { message: string }).message).toMatch(
        /^You didn't provide an API key\./,
      );
    }
  });

  it('401 invalid_api_key with a wrong key (Bearer or api-key)', async () => {
    for (const headers of [
      { Authorization: 'Bearer sk-wrong-key-123456789' },
      { 'api-key': 'sk-wrong-key-123456789' },
    ] as Record<string, string>[]) {
      const { status, json } = await post('/realtime/client_secrets', {}, headers);
      expect(status).toBe(401);
      expect(json.error).toMatchObject({
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      });
      expect((json.error as { message: string }).message).not.toContain('sk-wrong-key-123456789');
    }
  });

  it('a client secret cannot mint another', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/client_secrets', {});
    const again = await post(
      '/realtime/client_secrets',
      {},
      { Authorization: `Bearer ${String(json.value)}` },
    );
    expect(again.status).toBe(401);
  });

  it('404 for other paths and methods', async () => {
    const other = await post('/realtime/calls', {});
    expect(other.status).toBe(404);
    expect(other.json).toEqual(restError('Invalid URL (POST /v1/realtime/calls)', null, null));
    const get = await fetch(`${server.baseURL}/realtime/client_secrets`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(get.status).toBe(404);
  });

  it('also serves the case-prefixed paths', async () => {
    const origin = server.baseURL.replace(/\/v1$/, '');
    const { status } = await post(
      '/cases/any-case/v1/realtime/client_secrets',
      {},
      { Authorization: `Bearer ${KEY}` },
      origin,
    );
    expect(status).toBe(200);
  });
});

describe('using a secret on the WebSocket', () => {
  it('a GA secret opens a session with the minted config as its initial config', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/client_secrets', {
      session: {
        type: 'realtime',
        model: 'gpt-realtime',
        instructions: 'Minted.',
        output_modalities: ['text'],
      },
    });
    elapsed = 9_000;
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${String(json.value)}` },
    });
    const created = (await c.waitFor('session.created')).session as Record<string, unknown>;
    expect(created).toMatchObject({
      instructions: 'Minted.',
      output_modalities: ['text'],
      model: 'gpt-realtime',
    });
    expect(server.sessions.find((s) => s.host.engine.session.id === created.id)?.clientSecret).toBe(
      true,
    );
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    expect((done.response as { status: string }).status).toBe('completed');
    c.ws.close();
  });

  it('a secret works in the browser subprotocol form', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/client_secrets', {});
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      protocols: ['realtime', `openai-insecure-api-key.${String(json.value)}`],
    });
    await c.waitFor('session.created');
    expect(c.ws.protocol).toBe('realtime');
    c.ws.close();
  });

  it('a beta secret opens a beta session with its config', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/sessions', {
      instructions: 'Beta minted.',
      voice: 'verse',
      modalities: ['text'],
    });
    const value = (json.client_secret as { value: string }).value;
    const c = await connect(`${server.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: `Bearer ${value}`, 'OpenAI-Beta': 'realtime=v1' },
    });
    const created = (await c.waitFor('session.created')).session as Record<string, unknown>;
    expect(created).toMatchObject({
      instructions: 'Beta minted.',
      voice: 'verse',
      modalities: ['text'],
    });
    c.ws.close();
  });

  it('an expired secret is refused like a wrong key (auth.ephemeral-expiry)', async () => {
    elapsed = 0;
    const { json } = await post('/realtime/client_secrets', {
      expires_after: { anchor: 'created_at', seconds: 10 },
    });
    elapsed = 9_999;
    const before = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${String(json.value)}` },
    });
    await before.waitFor('session.created');
    before.ws.close();
    elapsed = 10_000;
    const after = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${String(json.value)}` },
    });
    const { code, reason } = await after.closed;
    expect(after.events.map((e) => (e.error as { code?: string } | undefined)?.code)).toEqual([
      'invalid_api_key',
    ]);
    expect([code, reason]).toEqual([3000, 'invalid_request_error.invalid_api_key']);
  });

  it('an expired secret is refused even by a server that takes any key', async () => {
    let now = 0;
    const open = await createMockServer({ port: 0, clock: () => now });
    try {
      const { json } = await post(
        '/realtime/client_secrets',
        { expires_after: { anchor: 'created_at', seconds: 10 } },
        {},
        open.baseURL,
      );
      now = 60_000;
      const c = await connect(`${open.url}?model=gpt-realtime`, {
        headers: { Authorization: `Bearer ${String(json.value)}` },
      });
      expect((await c.closed).code).toBe(3000);
    } finally {
      await open.close();
    }
  });
});
