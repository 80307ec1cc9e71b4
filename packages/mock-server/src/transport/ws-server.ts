/**
 * The mock over a real WebSocket (package `ws`) on a real port. Accepts the OpenAI and Azure
 * handshake shapes and every credential form, picks the dialect per connection, and hosts one
 * engine session per connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { betaCodec } from '../codec/beta.js';
import type { DialectCodec, DialectName } from '../codec/codec.js';
import { gaCodec } from '../codec/ga.js';
import { errors, maskKey } from '../engine/errors.js';
import { hashSeed } from '../engine/ids.js';
import { MAX_FRAME_BYTES, type Pace, SessionHost } from '../session-host.js';
import { type Handshake, readHandshake, selectProtocol } from './handshake.js';

/** Options of {@link createMockServer}. */
export interface MockServerOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** `auto` (default): beta when the client sends the beta marker, GA otherwise. */
  dialect?: DialectName | 'auto';
  /** Accepted API keys. When unset, any credential (or none) is accepted. */
  apiKeys?: readonly string[];
  /** `fast` (default) or `realtime` pacing of audio. */
  pace?: Pace;
  /** Seed of every id the server makes. Default 0. */
  seed?: number;
  /** Refuse beta handshakes as OpenAI does since 2026 (`beta_api_shape_disabled`, close 4000). */
  betaRetired?: boolean;
  /** Observes every frame of every session (for transcripts). */
  onFrame?: (frame: { session: number; direction: 'client' | 'server'; text: string; at: number }) => void;
}

/** A running mock server. */
export interface MockServer {
  /** `ws://host:port/v1/realtime`. */
  readonly url: string;
  readonly port: number;
  /** Closes every session (1001 going away) and stops listening. */
  close(): Promise<void>;
}

const codecs: Record<DialectName, DialectCodec> = { beta: betaCodec, ga: gaCodec };

/**
 * Starts a mock Realtime server on a real port.
 *
 * @example
 * const server = await createMockServer({ port: 0 });
 * const ws = new WebSocket(`${server.url}?model=gpt-realtime`, { headers: { Authorization: 'Bearer sk-test' } });
 */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 0;
  const keys = options.apiKeys === undefined ? undefined : new Set(options.apiKeys);
  let sessions = 0;
  const hosts = new Set<SessionHost>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => selectProtocol(offered),
  });

  const http: Server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error' } }));
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const handshake = readHandshake(request);
    if (handshake === undefined || handshake.callId !== undefined) {
      // Unknown paths, and side-band call ids the mock does not know, fail at the upgrade.
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, handshake));
  });

  function accept(ws: WebSocket, handshake: Handshake): void {
    const index = sessions++;
    const dialect: DialectName =
      options.dialect === 'beta' || options.dialect === 'ga'
        ? options.dialect
        : handshake.betaMarker
          ? 'beta'
          : 'ga';
    const session = new SessionHost(
      {
        send: (text) => ws.send(text),
        close: (code, reason) => ws.close(code, reason),
        now: () => performance.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
      {
        codec: codecs[dialect],
        pace: options.pace ?? 'fast',
        engine: {
          seed: hashSeed(`${seed}:${index}`),
          model: handshake.model ?? (dialect === 'beta' ? 'gpt-4o-realtime-preview' : 'gpt-realtime'),
        },
        ...(options.onFrame === undefined
          ? {}
          : { onFrame: (direction, text, at) => options.onFrame?.({ session: index, direction, text, at }) }),
      },
    );
    hosts.add(session);
    ws.on('close', () => {
      session.detach();
      hosts.delete(session);
    });
    ws.on('error', () => session.detach());
    // rule auth.invalid-key: the upgrade succeeds, then one error and close 3000.
    if (keys !== undefined && (handshake.key === undefined || !keys.has(handshake.key))) {
      session.fail(errors.invalidApiKey(maskKey(handshake.key ?? '')), 3000);
      return;
    }
    // rule handshake.beta-shape-disabled
    if (dialect === 'beta' && options.betaRetired === true) {
      session.fail(errors.betaShapeDisabled(), 4000);
      return;
    }
    ws.on('message', (data, isBinary) => {
      if (isBinary) session.receive(new Uint8Array(data as Buffer));
      else session.receive((data as Buffer).toString('utf8'));
    });
    session.open();
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `ws://${shownHost}:${port}/v1/realtime`,
    port,
    close: async () => {
      for (const session of hosts) session.close(1001, 'server shutting down');
      hosts.clear();
      await new Promise<void>((resolve) => {
        wss.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      });
    },
  };
}
