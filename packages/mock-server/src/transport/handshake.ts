/**
 * Reads a WebSocket upgrade request the way the real API does: path, query, credentials, dialect
 * marker and subprotocols (rules handshake.*, auth.credential-forms).
 */
import type { IncomingMessage } from 'node:http';
import type { DialectName } from '../codec/codec.js';
import { errors } from '../engine/errors.js';
import type { ErrorObject } from '../engine/types.js';

export interface Handshake {
  /** Realtime path matched: OpenAI `/v1/realtime`, Azure `/openai/realtime` or `/openai/v1/realtime`. */
  path: string;
  /** Case or scenario chosen in the path (`/cases/<id>/v1/realtime`), if any. */
  caseId: string | undefined;
  /** `model` (OpenAI) or `deployment` (Azure preview). */
  model: string | undefined;
  intent: string | undefined;
  callId: string | undefined;
  /** The credential, from whichever form carried it; undefined when none did. */
  key: string | undefined;
  /** How the credential arrived. */
  auth: 'bearer' | 'api-key-header' | 'api-key-query' | 'subprotocol' | 'none';
  /** Beta marker present (header `OpenAI-Beta: realtime=v1` or subprotocol `openai-beta.realtime-v1`). */
  betaMarker: boolean;
  /** Azure preview endpoint (`/openai/realtime?api-version=…-preview`): a beta-shaped protocol. */
  azurePreview: boolean;
  /** Azure `api-version` query parameter, if any. */
  apiVersion: string | undefined;
  /** Subprotocols the client offered. */
  protocols: string[];
  /** The query without `model`, `deployment` and credentials. */
  query: Record<string, string>;
}

/** Query parameters that carry credentials (never recorded). */
const SECRET_QUERY = new Set(['api-key', 'api_key', 'key', 'token', 'access_token']);

/** The realtime paths, optionally behind `/cases/<id>` (a case or scenario chosen by path). */
const REALTIME_PATH =
  /^(?:\/cases\/([^/]+))?(\/v1\/realtime|\/openai\/realtime|\/openai\/v1\/realtime)\/?$/;

/** Parses the upgrade request; returns undefined when the path is not a realtime endpoint. */
export function readHandshake(request: IncomingMessage): Handshake | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = REALTIME_PATH.exec(url.pathname);
  if (match === null) return undefined;
  const protocols = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const authorization = request.headers.authorization;
  const apiKeyHeader = request.headers['api-key'];
  const apiKeyQuery = url.searchParams.get('api-key') ?? url.searchParams.get('api_key');
  const keyProtocol = protocols.find((p) => p.startsWith('openai-insecure-api-key.'));
  let key: string | undefined;
  let auth: Handshake['auth'] = 'none';
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) {
    key = authorization.replace(/^Bearer\s+/i, '').trim();
    auth = 'bearer';
  } else if (typeof apiKeyHeader === 'string' && apiKeyHeader.length > 0) {
    key = apiKeyHeader;
    auth = 'api-key-header';
  } else if (apiKeyQuery !== null && apiKeyQuery.length > 0) {
    key = apiKeyQuery;
    auth = 'api-key-query';
  } else if (keyProtocol !== undefined) {
    key = keyProtocol.slice('openai-insecure-api-key.'.length);
    auth = 'subprotocol';
  }
  const betaHeader = request.headers['openai-beta'];
  const betaMarker =
    (typeof betaHeader === 'string' && betaHeader.includes('realtime=v1')) ||
    protocols.includes('openai-beta.realtime-v1');
  const path = match[2] as string;
  return {
    path,
    caseId: match[1] === undefined ? undefined : decodeURIComponent(match[1]),
    model: url.searchParams.get('model') ?? url.searchParams.get('deployment') ?? undefined,
    intent: url.searchParams.get('intent') ?? undefined,
    callId: url.searchParams.get('call_id') ?? undefined,
    key,
    auth,
    betaMarker,
    azurePreview: path === '/openai/realtime',
    apiVersion: url.searchParams.get('api-version') ?? undefined,
    protocols,
    query: Object.fromEntries(
      [...url.searchParams].filter(
        ([name]) => name !== 'model' && name !== 'deployment' && !SECRET_QUERY.has(name),
      ),
    ),
  };
}

/** The offered subprotocols with the credential entry redacted (safe to log or record). */
export function redactProtocols(protocols: readonly string[]): string[] {
  return protocols.map((p) =>
    p.startsWith('openai-insecure-api-key.') ? 'openai-insecure-api-key.<redacted>' : p,
  );
}

/** The `intent` values of the connect call (inventory §2.3: `realtime` or `transcription`). */
const INTENTS = ['realtime', 'transcription'] as const;

/**
 * What is wrong with the connection URL's `intent` (and `model`), if anything: an intent other
 * than `realtime` or `transcription`, or a transcription session that names a model (rule
 * handshake.transcription-no-model). The server answers it in-band, then closes with 4000.
 */
export function intentProblem(
  intent: string | undefined,
  model: string | undefined,
): ErrorObject | undefined {
  if (intent !== undefined && !(INTENTS as readonly string[]).includes(intent))
    return errors.unsupportedValue('intent', intent, INTENTS);
  if (intent === 'transcription' && model !== undefined) return errors.transcriptionModelGiven();
  return undefined;
}

/**
 * The subprotocol the real server selects: `realtime` when offered (rule
 * handshake.subprotocol-realtime); never a credential entry.
 */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  return offered.has('realtime') ? 'realtime' : false;
}

/**
 * The dialect of a connection (rule handshake.dialect-marker): beta when the client sends the beta
 * marker (or uses the Azure preview endpoint, whose protocol is beta-shaped), GA otherwise, unless
 * the server fixes it.
 */
export function dialectOf(handshake: Handshake, fixed: DialectName | 'auto' = 'auto'): DialectName {
  if (fixed !== 'auto') return fixed;
  return handshake.betaMarker || handshake.azurePreview ? 'beta' : 'ga';
}
