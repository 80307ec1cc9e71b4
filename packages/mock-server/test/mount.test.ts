// The mock mounted on a server of the user's (the `server` option), next to the user's own routes
// and WebSocket paths: it answers its own upgrades, leaves the others alone, answers its REST
// routes through handleRequest, and close() leaves the user's server running.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createMockServer, type MockServer } from '../src/index.js';
import { createCertificate } from '../src/transport/tls.js';
import { connect } from './support.js';

const KEY = 'sk-test-mount-00000000000000000001';

/** Starts `server` on a free loopback port. */
async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The user's app: `/health` and, through the mock when given, the mock's REST routes. */
function app(mock: () => MockServer | undefined) {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (mock()?.handleRequest(request, response) === true) return;
    if (request.url === '/health') {
      response.end('ok');
      return;
    }
    response.statusCode = 404;
    response.end('not found');
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A plain HTTP server of the user's with the mock mounted on it and, with `echo`, a WebSocket of
 * the user's own on `/echo` (its upgrade listener leaves the mock's paths to the mock and drops
 * the upgrades nobody serves).
 */
async function mountedOnHttp(options: { apiKeys?: string[]; echo?: boolean } = {}) {
  const { echo: withEcho = true, ...mockOptions } = options;
  let mock: MockServer | undefined;
  const server = createServer(app(() => mock));
  const sockets = new Set<Duplex>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const echo = new WebSocketServer({ noServer: true });
  echo.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${String(data)}`)));
  if (withEcho)
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (request.url === '/echo')
        echo.handleUpgrade(request, socket, head, (ws) => echo.emit('connection', ws, request));
      else if (!request.url?.includes('/realtime')) socket.destroy();
    });
  const port = await listen(server);
  mock = await createMockServer({ server, seed: 3, ...mockOptions });
  cleanups.push(async () => {
    await mock?.close();
    echo.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { server, port, mock };
}

describe('mounted on a server of yours', () => {
  it('takes the address of the server and answers its own upgrades', async () => {
    const { port, mock } = await mountedOnHttp();
    expect(mock.port).toBe(port);
    expect(mock.url).toBe(`ws://127.0.0.1:${port}/v1/realtime`);
    expect(mock.baseURL).toBe(`http://127.0.0.1:${port}/v1`);
    const client = await connect(`${mock.url}?model=gpt-realtime`);
    const created = await client.waitFor('session.created');
    expect((created.session as { model: string }).model).toBe('gpt-realtime');
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
    });
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await client.waitFor('response.done');
    expect((done.response as { status: string }).status).toBe('completed');
    expect(mock.sessions).toHaveLength(1);
    client.ws.close();
  });

  it("leaves the server's other routes and WebSocket paths to it", async () => {
    const { port } = await mountedOnHttp();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.text()).toBe('ok');
    const echo = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    const reply = await new Promise<string>((resolve, reject) => {
      echo.on('open', () => echo.send('hi'));
      echo.on('message', (data) => resolve(String(data)));
      echo.on('error', reject);
    });
    expect(reply).toBe('echo:hi');
    echo.close();
    // A request the app does not know still gets the app's own answer, not the mock's.
    const other = await fetch(`http://127.0.0.1:${port}/v1/models`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not found');
    // An upgrade for a path nobody serves is the app's to refuse (here: dropped).
    const nowhere = new WebSocket(`ws://127.0.0.1:${port}/nowhere`);
    const refused = await new Promise<string>((resolve) => {
      nowhere.on('open', () => resolve('open'));
      nowhere.on('error', (error) => resolve(error.message));
    });
    expect(refused).not.toBe('open');
  });

  it('answers its REST routes through handleRequest: a minted secret opens a session', async () => {
    const { mock } = await mountedOnHttp({ apiKeys: [KEY] });
    const minted = await fetch(`${mock.baseURL}/realtime/client_secrets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', instructions: 'Be brief.' } }),
    });
    expect(minted.status).toBe(200);
    const secret = ((await minted.json()) as { value: string }).value;
    expect(secret).toMatch(/^ek_/);
    const client = await connect(`${mock.url}?model=gpt-realtime`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    const created = await client.waitFor('session.created');
    expect((created.session as { instructions: string }).instructions).toBe('Be brief.');
    expect(mock.sessions[0]?.clientSecret).toBe(true);
    client.ws.close();
  });

  it("close() ends the mock's sessions with 1001 and leaves the server running", async () => {
    const { server, port, mock } = await mountedOnHttp({ echo: false });
    expect(server.listenerCount('upgrade')).toBe(1);
    const client = await connect(`${mock.url}?model=gpt-realtime`);
    await client.waitFor('session.created');
    await mock.close();
    expect((await client.closed).code).toBe(1001);
    // Its upgrade listener is off the server (a closed `ws` server would refuse with 503 anyway).
    expect(server.listenerCount('upgrade')).toBe(0);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.text()).toBe('ok');
    // The mock no longer listens for upgrades: with no listener left, Node drops the socket.
    const late = new WebSocket(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`);
    const outcome = await new Promise<string>((resolve) => {
      late.on('open', () => resolve('open'));
      late.on('error', (error) => resolve(error.message));
    });
    expect(outcome).not.toBe('open');
  });

  it('waits for a server that does not listen yet', async () => {
    const server = createServer(app(() => undefined));
    const pending = createMockServer({ server });
    const port = await listen(server);
    const mock = await pending;
    cleanups.push(async () => {
      await mock.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    expect(mock.url).toBe(`ws://127.0.0.1:${port}/v1/realtime`);
    const client = await connect(`${mock.url}?model=gpt-realtime`);
    await client.waitFor('session.created');
    client.ws.close();
  });

  it('is reached on loopback when the server listens on every interface', async () => {
    const server = createServer(app(() => undefined));
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const mock = await createMockServer({ server });
    cleanups.push(async () => {
      await mock.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const { port } = server.address() as AddressInfo;
    expect(mock.url).toBe(`ws://127.0.0.1:${port}/v1/realtime`);
    const client = await connect(`${mock.url}?model=gpt-realtime`);
    await client.waitFor('session.created');
    client.ws.close();
  });

  it('serves wss:// on an HTTPS server', async () => {
    const { cert, key } = await createCertificate();
    const server = createHttpsServer(
      { cert, key },
      app(() => undefined),
    );
    const port = await listen(server as unknown as Server);
    const mock = await createMockServer({ server });
    cleanups.push(async () => {
      await mock.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    expect(mock.url).toBe(`wss://127.0.0.1:${port}/v1/realtime`);
    expect(mock.baseURL).toBe(`https://127.0.0.1:${port}/v1`);
    expect(mock.ca).toBeUndefined();
    const client = await connect(`${mock.url}?model=gpt-realtime`, { ca: cert });
    await client.waitFor('session.created');
    client.ws.close();
  });

  it('refuses a server on a pipe, and leaves it no listener', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soundcheck-mount-'));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'mock.sock'), resolve));
    cleanups.push(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });
    await expect(createMockServer({ server })).rejects.toThrow(
      /listens on a pipe \(.*mock\.sock\), not a TCP port/,
    );
    expect(server.listenerCount('upgrade')).toBe(0);
  });

  it.each([
    ['port', { port: 0 }],
    ['host', { host: '127.0.0.1' }],
    ['tls', { tls: true }],
  ] as const)('refuses "%s" together with "server", naming both', async (name, extra) => {
    const server = createServer();
    await expect(createMockServer({ server, ...extra })).rejects.toThrow(
      `"${name}" and "server" exclude each other`,
    );
  });
});
