/**
 * The mock over a real WebSocket (package `ws`) on a real port, plain or TLS. Accepts the OpenAI
 * and Azure handshake shapes and every credential form, picks the dialect per connection, hosts
 * one engine session per connection, and serves the ephemeral-key REST endpoints on the same port.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import { type AddressInfo, Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { betaCodec } from '../codec/beta.js';
import type { DialectCodec, DialectName } from '../codec/codec.js';
import { gaCodec } from '../codec/ga.js';
import { DEFAULT_EPOCH } from '../engine/engine.js';
import { errors, maskKey } from '../engine/errors.js';
import { hashSeed } from '../engine/ids.js';
import { Pacer } from '../pacer.js';
import type { Scenario } from '../scenario/format.js';
import { ScenarioPlayer, type ScenarioReport, type UserAction } from '../scenario/player.js';
import { type ResolvedScenario, ScenarioLibrary, type ScenarioSource } from '../scenario/source.js';
import { MAX_FRAME_BYTES, SessionHost } from '../session-host.js';
import {
  callback,
  type OptionSpec,
  optionsChecker,
  plainObject,
  TRANSPORT_OPTIONS,
} from './check-options.js';
import { FrameBytes } from './frame-bytes.js';
import {
  dialectOf,
  type Handshake,
  intentProblem,
  readHandshake,
  redactProtocols,
  selectProtocol,
} from './handshake.js';
import { listen, urlHost } from './listen.js';
import type { TransportOptions } from './options.js';
import {
  ClientSecrets,
  handleRest,
  type IssuedSecret,
  isRestPath,
  type RestContext,
} from './rest.js';
import { prepareTls, type ServerTls, type TlsOption } from './tls.js';

/** Options of {@link createMockServer}. */
export interface MockServerOptions extends TransportOptions {
  /** Interface to listen on. Default `127.0.0.1`. Not with {@link server}. */
  host?: string;
  /** Port; 0 (default) picks a free one. Not with {@link server}. */
  port?: number;
  /**
   * An HTTP or HTTPS server of yours to mount on, instead of a port of the mock's own (as `ws`
   * mounts with its `server` option). The mock answers the WebSocket upgrades of its paths
   * (`/v1/realtime`, `/openai/realtime`, `/openai/v1/realtime`, `/cases/<name>/…`) and leaves every
   * other upgrade and every request to you; its REST routes answer when your request handler
   * passes a request to {@link MockServer.handleRequest}. The URLs follow the server's address
   * (`wss:`/`https:` for an HTTPS server); `close()` closes the mock's sessions and leaves your
   * server running. Not with `host`, `port` or `tls`: the server has its own.
   */
  server?: Server | HttpsServer;
  /**
   * The scenario every session plays: a shipped name (`barge-in-truncate`), a file path, or a
   * parsed scenario. A `/cases/<name>/v1/realtime` path picks one per connection (an unknown name
   * is refused with 404). Without either, sessions get the default responder.
   */
  scenario?: ScenarioSource;
  /** Folder of the scenarios named by `scenario` or the path (default: the shipped fixtures/scenarios). */
  scenarioDir?: string;
  /** Called when a session's scenario reaches a `user` step: what the user does now. */
  onUser?: (session: MockSession, action: UserAction, step: number) => void;
  /** Called once per scenario session with its final report. */
  onScenarioEnd?: (session: MockSession, report: ScenarioReport) => void;
  /**
   * `true`: serve `wss://` with a self-signed certificate for `127.0.0.1`, `localhost` and `::1`
   * made at start; or serve the given certificate. Default: plain `ws://`.
   */
  tls?: TlsOption;
  /**
   * The server's virtual start time, in Unix seconds: the anchor of client secrets' `expires_at`
   * and of sessions' `expires_at`. Default 2026-01-01T00:00:00Z ({@link DEFAULT_EPOCH}).
   */
  startTime?: number;
  /**
   * Milliseconds elapsed on the server's virtual clock since it started. Read only to date client
   * secrets and check their expiry. Default: the real elapsed time.
   */
  clock?: () => number;
  /** Called once per WebSocket connection, accepted or refused, after its first events are sent. */
  onSession?: (session: MockSession) => void;
  /**
   * Called once per WebSocket connection, accepted or refused, before its first frame is sent
   * (e.g. to write a transcript header).
   */
  onConnection?: (session: MockSession) => void;
  /** Called when a connection closed: the code and reason, and which side closed first. */
  onClose?: (
    session: MockSession,
    close: { code: number; reason: string; by: 'client' | 'server'; at: number },
  ) => void;
}

