/**
 * The REST side of the mock, served by the same HTTP server as the WebSocket: ephemeral keys
 * (rules auth.browser-ephemeral, auth.ephemeral-expiry).
 * - `POST /v1/realtime/sessions` (beta): body = beta session config; answers the session object
 *   with `client_secret: { value: "ek_…", expires_at }` (inventory §5.3 B8; default TTL 60 s).
 * - `POST /v1/realtime/transcription_sessions` (beta): body = beta transcription session config;
 *   answers the transcription session object with `client_secret` (inventory §5.3 B3/B4; TTL 60 s).
 * - `POST /v1/realtime/client_secrets` (GA): body `{ expires_after?, session? }` with a realtime or
 *   transcription session; answers `{ value: "ek_…", expires_at, session }` (inventory §6.3 G8;
 *   default TTL 600 s).
 * A secret authenticates WebSocket handshakes until it expires, and the session config given at
 * mint time becomes the initial config of the sessions it opens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beta, type EventIssue, EventParseError, ga } from '@soundcheck/schema';
import { clientEventError } from '../client-errors.js';
import { betaCodec } from '../codec/beta.js';
import type { DialectCodec, DialectName } from '../codec/codec.js';
import { gaCodec } from '../codec/ga.js';
import { RealtimeEngine } from '../engine/engine.js';
import { errors, maskKey } from '../engine/errors.js';
import { hashSeed, IdGenerator } from '../engine/ids.js';
import type { ErrorObject, JsonObject } from '../engine/types.js';

/** A client secret this server issued. */
export interface IssuedSecret {
  /** `ek_…` */
  readonly value: string;
  /** Unix seconds on the server's virtual clock. */
  readonly expiresAt: number;
  /** The model named at mint time, if any. */
  readonly model: string | undefined;
  /** Canonical (GA-shaped) partial session to apply when a connection opens; no `model`. */
  readonly session: JsonObject | undefined;
  /** `transcription`: the secret opens transcription sessions (its `session` is for one). */
  readonly type?: 'transcription';
}

/** Beta `client_secret` default TTL: "Default TTL for keys is one minute." (inventory §2.1). */
const BETA_TTL_SECONDS = 60;
/** GA `expires_after.seconds` default (inventory §6.3 G8). */
const GA_TTL_SECONDS = 600;
/** The largest request body read (a session config is a few KiB; tools can make it larger). */
const MAX_BODY_BYTES = 1024 * 1024;

/** The secrets a server issued, with deterministic values drawn from the server's seed. */
export class ClientSecrets {
  readonly #ids: IdGenerator;
  readonly #issued = new Map<string, IssuedSecret>();

  constructor(seed: number) {
    this.#ids = new IdGenerator(hashSeed(`${seed}:client-secrets`));
  }

  /** A fresh id (`ek`, `sess`) from the secrets' own generator. */
  id(prefix: string): string {
    return this.#ids.id(prefix);
  }

  add(secret: IssuedSecret): void {
    this.#issued.set(secret.value, secret);
  }

  /** The secret with this value, if this server issued it (expired or not). */
  find(value: string | undefined): IssuedSecret | undefined {
    return value === undefined ? undefined : this.#issued.get(value);
  }
}

/** What the REST handler needs from its server. */
export interface RestContext {
  /** Accepted API keys; undefined accepts any credential (or none). */
  readonly keys: ReadonlySet<string> | undefined;
  /** Virtual wall-clock time in Unix seconds (fractional). */
  readonly now: () => number;
  readonly secrets: ClientSecrets;
}

