/**
 * The recording relay: a WebSocket server a realtime client connects to as it would to the API.
 * For each client upgrade it dials upstream with the same path, query, `OpenAI-*` headers,
 * subprotocols and credential, and only then answers the client: with the subprotocol upstream
 * selected, or with upstream's own refusal (HTTP status and body). Once both sides are open it
 * forwards every frame unchanged (text as text, binary as binary), forwards each side's close code
 * to the other, and writes the session to a transcript with its secrets masked (./mask.ts).
 */
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { dialectOf, listen, readHandshake, redactProtocols } from '@soundcheck/mock-server';
import { WebSocket, WebSocketServer } from 'ws';
import type { TranscriptWriter } from '../transcript/writer.js';
import { SecretMasker } from './mask.js';
import { type RelayedSession, relaySession } from './session.js';
import { parseUpstream, upstreamRequest } from './upstream.js';

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  /** The server to relay to: `ws://` or `wss://`, e.g. `wss://api.openai.com`. */
  upstream: string | URL;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Send this key upstream instead of the client's credential. Default: pass the client's through. */
  apiKey?: string;
  /**
   * Certificates (PEM) to trust for a `wss://` upstream, besides the usual roots (a self-signed
   * upstream, e.g. `soundcheck serve --tls`). `NODE_EXTRA_CA_CERTS` works as well.
   */
  ca?: string | readonly string[];
  /** Where the sessions are recorded. Default: nowhere (a plain relay). */
  transcript?: TranscriptWriter;
  /** The header's `source`. Default `record`. */
  source?: string;
  /** How long an upstream handshake may take, in ms. Default 30 000. */
  handshakeTimeout?: number;
  /** Observes sessions opening and closing and upgrades that failed (for logs). */
  onEvent?: (event: RecorderEvent) => void;
}

/** What a recorder reports through {@link RecorderOptions.onEvent}. */
export type RecorderEvent =
  | { type: 'open'; session: number; path: string; model: string | null; dialect: 'beta' | 'ga' }
  | {
      type: 'close';
      session: number;
      /** Who closed first; `relay` when the recorder was closed. */
      by: 'client' | 'server' | 'relay';
      code: number;
      reason: string;
    }
  /** Upstream refused the upgrade; the client got the same status. */
  | { type: 'refused'; path: string; status: number }
  /** Upstream could not be reached (connection or TLS failure); the client got 502. */
  | { type: 'unreachable'; path: string; message: string; code: string | undefined };

/** A running recorder. */
export interface Recorder {
  /** `ws://host:port/v1/realtime`: where a client connects. */
  readonly url: string;
  readonly port: number;
  /** Closes every session (1001 both ways, recorded), stops listening. */
  close(): Promise<void>;
}

/** The most a client may send before its upgrade is answered (it should send nothing). */
const MAX_HELD_BYTES = 1024 * 1024;

/** The largest refusal body passed back to the client. */
const MAX_REFUSAL_BODY = 64 * 1024;

function refuse(
  socket: Duplex,
  status: number,
  body = '',
  contentType = 'text/plain; charset=utf-8',
): void {
  if (socket.destroyed) return;
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n';
  socket.end(head + body);
}

/**
 * Starts a recording relay to `upstream`.
 *
 * @example
 * const file = await openTranscriptFile('session.jsonl');
 * const recorder = await createRecorder({ upstream: 'wss://api.openai.com', transcript: file.writer });
 * // point the client at `${recorder.url}?model=gpt-realtime`, then:
 * await recorder.close();
 * await file.end();
 */
