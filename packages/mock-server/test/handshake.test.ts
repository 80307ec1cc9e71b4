// Rules: handshake.path-v1-realtime, handshake.subprotocol-realtime, handshake.dialect-marker,
// handshake.call-id-sideband, auth.credential-forms (INV §2.1–2.4; research/clients.md points 2–5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMockServer, type MockServer, type MockSession } from '../src/index.js';
import { type Client, connect } from './support.js';

const KEY = 'sk-test-handshake-0001';

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0, apiKeys: [KEY] });
});
afterAll(async () => {
  await server.close();
});

function origin(): string {
  return server.url.replace(/\/v1\/realtime$/, '');
}

/** The session the server recorded for a client, found by the id of its `session.created`. */
async function opened(
  c: Client,
): Promise<{ session: Record<string, unknown>; info: MockServer['sessions'][number] }> {
  const created = await c.waitFor('session.created');
  const session = created.session as Record<string, unknown>;
  const info = server.sessions.find((s) => s.host.engine.session.id === session.id);
  if (info === undefined) throw new Error(`no open session with id ${String(session.id)}`);
  return { session, info };
}

/** Status code of a refused upgrade. */
function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade unexpectedly succeeded')));
    ws.on('error', () => undefined);
  });
}

describe('credential forms (auth.credential-forms)', () => {
  const forms: { name: string; auth: string; open: () => Promise<Client> }[] = [
    {
      name: 'Authorization: Bearer',
      auth: 'bearer',
      open: () =>
        connect(`${server.url}?model=gpt-realtime`, {
          headers: { Authorization: `Bearer ${KEY}` },
        }),
    },
    {
      name: 'api-key header',
      auth: 'api-key-header',
      open: () => connect(`${server.url}?model=gpt-realtime`, { headers: { 'api-key': KEY } }),
    },
    {
      name: 'api-key query',
      auth: 'api-key-query',
      open: () => connect(`${server.url}?model=gpt-realtime&api-key=${KEY}`),
    },
    {
      name: 'subprotocol openai-insecure-api-key.<key>',
      auth: 'subprotocol',
      open: () =>
        connect(`${server.url}?model=gpt-realtime`, {
          protocols: ['realtime', `openai-insecure-api-key.${KEY}`],
        }),
    },
  ];
  for (const form of forms) {
    it(`accepts ${form.name}`, async () => {
      const c = await form.open();
      const { session, info } = await opened(c);
      expect(session.type).toBe('realtime');
      expect(info.auth).toBe(form.auth);
      expect(info.outcome).toBe('open');
      expect(c.events[0]?.type).toBe('session.created');
      c.ws.close();
    });
  }
});

describe('subprotocol answer (handshake.subprotocol-realtime)', () => {
  it('selects `realtime` and never echoes the key entry', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      protocols: [
        'realtime',
        `openai-insecure-api-key.${KEY}`,
        'openai-organization.org-1',
        'openai-project.proj-1',
      ],
    });
    expect(c.ws.protocol).toBe('realtime');
    const { info } = await opened(c);
    expect(info.protocol).toBe('realtime');
    c.ws.close();
  });

  it('selects none when none is offered', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(c.ws.protocol).toBe('');
    await c.waitFor('session.created');
    c.ws.close();
  });

  it("satisfies Node's native WebSocket (browser form)", async () => {
    const ws = new globalThis.WebSocket(`${server.url}?model=gpt-realtime`, [
      'realtime',
      `openai-insecure-api-key.${KEY}`,
    ]);
    const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.addEventListener('message', (event) => resolve(JSON.parse(String(event.data))), {
        once: true,
      });
      ws.addEventListener(
        'error',
        () => reject(new Error('native WebSocket failed the handshake')),
        { once: true },
      );
    });
    expect(ws.protocol).toBe('realtime');
    expect(first.type).toBe('session.created');
    ws.close();
  });
});