/** The JSON error body of the real REST API (no `event_id`). */
function errorBody(error: ErrorObject): string {
  return JSON.stringify({
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  });
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function requestError(message: string): ErrorObject {
  return { type: 'invalid_request_error', code: null, message, param: null, event_id: null };
}

/** The real API's answer to a request with no key at all (HTTP 401). */
const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

/** The real API's answer to a body that is not JSON (HTTP 400). */
const BAD_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

function restKey(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) {
    return authorization.replace(/^Bearer\s+/i, '').trim();
  }
  const apiKey = request.headers['api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** The shape of a zod issue this file reads (structural: the package does not depend on zod). */
interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly keys?: readonly string[];
  readonly expected?: unknown;
  readonly origin?: unknown;
  readonly maximum?: unknown;
  readonly minimum?: unknown;
  readonly discriminator?: unknown;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** A zod issue as the schema package's {@link EventIssue}, so client-errors.ts words the error. */
function toEventIssue(issue: ZodIssueLike): EventIssue {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const input = issue.input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { path, code: issue.code, message: issue.message, detail: { keys: issue.keys ?? [] } };
    case 'invalid_type':
      return {
        path,
        code: issue.code,
        message: issue.message,
        detail: { expected: String(issue.expected), received: typeName(input) },
      };
    case 'invalid_union': {
      // A tagged union whose tag is missing: the real API says the tag is a missing parameter.
      const tag = issue.discriminator;
      if (
        typeof tag === 'string' &&
        input !== null &&
        typeof input === 'object' &&
        !(tag in input)
      ) {
        return {
          path: path.at(-1) === tag ? path : [...path, tag],
          code: 'invalid_type',
          message: issue.message,
          detail: { received: 'undefined' },
        };
      }
      return { path, code: issue.code, message: issue.message };
    }
    case 'too_big':
    case 'too_small': {
      const found =
        typeof input === 'number'
          ? input
          : typeof input === 'string' || Array.isArray(input)
            ? input.length
            : undefined;
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      return {
        path,
        code: issue.code,
        message: issue.message,
        detail: {
          origin: String(issue.origin),
          ...(issue.code === 'too_big' ? { maximum: bound } : { minimum: bound }),
          ...(found === undefined ? {} : { found }),
        },
      };
    }
    default:
      return { path, code: issue.code, message: issue.message };
  }
}

/** Checks a body with a schema object; the error names the first bad field, as the real API does. */
function check(
  schema: {
    safeParse(
      value: unknown,
      params?: { reportInput?: boolean },
    ): { success: boolean; error?: { issues: readonly unknown[] } };
  },
  body: unknown,
  dialect: DialectName,
): ErrorObject | undefined {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return undefined;
  const first = (result.error?.issues[0] ?? {
    code: 'custom',
    path: [],
    message: 'Invalid body.',
  }) as ZodIssueLike;
  const error = new EventParseError({
    issues: [toEventIssue(first)],
    eventType: undefined,
    dialect,
    direction: 'client',
  });
  return clientEventError(error, body, []);
}

/**
 * The full session a config produces: defaults plus the config, through a throwaway engine (a
 * transcription session's object when `type` is `transcription`).
 */
function effectiveSession(
  ctx: RestContext,
  codec: DialectCodec,
  model: string,
  update: JsonObject,
  type: 'realtime' | 'transcription' = 'realtime',
): { session: JsonObject } | { error: ErrorObject } {
  const engine = new RealtimeEngine({
    seed: hashSeed(ctx.secrets.id('sess')),
    model,
    type,
    epoch: Math.floor(ctx.now()),
    voice: codec.defaultVoice,
    ...(codec.defaultTemperature === undefined ? {} : { temperature: codec.defaultTemperature }),
  });
  const events = engine.receive({ type: 'session.update', session: update });
  const failed = events.find((event) => event.type === 'error');
  if (failed !== undefined) return { error: failed.error as ErrorObject };
  return { session: engine.sessionObject };
}

/** The beta wire form of a session object (realtime or transcription). */
function betaSession(session: JsonObject): JsonObject {
  const wire = betaCodec.encodeServer({ type: 'session.created', event_id: '', session });
  return (wire?.session ?? {}) as JsonObject;
}

function withoutKeys(object: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) out[key] = value;
  return out;
}

/** `POST /v1/realtime/sessions` (beta). */
function createBetaSession(ctx: RestContext, body: JsonObject): { status: number; body: string } {
  const invalid = check(beta.objects.SessionConfig, body, 'beta');
  if (invalid !== undefined) return { status: 400, body: errorBody(invalid) };
  const model = typeof body.model === 'string' ? body.model : 'gpt-4o-realtime-preview';
  const ttl = (
    (body.client_secret as JsonObject | undefined)?.expires_after as JsonObject | undefined
  )?.seconds;
  const decoded = betaCodec.decodeClient({
    type: 'session.update',
    session: withoutKeys(body, ['model', 'client_secret']),
  });
  const update = decoded.session as JsonObject;
  const result = effectiveSession(ctx, betaCodec, model, update);
  if ('error' in result) return { status: 400, body: errorBody(result.error) };
  const expiresAt = Math.floor(ctx.now()) + (typeof ttl === 'number' ? ttl : BETA_TTL_SECONDS);
  const value = ctx.secrets.id('ek');
  ctx.secrets.add({ value, expiresAt, model, session: update });
  return {
    status: 200,
    body: JSON.stringify({
      ...betaSession(result.session),
      client_secret: { value, expires_at: expiresAt },
    }),
  };
}

