/**
 * The replay server: a WebSocket server that plays the server side of a recorded session to each
 * client that connects. It accepts the realtime paths and subprotocols the mock accepts (any
 * credential), and nothing else: other paths fail the upgrade with 404, plain HTTP gets 404.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import {
  listen,
  prepareTls,
  readHandshake,
  selectProtocol,
  type TlsOption,
} from '@soundcheck/mock-server';
import { type WebSocket, WebSocketServer } from 'ws';
import { ReplayConnection, type ReplayPace, type ReplayResult } from './connection.js';
import { planReplay, type ReplayPlan } from './plan.js';
import {
  type RecordedSession,
  readRecordedSession,
  type TranscriptLines,
} from './recorded-session.js';

/** Options of {@link createReplayServer}. */
export interface ReplayServerOptions {
  /** A transcript file, its parsed lines, or a session already read. */
  transcript: string | TranscriptLines | RecordedSession;
  /** Which session of the transcript to play (default 0). */
  session?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** `true`: serve `wss://` with a throwaway self-signed certificate; or serve the given one. */
  tls?: TlsOption;
  /**
   * `fast` (default): once a recorded client frame is matched, what the server sent after it leaves
   * at once. `recorded`: keep the recorded gaps between a client frame and the server frames after it.
   */
  pace?: ReplayPace;
  /** Called when a replayed connection is over. */
  onResult?: (result: ReplayResult) => void;
}

/** A running replay server. */
export interface ReplayServer {
  /** `ws://host:port/v1/realtime` (`wss://` with `tls`). */
  readonly url: string;
  readonly port: number;
  /** The PEM a client must trust (with `tls`). */
  readonly ca: string | undefined;
  /** A file holding {@link ca} in the OS temp dir (with `tls`); removed by `close()`. */
  readonly caFile: string | undefined;
  /** The session being replayed. */
  readonly recording: RecordedSession;
  /** Resolves with the outcome of the first connection, once it is over. */
  readonly result: Promise<ReplayResult>;
  /** Outcomes of every connection over so far. */
  readonly results: readonly ReplayResult[];
  /** Closes open connections (1001) and stops listening. */
  close(): Promise<void>;
}

/** Large enough for 15 MiB of base64 audio in one append, as the mock accepts. */
const MAX_PAYLOAD = 24 * 1024 * 1024;

function isSession(value: ReplayServerOptions['transcript']): value is RecordedSession {
  return typeof value === 'object' && !Array.isArray(value) && 'frames' in value;
}

/**
 * Starts a replay server.
 *
 * @throws {TranscriptError} when the transcript cannot be read or has no such session.
 * @example
 * const replay = await createReplayServer({ transcript: 'session.jsonl', port: 0 });
 * // ... point the client at `${replay.url}?model=gpt-realtime` ...
 * const { status, message } = await replay.result;
 */
export async function createReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const recording = isSession(options.transcript)
    ? options.transcript
    : await readRecordedSession(options.transcript, options.session ?? 0);
  const plan: ReplayPlan = planReplay(recording);
  const pace = options.pace ?? 'fast';
  const host = options.host ?? '127.0.0.1';
  const tls =
    options.tls === undefined || options.tls === false ? undefined : await prepareTls(options.tls);
  const results: ReplayResult[] = [];
  const open = new Set<WebSocket>();
  let connections = 0;
  let first!: (result: ReplayResult) => void;
  const result = new Promise<ReplayResult>((resolve) => {
    first = resolve;
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    perMessageDeflate: false,
    handleProtocols: (offered) => selectProtocol(offered),
  });
  const notFound = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: {
          type: 'invalid_request_error',
          code: 'not_found',
          message: 'This soundcheck replay server only serves the realtime WebSocket.',
          param: null,
        },
      }),
    );
  };
  const http: Server =
    tls === undefined
      ? createHttpServer(notFound)
      : createHttpsServer({ cert: tls.cert, key: tls.key }, notFound);
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (readHandshake(request) === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const index = connections++;
      open.add(ws);
      ws.on('close', () => open.delete(ws));
      void new ReplayConnection(ws, plan, pace, index).result.then((r) => {
        results.push(r);
        if (index === 0) first(r);
        options.onResult?.(r);
      });
    });
  });

  const { port, urlHost: shownHost } = await listen(http, options.port ?? 0, host);
  return {
    url: `${tls === undefined ? 'ws' : 'wss'}://${shownHost}:${port}/v1/realtime`,
    port,
    ca: tls?.ca,
    caFile: tls?.caFile,
    recording,
    result,
    get results() {
      return [...results];
    },
    close: async () => {
      for (const ws of open) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => {
        wss.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      });
      await tls?.dispose();
    },
  };
}