/** One WebSocket connection to the mock. */
export interface MockSession {
  /** 0 for the server's first connection, then 1, 2, ... */
  readonly index: number;
  readonly dialect: DialectName;
  /** The realtime path matched (`/v1/realtime`, `/openai/realtime`, `/openai/v1/realtime`). */
  readonly path: string;
  /** Case or scenario chosen by the `/cases/<id>` path, else the `scenario` option's name. */
  readonly caseId: string | undefined;
  /** The scenario the session plays, if any. */
  readonly scenario: Scenario | undefined;
  /**
   * The model the URL named (or the client secret was minted for), else the dialect's default
   * (`gpt-realtime`, beta `gpt-4o-realtime-preview`). A transcription session names none: its
   * model is in its input transcription config, and this is the default, unused.
   */
  readonly model: string;
  /**
   * `transcription` when the connection opened a transcription session (`?intent=transcription`,
   * or a client secret minted for one), else `realtime`.
   */
  readonly type: 'realtime' | 'transcription';
  /** How the credential arrived (rule auth.credential-forms). */
  readonly auth: Handshake['auth'];
  /** The client authenticated with a client secret this server issued. */
  readonly clientSecret: boolean;
  /** The subprotocol the server selected, or `''`. */
  readonly protocol: string;
  /** The subprotocols the client offered, credentials replaced by `<redacted>`. */
  readonly offeredProtocols: readonly string[];
  /** The URL query without `model` and credentials (`api-version`, `deployment`, ...). */
  readonly query: Readonly<Record<string, string>>;
  /**
   * `open`, or why the server refused the session (the error's code): `invalid_parameter` for a
   * transcription session that named a model (rule handshake.transcription-no-model),
   * `invalid_value` for an `intent` other than `realtime` or `transcription`.
   */
  readonly outcome:
    | 'open'
    | 'invalid_api_key'
    | 'beta_api_shape_disabled'
    | 'invalid_parameter'
    | 'invalid_value';
  readonly host: SessionHost;
}

/** A running mock server. */
export interface MockServer {
  /**
   * `ws://host:port/v1/realtime` (`wss://` with `tls`). A server on every interface (`0.0.0.0`,
   * `::`) gives its loopback address (`127.0.0.1`, `localhost`), which its certificate covers.
   */
  readonly url: string;
  /** `http(s)://host:port/v1`: the `baseURL` of an `openai` client pointed at the mock. */
  readonly baseURL: string;
  readonly port: number;
  /** The PEM a client must trust (with `tls`): `options.ca` of the `ws` helpers. */
  readonly ca: string | undefined;
  /** A file holding {@link ca} in the OS temp dir (with `tls`): `NODE_EXTRA_CA_CERTS`. Removed by `close()`. */
  readonly caFile: string | undefined;
  /** Open sessions, oldest first (a refused one until its close completes). */
  readonly sessions: readonly MockSession[];
  /**
   * Answers `request` when it is for one of the mock's REST routes (`POST /v1/realtime/sessions`,
   * `POST /v1/realtime/client_secrets`, also under `/cases/<name>`) and returns true; returns
   * false, leaving the request alone, otherwise. For a mounted mock ({@link MockServerOptions.server}):
   * call it first in your request handler. (A mock on its own port answers these by itself.)
   */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /**
   * Closes every session (1001 going away) and stops listening; a mounted mock stops answering
   * upgrades and leaves the server running.
   */
  close(): Promise<void>;
}

/**
 * Bytes written under one cork before the socket is flushed anyway. One write per tick is the
 * point of corking, but a fast-pace response is megabytes: held back whole, the client waits for
 * all of it and the frames go cold in memory. 512 KiB measured best (256 KiB–1 MiB alike; 4 MiB
 * and unbounded lose 15–30% events/s).
 */
const FLUSH_BYTES = 512 * 1024;