export async function createRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = parseUpstream(options.upstream);
  const host = options.host ?? '127.0.0.1';
  const masker = new SecretMasker();
  masker.add(options.apiKey);
  const ca =
    options.ca === undefined
      ? undefined
      : [...rootCertificates, ...(typeof options.ca === 'string' ? [options.ca] : options.ca)];
  /** The subprotocol upstream selected, per client request (read by handleProtocols). */
  const selected = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (_offered, request) => selected.get(request) ?? false,
  });
  const dialing = new Set<WebSocket>();
  const sessions = new Set<RelayedSession>();
  let next = 0;
  let stopping = false;

  const http: Server = createServer((request, response) => {
    request.resume();
    const body = JSON.stringify({
      error: { message: 'soundcheck record relays WebSocket upgrades only', type: 'not_found' },
    });
    response.writeHead(404, { 'content-type': 'application/json' }).end(body);
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets the connection while upstream answers must not crash the relay.
    socket.on('error', () => {});
    const handshake = readHandshake(request);
    if (stopping) return refuse(socket, 503, 'soundcheck record is shutting down\n');
    // Same paths as the mock (rule handshake.path-v1-realtime); others never reach upstream.
    if (handshake === undefined) return refuse(socket, 404);
    masker.add(handshake.key);
    const target = upstreamRequest(upstream, request, handshake, options.apiKey);
    let ws: WebSocket;
    try {
      ws = new WebSocket(target.url, target.protocols, {
        headers: target.headers,
        perMessageDeflate: false,
        handshakeTimeout: options.handshakeTimeout ?? 30_000,
        ...(ca === undefined ? {} : { ca }),
      });
    } catch (error) {
      return refuse(socket, 400, `${(error as Error).message}\n`);
    }
    dialing.add(ws);
    let settled = false;
    const early: Array<{ data: Buffer; binary: boolean; at: number }> = [];
    let deliver = (data: Buffer, binary: boolean): void => {
      early.push({ data, binary, at: performance.now() });
    };
    ws.on('message', (data, binary) => deliver(data as Buffer, binary));
    const giveUp = () => {
      if (settled) return;
      settled = true;
      dialing.delete(ws);
      ws.terminate();
      socket.destroy();
    };
    // Reading while upstream answers tells when the client hangs up; bytes it sends meanwhile
    // (frames sent before the upgrade completed) are kept, in order, for the WebSocket.
    const held: Buffer[] = [head];
    let heldBytes = head.length;
    const hold = (chunk: Buffer) => {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes > MAX_HELD_BYTES) giveUp();
    };
    socket.on('data', hold);
    socket.once('end', giveUp);
    socket.once('close', giveUp);

    ws.once('unexpected-response', (_req, response) => {
      settled = true;
      socket.off('data', hold);
      dialing.delete(ws);
      const status = response.statusCode ?? 502;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REFUSAL_BODY) chunks.push(chunk);
      });
      response.once('end', () => {
        const type = response.headers['content-type'];
        refuse(socket, status, Buffer.concat(chunks).toString('utf8'), type);
        ws.terminate();
      });
      options.onEvent?.({ type: 'refused', path: handshake.path, status });
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      dialing.delete(ws);
      if (stopping) return refuse(socket, 503, 'soundcheck record is shutting down\n');
      refuse(socket, 502, `soundcheck record: cannot reach upstream: ${error.message}\n`);
      options.onEvent?.({
        type: 'unreachable',
        path: handshake.path,
        message: error.message,
        code: error.code,
      });
    });
    ws.once('open', () => {
      settled = true;
      dialing.delete(ws);
      // ws reads the socket from here on (it listens before this tick ends: no byte is lost).
      socket.off('data', hold);
      socket.off('end', giveUp);
      socket.off('close', giveUp);
      const opened = performance.now();
      if (stopping || socket.destroyed) {
        ws.close(1001, 'client went away');
        if (stopping) refuse(socket, 503, 'soundcheck record is shutting down\n');
        return;
      }
      if (ws.protocol !== '') selected.set(request, ws.protocol);
      let attached = false;
      wss.handleUpgrade(request, socket, Buffer.concat(held), (client) => {
        attached = true;
        const session = relaySession({
          index: next++,
          opened,
          client,
          upstream: ws,
          header: {
            dialect: dialectOf(handshake),
            path: handshake.path,
            model: handshake.model ?? null,
            ...(Object.keys(handshake.query).length === 0
              ? {}
              : {
                  query: Object.fromEntries(
                    Object.entries(handshake.query).map(([k, v]) => [k, masker.maskString(v)]),
                  ),
                }),
            ...(handshake.protocols.length === 0
              ? {}
              : {
                  protocols: redactProtocols(handshake.protocols).map((p) => masker.maskString(p)),
                }),
            source: options.source ?? 'record',
          },
          masker,
          transcript: options.transcript,
          onEvent: options.onEvent,
          onEnd: () => sessions.delete(session),
        });
        sessions.add(session);
        for (const frame of early) session.fromUpstream(frame.data, frame.binary, frame.at);
        early.length = 0;
        deliver = (data, binary) => {
          session.fromUpstream(data, binary, performance.now());
        };
      });
      // handleUpgrade drops a socket that is no longer usable without calling back.
      if (!attached) ws.close(1001, 'client went away');
    });
  });

  const { port, urlHost: shownHost } = await listen(http, options.port ?? 0, host);
  return {
    url: `ws://${shownHost}:${port}/v1/realtime`,
    port,
    close: async () => {
      stopping = true;
      for (const ws of dialing) ws.terminate();
      dialing.clear();
      await Promise.all([...sessions].map((session) => session.stop(1001, 'relay shutting down')));
      await new Promise<void>((resolve) => {
        wss.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      });
    },
  };
}
