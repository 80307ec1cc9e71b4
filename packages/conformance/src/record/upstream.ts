/**
 * The upstream side of the relay: which URL, headers and subprotocols the relay dials for a client's
 * handshake, and whose credential it carries.
 */
import type { IncomingMessage } from 'node:http';
import type { Handshake } from '@soundcheck/mock-server';

/** A realtime endpoint at the end of an `--upstream` path (optionally behind `/cases/<id>`). */
const REALTIME_SUFFIX =
  /(?:\/cases\/[^/]+)?(?:\/v1\/realtime|\/openai\/realtime|\/openai\/v1\/realtime)\/?$/;

/** Query parameters that carry the credential (rule auth.credential-forms). */
const KEY_QUERY = ['api-key', 'api_key'] as const;

/** The subprotocol prefix of a browser credential (rule handshake.subprotocol-realtime). */
const KEY_PROTOCOL = 'openai-insecure-api-key.';

/**
 * Request headers passed upstream: the credential headers, every `OpenAI-*` header (`OpenAI-Beta`,
 * `OpenAI-Organization`, `OpenAI-Project`, …) and the `User-Agent`. Others (cookies, proxies'
 * `X-Forwarded-*`, the `Host`) are the relay's business, not upstream's.
 */
function forwarded(name: string): boolean {
  return (
    name === 'authorization' ||
    name === 'api-key' ||
    name === 'user-agent' ||
    name.startsWith('openai-')
  );
}

/**
 * Parses `--upstream`: a `ws:` or `wss:` URL. Its path, minus a trailing realtime endpoint, is a
 * prefix for every relayed path; its query, if any, gives defaults the client's query overrides.
 * Throws a TypeError naming the problem.
 */
export function parseUpstream(value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(String(value))}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`expected a ws:// or wss:// URL, got ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('the URL carries a user name or password; pass a key with --api-key');
  }
  url.hash = '';
  url.pathname = url.pathname.replace(REALTIME_SUFFIX, '').replace(/\/+$/, '');
  return url;
}

/** What the relay dials for one client. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  protocols: string[];
}

/**
 * The upstream request for a client's upgrade: the client's path (behind the upstream prefix) and
 * query, its `OpenAI-*` headers and its subprotocols, with its credential (any form) passed through,
 * or replaced by `apiKey` in the form the client used (a client that sent none gets
 * `Authorization: Bearer`, or `api-key` on Azure paths).
 */
export function upstreamRequest(
  upstream: URL,
  request: IncomingMessage,
  handshake: Handshake,
  apiKey?: string,
): UpstreamRequest {
  const client = new URL(request.url ?? '/', 'http://relay.invalid');
  const url = new URL(upstream);
  url.pathname = `${upstream.pathname.replace(/\/+$/, '')}${client.pathname}`;
  if (upstream.search === '') {
    url.search = client.search;
  } else {
    for (const [name, value] of client.searchParams) url.searchParams.set(name, value);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || !forwarded(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let protocols = [...handshake.protocols];
  if (apiKey !== undefined) {
    delete headers.authorization;
    delete headers['api-key'];
    for (const name of KEY_QUERY) if (url.searchParams.has(name)) url.searchParams.delete(name);
    const offered = protocols.findIndex((p) => p.startsWith(KEY_PROTOCOL));
    protocols = protocols.filter((p) => !p.startsWith(KEY_PROTOCOL));
    switch (handshake.auth) {
      case 'api-key-header':
        headers['api-key'] = apiKey;
        break;
      case 'api-key-query':
        url.searchParams.set(client.searchParams.has('api-key') ? 'api-key' : 'api_key', apiKey);
        break;
      case 'subprotocol':
        protocols.splice(offered, 0, `${KEY_PROTOCOL}${apiKey}`);
        break;
      case 'bearer':
        headers.authorization = `Bearer ${apiKey}`;
        break;
      case 'none':
        if (handshake.path.startsWith('/openai/')) headers['api-key'] = apiKey;
        else headers.authorization = `Bearer ${apiKey}`;
        break;
    }
  }
  return { url: url.href, headers, protocols };
}

/** The URL to show for an upstream: no query (it may hold a key), no credentials. */
export function shownUpstream(upstream: URL): string {
  return `${upstream.protocol}//${upstream.host}${upstream.pathname.replace(/\/+$/, '')}`;
}