/** `POST /v1/realtime/transcription_sessions` (beta): a secret for transcription sessions. */
function createBetaTranscriptionSession(
  ctx: RestContext,
  body: JsonObject,
): { status: number; body: string } {
  const invalid = check(beta.objects.TranscriptionSessionConfig, body, 'beta');
  if (invalid !== undefined) return { status: 400, body: errorBody(invalid) };
  // The SDK names the expiry `expires_at`, the sessions API `expires_after` (same shape).
  const expiry = (body.client_secret ?? {}) as JsonObject;
  const ttl = ((expiry.expires_after ?? expiry.expires_at) as JsonObject | undefined)?.seconds;
  const update = betaCodec.decodeClient({ type: 'transcription_session.update', session: body })
    .session as JsonObject;
  const result = effectiveSession(
    ctx,
    betaCodec,
    'gpt-4o-realtime-preview',
    update,
    'transcription',
  );
  if ('error' in result) return { status: 400, body: errorBody(result.error) };
  const expiresAt = Math.floor(ctx.now()) + (typeof ttl === 'number' ? ttl : BETA_TTL_SECONDS);
  const value = ctx.secrets.id('ek');
  ctx.secrets.add({ value, expiresAt, model: undefined, session: update, type: 'transcription' });
  return {
    status: 200,
    body: JSON.stringify({
      ...betaSession(result.session),
      client_secret: { value, expires_at: expiresAt },
    }),
  };
}

/** `POST /v1/realtime/client_secrets` (GA). */
function createClientSecret(ctx: RestContext, body: JsonObject): { status: number; body: string } {
  const invalid = check(ga.objects.ClientSecretCreateRequest, body, 'ga');
  if (invalid !== undefined) return { status: 400, body: errorBody(invalid) };
  const ttl = (body.expires_after as JsonObject | undefined)?.seconds;
  const expiresAt = Math.floor(ctx.now()) + (typeof ttl === 'number' ? ttl : GA_TTL_SECONDS);
  const config = (body.session ?? { type: 'realtime' }) as JsonObject;
  if (config.type === 'transcription') {
    // The secret opens transcription sessions with this config (rule session.type-fixed).
    const result = effectiveSession(ctx, gaCodec, 'gpt-realtime', config, 'transcription');
    if ('error' in result) return { status: 400, body: errorBody(result.error) };
    const value = ctx.secrets.id('ek');
    ctx.secrets.add({ value, expiresAt, model: undefined, session: config, type: 'transcription' });
    return {
      status: 200,
      body: JSON.stringify({ value, expires_at: expiresAt, session: result.session }),
    };
  }
  const model = typeof config.model === 'string' ? config.model : 'gpt-realtime';
  const update = withoutKeys(config, ['model']);
  const result = effectiveSession(ctx, gaCodec, model, update);
  if ('error' in result) return { status: 400, body: errorBody(result.error) };
  const value = ctx.secrets.id('ek');
  ctx.secrets.add({ value, expiresAt, model, session: update });
  return {
    status: 200,
    body: JSON.stringify({ value, expires_at: expiresAt, session: result.session }),
  };
}

/** REST paths, optionally behind `/cases/<id>` like the WebSocket paths. */
const ROUTES: Record<
  string,
  (ctx: RestContext, body: JsonObject) => { status: number; body: string }
> = {
  '/v1/realtime/sessions': createBetaSession,
  '/v1/realtime/transcription_sessions': createBetaTranscriptionSession,
  '/v1/realtime/client_secrets': createClientSecret,
};
const REST_PATH =
  /^(?:\/cases\/[^/]+)?(\/v1\/realtime\/(?:sessions|transcription_sessions|client_secrets))\/?$/;

/** Whether a request URL is for one of the mock's REST routes (its path only; any method). */
export function isRestPath(url: string | undefined): boolean {
  return REST_PATH.test(new URL(url ?? '/', 'http://localhost').pathname);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Handles one plain HTTP request: the ephemeral-key endpoints, or the real API's 404. */
export async function handleRest(
  ctx: RestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    await route(ctx, request, response);
  } catch {
    if (response.headersSent) response.destroy();
    else
      send(
        response,
        500,
        errorBody({
          ...requestError('The server had an error while processing your request.'),
          type: 'server_error',
        }),
      );
  }
}

async function route(
  ctx: RestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = REST_PATH.exec(url.pathname);
  const handler = match === null ? undefined : ROUTES[match[1] as string];
  if (handler === undefined || request.method !== 'POST') {
    request.resume();
    send(
      response,
      404,
      errorBody(requestError(`Invalid URL (${request.method ?? 'GET'} ${url.pathname})`)),
    );
    return;
  }
  // rule auth.invalid-key (REST form): HTTP 401 with the same error object.
  const key = restKey(request);
  if (ctx.keys !== undefined && (key === undefined || !ctx.keys.has(key))) {
    request.resume();
    const error = key === undefined ? requestError(NO_KEY) : errors.invalidApiKey(maskKey(key));
    send(response, 401, errorBody(error));
    return;
  }
  const text = await readBody(request);
  if (text === undefined) {
    send(response, 413, errorBody(requestError('Request body too large.')));
    return;
  }
  let body: unknown = {};
  if (text.trim().length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      send(response, 400, errorBody(requestError(BAD_JSON)));
      return;
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    send(response, 400, errorBody(requestError(BAD_JSON)));
    return;
  }
  const answer = handler(ctx, body as JsonObject);
  send(response, answer.status, answer.body);
}