/** createMockServer's options (see check-options.ts). */
const SERVER_OPTIONS = {
  ...TRANSPORT_OPTIONS,
  host: { schema: z.string().min(1), expected: 'a host name or IP address' },
  port: { schema: z.int().min(0).max(65_535), expected: 'a whole number from 0 to 65535' },
  server: {
    schema: z.custom<NetServer>((value) => value instanceof NetServer),
    expected: 'an http.Server or https.Server',
  },
  scenario: {
    schema: z.union([z.string().min(1), plainObject]),
    expected: 'a scenario name, a file path or a parsed scenario',
  },
  scenarioDir: { schema: z.string().min(1), expected: 'a folder path' },
  tls: {
    schema: z.union([
      z.boolean(),
      z.strictObject({
        cert: z.string().min(1),
        key: z.string().min(1),
        ca: z.string().min(1).optional(),
      }),
    ]),
    expected: 'true, false or { cert, key, ca? } (PEM strings)',
  },
  startTime: { schema: z.number(), expected: 'a number of Unix seconds' },
  clock: callback,
  onUser: callback,
  onScenarioEnd: callback,
  onSession: callback,
  onConnection: callback,
  onClose: callback,
} satisfies Record<keyof MockServerOptions, OptionSpec>;

const checkServerOptions = optionsChecker('createMockServer', SERVER_OPTIONS);

const codecs: Record<DialectName, DialectCodec> = { beta: betaCodec, ga: gaCodec };

type Credential = { ok: true; secret: IssuedSecret | undefined } | { ok: false };

