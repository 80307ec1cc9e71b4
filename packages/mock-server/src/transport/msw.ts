/**
 * The mock as an msw WebSocket handler: the same engine (one {@link SessionHost} per connection)
 * behind msw's `ws.link`, for code that dials the global `WebSocket` (browsers; Node ≥ 22).
 */
import { type WebSocketHandler, ws } from 'msw';
import { betaCodec } from '../codec/beta.js';
import type { DialectCodec, DialectName } from '../codec/codec.js';
import { gaCodec } from '../codec/ga.js';
import { errors, maskKey } from '../engine/errors.js';
import { hashSeed } from '../engine/ids.js';
import { Pacer } from '../pacer.js';
import type { Scenario } from '../scenario/format.js';
import { ScenarioPlayer, type ScenarioReport, type UserAction } from '../scenario/player.js';
import { SessionHost } from '../session-host.js';
import { HANDLER_OPTIONS, optionsChecker } from './check-options.js';
import { intentProblem, selectProtocol } from './handshake.js';
import type { TransportOptions } from './options.js';

/** Options of {@link realtimeHandler}. */
export interface RealtimeHandlerOptions extends TransportOptions {
  /**
   * The WebSocket URL to intercept, as msw matches it (query ignored; `*` and `:params` allowed).
   * Default `wss://api.openai.com/v1/realtime`. The beta marker is the `openai-beta.realtime-v1`
   * subprotocol (a browser cannot send headers).
   */
  url?: string;
  /**
   * A scenario every connection plays (parsed: there is no file system in a browser; load it with
   * `parseScenario`). Its audio files are read with `readAudio` (e.g. from a map of fetched files);
   * without it, a step that needs a file fails that step.
   */
  scenario?: Scenario;
  readAudio?: (file: string) => Uint8Array;
  /** Called when a connection's scenario reaches a `user` step. */
  onUser?: (session: number, action: UserAction, step: number) => void;
  /** Called once per connection with the scenario's final report. */
  onScenarioEnd?: (session: number, report: ScenarioReport) => void;
}

/** The URL the official clients dial. */
export const DEFAULT_REALTIME_URL = 'wss://api.openai.com/v1/realtime';

const BETA_PROTOCOL = 'openai-beta.realtime-v1';
const KEY_PROTOCOL_PREFIX = 'openai-insecure-api-key.';
const codecs: Record<DialectName, DialectCodec> = { beta: betaCodec, ga: gaCodec };
const checkHandlerOptions = optionsChecker('realtimeHandler', HANDLER_OPTIONS);

/** What a browser handshake carries: subprotocols and the URL (headers are not available). */
interface BrowserHandshake {
  protocols: string[];
  key: string | undefined;
  betaMarker: boolean;
  model: string | undefined;
  /** The `intent` query parameter, if any. */
  intent: string | undefined;
}

function readBrowserHandshake(url: URL, offered: string | string[] | undefined): BrowserHandshake {
  const protocols =
    offered === undefined ? [] : typeof offered === 'string' ? [offered] : [...offered];
  // rule auth.credential-forms: browsers send the key as a subprotocol; Azure-style query keys also work.
  const keyProtocol = protocols.find((p) => p.startsWith(KEY_PROTOCOL_PREFIX));
  const queryKey = url.searchParams.get('api-key') ?? url.searchParams.get('api_key');
  const key =
    keyProtocol !== undefined
      ? keyProtocol.slice(KEY_PROTOCOL_PREFIX.length)
      : queryKey !== null && queryKey.length > 0
        ? queryKey
        : undefined;
  return {
    protocols,
    key,
    // rule handshake.dialect-marker: a browser cannot set headers, so the marker is a subprotocol.
    betaMarker: protocols.includes(BETA_PROTOCOL),
    model: url.searchParams.get('model') ?? url.searchParams.get('deployment') ?? undefined,
    intent: url.searchParams.get('intent') ?? undefined,
  };
}

/**
 * Makes the intercepted socket report the subprotocol the real server selects (rule
 * handshake.subprotocol-realtime): `realtime` when offered, otherwise none.
 *
 * msw has no API for this: its mock socket reports the first offered subprotocol (msw 3.0.5,
 * `@mswjs/interceptors` 0.45), which would be a credential entry for a client that offers
 * `openai-insecure-api-key.<key>` before `realtime`. The socket's `protocol` is a plain field that
 * msw assigns right before `open`, so it is pinned here with an accessor that ignores that write.
 * Connections whose client handle has no in-process socket keep msw's behaviour.
 */
function pinProtocol(client: unknown, protocols: readonly string[]): void {
  const socket = (client as { socket?: unknown }).socket;
  if (typeof socket !== 'object' || socket === null || !('protocol' in socket)) return;
  const selected = selectProtocol(new Set(protocols));
  const value = selected === false ? '' : selected;
  Object.defineProperty(socket, 'protocol', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: () => {},
  });
}

/** Binary client data as bytes (the host only reports its size: the real API refuses binary frames). */
function toBytes(data: ArrayBuffer | ArrayBufferView | Blob): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data.size);
}