describe('dialect (handshake.dialect-marker)', () => {
  it('GA without a marker', async () => {
    const c = await connect(`${server.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    const { session, info } = await opened(c);
    expect(info.dialect).toBe('ga');
    expect(session.type).toBe('realtime');
    expect(session).not.toHaveProperty('modalities');
    c.ws.close();
  });

  it('beta with the header OpenAI-Beta: realtime=v1', async () => {
    const c = await connect(`${server.url}?model=gpt-4o-realtime-preview`, {
      headers: { Authorization: `Bearer ${KEY}`, 'OpenAI-Beta': 'realtime=v1' },
    });
    const { session, info } = await opened(c);
    expect(info.dialect).toBe('beta');
    expect(session.modalities).toEqual(['text', 'audio']);
    expect(session).not.toHaveProperty('type');
    await c.waitFor('conversation.created');
    c.ws.close();
  });

  it('beta with the subprotocol openai-beta.realtime-v1', async () => {
    const c = await connect(`${server.url}?model=gpt-4o-realtime-preview`, {
      protocols: ['realtime', `openai-insecure-api-key.${KEY}`, 'openai-beta.realtime-v1'],
    });
    const { info } = await opened(c);
    expect(info.dialect).toBe('beta');
    expect(c.ws.protocol).toBe('realtime');
    c.ws.close();
  });

  it('fixed by the server option, whatever the client sends', async () => {
    const fixed = await createMockServer({ port: 0, dialect: 'beta' });
    const toGa = await createMockServer({ port: 0, dialect: 'ga' });
    try {
      const a = await connect(`${fixed.url}?model=gpt-realtime`);
      expect(
        ((await a.waitFor('session.created')).session as Record<string, unknown>).modalities,
      ).toBeDefined();
      expect(fixed.sessions[0]?.dialect).toBe('beta');
      a.ws.close();
      const b = await connect(`${toGa.url}?model=gpt-realtime`, {
        headers: { 'OpenAI-Beta': 'realtime=v1' },
      });
      expect(((await b.waitFor('session.created')).session as Record<string, unknown>).type).toBe(
        'realtime',
      );
      expect(toGa.sessions[0]?.dialect).toBe('ga');
      b.ws.close();
    } finally {
      await fixed.close();
      await toGa.close();
    }
  });
});

describe('paths (handshake.path-v1-realtime)', () => {
  it('Azure preview: /openai/realtime?api-version=…&deployment=… (beta-shaped)', async () => {
    const c = await connect(
      `${origin()}/openai/realtime?api-version=2024-10-01-preview&deployment=my-deployment`,
      { headers: { 'api-key': KEY } },
    );
    const { session, info } = await opened(c);
    expect(info.path).toBe('/openai/realtime');
    expect(info.dialect).toBe('beta');
    expect(session.model).toBe('my-deployment');
    c.ws.close();
  });

  it('Azure GA: /openai/v1/realtime?model=…', async () => {
    const c = await connect(`${origin()}/openai/v1/realtime?model=my-deployment`, {
      headers: { 'api-key': KEY },
    });
    const { session, info } = await opened(c);
    expect(info.path).toBe('/openai/v1/realtime');
    expect(info.dialect).toBe('ga');
    expect(session.model).toBe('my-deployment');
    c.ws.close();
  });

  it('selects a scenario by path (/cases/<name>/v1/realtime) and plays it', async () => {
    const c = await connect(`${origin()}/cases/server-vad-turn/v1/realtime?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    const { info } = await opened(c);
    expect(info.caseId).toBe('server-vad-turn');
    expect(info.scenario?.name).toBe('server-vad-turn');
    expect(info.path).toBe('/v1/realtime');
    c.ws.close();
  });

  it('falls back to the scenario option when the path names no case', async () => {
    const other = await createMockServer({ port: 0, scenario: 'text-turn' });
    const c = await connect(`${other.url}?model=gpt-realtime`);
    const info = await new Promise<MockSession>((resolve) => {
      const poll = () => {
        const found = other.sessions[0];
        if (found === undefined) setTimeout(poll, 5);
        else resolve(found);
      };
      poll();
    });
    expect(info.caseId).toBe('text-turn');
    expect(info.scenario?.name).toBe('text-turn');
    c.ws.close();
    await other.close();
  });

  it('refuses an unknown path with 404 at the upgrade', async () => {
    expect(
      await upgradeStatus(`${origin()}/v2/realtime?model=gpt-realtime`, {
        headers: { Authorization: `Bearer ${KEY}` },
      }),
    ).toBe(404);
    expect(await upgradeStatus(`${origin()}/video/connect_agent?model=gpt-realtime`)).toBe(404);
  });

  it('refuses an unknown side-band call id with 404 (handshake.call-id-sideband)', async () => {
    expect(
      await upgradeStatus(`${server.url}?call_id=rtc_unknown`, {
        headers: { Authorization: `Bearer ${KEY}` },
      }),
    ).toBe(404);
  });

  it('answers a plain GET with the real API 404 body', async () => {
    const response = await fetch(
      `${origin().replace(/^ws/, 'http')}/v1/realtime?model=gpt-realtime`,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (GET /v1/realtime)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });
});