/**
 * Starts a mock Realtime server on a real port.
 *
 * @example
 * const server = await createMockServer({ port: 0, tls: true, apiKeys: ['sk-test'] });
 * const ws = new WebSocket(`${server.url}?model=gpt-realtime`, {
 *   headers: { Authorization: 'Bearer sk-test' },
 *   ca: server.ca,
 * });
 */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  checkServerOptions(options);
  const mounted = options.server;
  if (mounted !== undefined) {
    for (const name of ['host', 'port', 'tls'] as const) {
      if (options[name] !== undefined)
        throw new TypeError(
          `createMockServer: "${name}" and "server" exclude each other: a mounted mock uses the server's own address and TLS. Pass one of them.`,
        );
    }
  }
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 0;
  const startTime = options.startTime ?? DEFAULT_EPOCH;
  const started = performance.now();
  const clock = options.clock ?? (() => performance.now() - started);
  const keys = options.apiKeys === undefined ? undefined : new Set(options.apiKeys);
  const secrets = new ClientSecrets(seed);
  const rest: RestContext = { keys, secrets, now: () => startTime + clock() / 1000 };
  let sessions = 0;
  const library = new ScenarioLibrary(options.scenarioDir);
  // A bad scenario option fails at start, not at the first connection.
  const fixed: ResolvedScenario | undefined =
    options.scenario === undefined ? undefined : library.get(options.scenario);
  const frameBytes = new FrameBytes();
  // Realtime pace: one timer paces every session (see Pacer).
  const pacer = options.pace === 'realtime' ? new Pacer() : undefined;
  const open = new Map<SessionHost, MockSession>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // rule handshake.subprotocol-realtime
    handleProtocols: (offered) => selectProtocol(offered),
  });

  const tls: ServerTls | undefined =
    options.tls === undefined || options.tls === false ? undefined : await prepareTls(options.tls);
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    void handleRest(rest, request, response);
  };
  const http: Server =
    mounted ??
    (tls === undefined
      ? createHttpServer(onRequest)
      : createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest));

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const handshake = readHandshake(request);
    // Mounted, an upgrade for another path is the server owner's (another WebSocket server's).
    if (handshake === undefined && mounted !== undefined) return;
    if (handshake === undefined || handshake.callId !== undefined) {
      // rules handshake.path-v1-realtime, handshake.call-id-sideband: unknown paths, and side-band
      // call ids the mock does not know, fail at the upgrade.
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    let scenario = fixed;
    if (handshake.caseId !== undefined) {
      try {
        scenario = library.get(handshake.caseId);
      } catch (error) {
        const body = `${(error as Error).message}\n`;
        socket.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, handshake, scenario));
  };
  http.on('upgrade', onUpgrade);

  /** rules auth.credential-forms, auth.invalid-key, auth.ephemeral-expiry */
  function authorize(handshake: Handshake): Credential {
    const secret = secrets.find(handshake.key);
    if (secret !== undefined) {
      return rest.now() < secret.expiresAt ? { ok: true, secret } : { ok: false };
    }
    if (keys !== undefined && (handshake.key === undefined || !keys.has(handshake.key)))
      return { ok: false };
    return { ok: true, secret: undefined };
  }

  function accept(
    ws: WebSocket,
    handshake: Handshake,
    scenario: ResolvedScenario | undefined,
  ): void {
    const index = sessions++;
    const dialect = dialectOf(handshake, options.dialect);
    const credential = authorize(handshake);
    const secret = credential.ok ? credential.secret : undefined;
    const model =
      handshake.model ??
      secret?.model ??
      (dialect === 'beta' ? 'gpt-4o-realtime-preview' : 'gpt-realtime');
    // A client secret was minted for one kind of session and opens that kind; otherwise the URL's
    // `intent` decides (rule handshake.query-exactly-one).
    const type =
      secret !== undefined
        ? (secret.type ?? 'realtime')
        : handshake.intent === 'transcription'
          ? 'transcription'
          : 'realtime';
    /** Virtual time at which the server started the close, if it did. */
    let closing: number | undefined;
    /** Why this connection cannot play the scenario (its dialect or kind of session), if so. */
    const refusal =
      scenario === undefined ? undefined : ScenarioPlayer.refusal(scenario.scenario, dialect, type);
    const playable = refusal === undefined ? scenario : undefined;
    // Server frames are written whole to the socket `ws` owns (see frame-bytes.ts). That keeps
    // their order with the frames ws writes itself (close, pong): without permessage-deflate
    // (disabled above) ws writes every frame at once and never queues one.
    const socket = (ws as unknown as { _socket: Duplex })._socket;
    // Frames due in one tick leave in one write. While the host emits them (between cork and
    // uncork), each frame is cut from the slab right after the one before (see frame-bytes.ts),
    // so the tick's frames are one run of bytes, handed to the socket as one buffer at uncork: one
    // write(2), where a corked socket handed its frames to writev(2) as separate buffers (paced,
    // the same CPU either way; fast pace, measurably more events/s with one buffer: see the
    // README). A long fast-pace response is handed over every FLUSH_BYTES, so it streams to the
    // client while the rest is encoded.
    let corks = 0;
    let unflushed = 0;
    /** Where this tick's frames start in the server's slab (see frame-bytes.ts). */
    let mark = 0;
    /** The first frame of the run not yet written (while corked), and where the run ends. */
    let run: Buffer | undefined;
    let runEnd = 0;
    /** Gives the slab bytes of this tick's frames back once the socket has written them all. */
    const rewind = () => {
      if (socket.writableLength === 0) frameBytes.rewind(mark);
    };
    /** Writes the run held back, if any, as one buffer. */
    const flush = () => {
      const first = run;
      if (first === undefined) return;
      run = undefined;
      const start = first.byteOffset;
      socket.write(
        runEnd === start + first.length ? first : Buffer.from(first.buffer, start, runEnd - start),
      );
    };
    const write = (frame: Buffer) => {
      if (ws.readyState !== ws.OPEN) return;
      if (corks === 0) {
        socket.write(frame);
        return rewind();
      }
      // A frame that does not follow the run (a fresh slab, a frame too large for one, or
      // another session's frame cut in between) starts a new run.
      if (run !== undefined && frame.byteOffset === runEnd && frame.buffer === run.buffer) {
        runEnd += frame.length;
      } else {
        flush();
        run = frame;
        runEnd = frame.byteOffset + frame.length;
      }
      unflushed += frame.length;
      if (unflushed < FLUSH_BYTES) return;
      unflushed = 0;
      flush();
      rewind();
    };
    const session = new SessionHost(
      {
        send: (text) => {
          if (corks === 0) mark = frameBytes.mark();
          write(frameBytes.text(text));
        },
        // Deltas arrive in pieces: written into the frame one after the other, never joined.
        sendParts: (parts, count, ascii) => {
          if (corks === 0) mark = frameBytes.mark();
          write(frameBytes.parts(parts, count, ascii));
        },
        cork: () => {
          if (corks++ === 0) {
            unflushed = 0;
            mark = frameBytes.mark();
          }
        },
        uncork: () => {
          if (--corks > 0) return;
          flush();
          rewind();
        },
        // The frames held back go first: ws writes its close frame straight to the socket.
        close: (code, reason) => {
          flush();
          closing = session.now;
          ws.close(code, reason);
        },
        terminate: () => {
          run = undefined;
          closing = session.now;
          ws.terminate();
        },
        now: () => performance.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
        ...(pacer === undefined ? {} : { pacer }),
      },
      {
        codec: codecs[dialect],
        pace: options.pace ?? 'fast',
        engine: {
          seed: hashSeed(`${seed}:${index}`),
          model,
          type,
          epoch: startTime,
          // The session config given when the secret was minted is the session's initial config.
          ...(secret?.session === undefined ? {} : { session: secret.session }),
        },
        ...(options.onFrame === undefined
          ? {}
          : {
              onFrame: (direction, data, at) =>
                options.onFrame?.({ session: index, direction, data, at }),
            }),
        ...(playable === undefined
          ? {}
          : {
              scenario: {
                ...library.session(playable),
                onUser: (action, step) => options.onUser?.(info, action, step),
                onEnd: (report) => options.onScenarioEnd?.(info, report),
              },
            }),
      },
    );
    const badQuery = intentProblem(handshake.intent, handshake.model);
    let outcome: MockSession['outcome'] = 'open';
    if (!credential.ok) outcome = 'invalid_api_key';
    else if (handshake.betaMarker && options.betaRetired === true)
      outcome = 'beta_api_shape_disabled';
    else if (badQuery !== undefined)
      outcome = badQuery.code as 'invalid_parameter' | 'invalid_value';
    const info: MockSession = {
      index,
      dialect,
      path: handshake.path,
      caseId:
        handshake.caseId ??
        (typeof options.scenario === 'string' ? options.scenario : fixed?.scenario.name),
      scenario: playable?.scenario,
      model,
      type,
      auth: handshake.auth,
      clientSecret: secret !== undefined,
      protocol: ws.protocol,
      offeredProtocols: redactProtocols(handshake.protocols),
      query: handshake.query,
      outcome,
      host: session,
    };
    open.set(session, info);
    options.onConnection?.(info);
    ws.on('close', (code, reason) => {
      session.detach();
      open.delete(session);
      options.onClose?.(info, {
        code,
        reason: reason.toString('utf8'),
        by: closing === undefined ? 'client' : 'server',
        at: closing ?? session.now,
      });
    });
    ws.on('error', () => session.detach());
    if (outcome === 'invalid_api_key') {
      // rule auth.invalid-key: the upgrade succeeds (101), then one error (masked key, no
      // session.created before it) and close 3000 `invalid_request_error.invalid_api_key`.
      session.fail(errors.invalidApiKey(maskKey(handshake.key ?? '')), 3000);
    } else if (outcome === 'beta_api_shape_disabled') {
      // rule handshake.beta-shape-disabled: 101, the error, then close 4000.
      session.fail(errors.betaShapeDisabled(), 4000);
    } else if (badQuery !== undefined) {
      // A bad intent, or a model with intent=transcription: 101, the error, then close 4000 (as above).
      session.fail(badQuery, 4000);
    } else if (refusal !== undefined) {
      // The scenario does not apply to this connection: say so and close (1008 policy violation).
      session.fail(refusal, 1008);
    } else {
      ws.on('message', (data, isBinary) => {
        if (isBinary) session.receive(new Uint8Array(data as Buffer));
        else session.receive((data as Buffer).toString('utf8'));
      });
      session.open();
    }
    options.onSession?.(info);
  }

  let address: { port: number; urlHost: string };
  try {
    address =
      mounted === undefined
        ? await listen(http, options.port ?? 0, host)
        : await mountedAddress(mounted);
  } catch (error) {
    // A server of the user's keeps no listener of a mock that did not start.
    http.off('upgrade', onUpgrade);
    wss.close();
    throw error;
  }
  const { port, urlHost: shownHost } = address;
  const secure = tls !== undefined || mounted instanceof HttpsServer;
  return {
    url: `${secure ? 'wss' : 'ws'}://${shownHost}:${port}/v1/realtime`,
    baseURL: `${secure ? 'https' : 'http'}://${shownHost}:${port}/v1`,
    port,
    ca: tls?.ca,
    caFile: tls?.caFile,
    get sessions() {
      return [...open.values()];
    },
    handleRequest: (request, response) => {
      if (!isRestPath(request.url)) return false;
      onRequest(request, response);
      return true;
    },
    close: async () => {
      for (const session of open.keys()) session.close(1001, 'server shutting down');
      open.clear();
      if (mounted !== undefined) {
        http.off('upgrade', onUpgrade);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        return;
      }
      await new Promise<void>((resolve) => {
        wss.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      });
      await tls?.dispose();
    },
  };
}

/** The port and URL host of a server the mock is mounted on, once it listens (see urlHost). */
async function mountedAddress(server: Server): Promise<{ port: number; urlHost: string }> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null)
    throw new TypeError('createMockServer: the server to mount on closed before it listened.');
  if (typeof address === 'string')
    throw new TypeError(
      `createMockServer: the server to mount on listens on a pipe (${address}), not a TCP port; WebSocket clients need a host and port.`,
    );
  const { address: ip, port } = address as AddressInfo;
  return { port, urlHost: urlHost(ip) };
}