/**
 * An msw WebSocket handler that serves the OpenAI Realtime API from the mock engine. Pass it to
 * `setupServer(...)` / `setupWorker(...)` or `server.use(...)` like any other handler.
 *
 * Each connection gets its own session. Its ids are seeded from `seed` and the connection's index
 * (0, 1, … in the order this handler value sees connections), as `createMockServer` does, so the same
 * seed, connection order and frames give byte-identical frames.
 * The dialect comes from the subprotocols (`openai-beta.realtime-v1` → beta), the key from the
 * `openai-insecure-api-key.<key>` subprotocol (or an `api-key` query parameter), the model from
 * `?model=`. With `apiKeys` set, a missing or unknown key gets what the real API sends: one
 * `error` (`invalid_api_key`) then close 3000.
 *
 * The socket reports `protocol === 'realtime'` whenever the client offered it, as the real server
 * selects it; msw itself would report the first offered subprotocol (see the source of
 * `pinProtocol`).
 *
 * @note msw intercepts the global `WebSocket` only. Clients built on the `ws` package — the
 * `openai` SDK's `OpenAIRealtimeWS` (`openai/realtime/ws`), `@openai/agents-realtime` on Node,
 * `openai-realtime-api` on Node 20 — are not served by this handler: run them against the real
 * server (`createMockServer`). Under msw 3 on Node it is worse than a refused connection: msw's
 * companion upgrade handler answers their HTTP upgrade with 101, so they see `open` and then
 * nothing at all (msw opens a separate global `WebSocket` for the upgrade, which this handler
 * serves as a session nobody reads, and which takes a connection index). `OpenAIRealtimeWebSocket`
 * (`openai/realtime/websocket`) and browser clients use the global `WebSocket` and are served.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { realtimeHandler } from '@soundcheck/mock-server/msw';
 *
 * const server = setupServer(realtimeHandler({ seed: 1 }));
 * server.listen();
 * const socket = new WebSocket('wss://api.openai.com/v1/realtime?model=gpt-realtime', [
 *   'realtime',
 *   'openai-insecure-api-key.sk-test',
 * ]);
 */
export function realtimeHandler(options: RealtimeHandlerOptions = {}): WebSocketHandler {
  checkHandlerOptions(options);
  const dialectOption = options.dialect ?? 'auto';
  const seed = options.seed ?? 0;
  const pace = options.pace ?? 'fast';
  // Realtime pace: one timer paces every session of the handler (see Pacer).
  const pacer = pace === 'realtime' ? new Pacer() : undefined;
  const keys = options.apiKeys === undefined ? undefined : new Set(options.apiKeys);
  const wanted = options.scenario;
  let sessions = 0;

  return ws
    .link(options.url ?? DEFAULT_REALTIME_URL)
    .addEventListener('connection', ({ client, info }) => {
      const index = sessions++;
      const handshake = readBrowserHandshake(client.url, info.protocols);
      pinProtocol(client, handshake.protocols);
      const dialect: DialectName =
        dialectOption === 'auto' ? (handshake.betaMarker ? 'beta' : 'ga') : dialectOption;

      // msw drops frames queued for a socket that is closing, and delivers queued frames only once the
      // socket is open; so a close waits for `open`, then for the frames sent before it (one microtask).
      let opened = false;
      let pendingClose: [number, string] | undefined;
      const closeAfterSent = (code: number, reason: string) =>
        queueMicrotask(() => client.close(code, reason));
      client.addEventListener('open', () => {
        opened = true;
        if (pendingClose !== undefined) closeAfterSent(...pendingClose);
      });

      const type = handshake.intent === 'transcription' ? 'transcription' : 'realtime';
      const refusal =
        wanted === undefined ? undefined : ScenarioPlayer.refusal(wanted, dialect, type);
      const scenario = refusal === undefined ? wanted : undefined;
      const host = new SessionHost(
        {
          send: (text) => client.send(text),
          close: (code, reason) => {
            if (opened) closeAfterSent(code, reason);
            else pendingClose = [code, reason];
          },
          now: () => performance.now(),
          setTimer: (fn, ms) => setTimeout(fn, ms),
          clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
          ...(pacer === undefined ? {} : { pacer }),
        },
        {
          codec: codecs[dialect],
          pace,
          engine: {
            seed: hashSeed(`${seed}:${index}`),
            model:
              handshake.model ?? (dialect === 'beta' ? 'gpt-4o-realtime-preview' : 'gpt-realtime'),
            type,
          },
          ...(options.onFrame === undefined
            ? {}
            : {
                onFrame: (direction, data, at) =>
                  options.onFrame?.({ session: index, direction, data, at }),
              }),
          ...(scenario === undefined
            ? {}
            : {
                scenario: {
                  scenario,
                  readAudio:
                    options.readAudio ??
                    ((file: string) => {
                      throw new Error(`no readAudio option to read ${file}`);
                    }),
                  onUser: (action, step) => options.onUser?.(index, action, step),
                  onEnd: (report) => options.onScenarioEnd?.(index, report),
                },
              }),
        },
      );
      client.addEventListener('close', () => host.detach());

      // rule auth.invalid-key: the connection opens, then one error and close 3000.
      if (keys !== undefined && (handshake.key === undefined || !keys.has(handshake.key))) {
        host.fail(errors.invalidApiKey(maskKey(handshake.key ?? '')), 3000);
        return;
      }
      // rule handshake.beta-shape-disabled
      if (dialect === 'beta' && options.betaRetired === true) {
        host.fail(errors.betaShapeDisabled(), 4000);
        return;
      }
      // A bad intent, or a model with intent=transcription (rule handshake.transcription-no-model).
      const badQuery = intentProblem(handshake.intent, handshake.model);
      if (badQuery !== undefined) {
        host.fail(badQuery, 4000);
        return;
      }
      if (refusal !== undefined) {
        host.fail(refusal, 1008);
        return;
      }
      client.addEventListener('message', (event) => {
        const data = event.data;
        host.receive(typeof data === 'string' ? data : toBytes(data));
      });
      host.open();
    });
}
