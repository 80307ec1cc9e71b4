// Rule: handshake.path-v1-realtime (the official SDKs always dial wss:); research/clients.md point 1.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCertificate, createMockServer, type MockServer } from '../src/index.js';
import { connect } from './support.js';

/** DER of the AlgorithmIdentifier OID ecdsa-with-SHA256 (1.2.840.10045.4.3.2). */
const ECDSA_SHA256 = Buffer.from('06082a8648ce3d040302', 'hex');

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ port: 0, tls: true });
});
afterAll(async () => {
  await server.close();
});

describe('tls: true', () => {
  it('serves wss:// and exposes the CA as PEM and as a file in the OS temp dir', () => {
    expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    expect(server.baseURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const file = server.caFile as string;
    expect(file.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(server.ca);
  });

  it('makes a short-lived EC P-256 / SHA-256 certificate for 127.0.0.1, localhost and ::1', () => {
    const cert = new X509Certificate(server.ca as string);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.raw.includes(ECDSA_SHA256)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.com')).toBeUndefined();
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    expect(from).toBeLessThanOrEqual(Date.now());
    expect(to).toBeGreaterThan(Date.now());
    expect(to - from).toBeLessThanOrEqual(2 * 24 * 60 * 60 * 1000);
  });

  it('a `ws` client trusting options.ca gets a session (127.0.0.1 and localhost)', async () => {
    for (const url of [server.url, server.url.replace('127.0.0.1', 'localhost')]) {
      const c = await connect(`${url}?model=gpt-realtime`, {
        headers: { Authorization: 'Bearer sk-test' },
        ca: server.ca,
      });
      const created = await c.waitFor('session.created');
      expect((created.session as { type: string }).type).toBe('realtime');
      c.send({
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'over TLS' }],
        },
      });
      c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
      const done = await c.waitFor('response.done');
      expect((done.response as { status: string }).status).toBe('completed');
      c.ws.close();
    }
  });

  it('a client that does not trust the CA fails the TLS handshake', async () => {
    const error = await new Promise<Error & { code?: string }>((resolve, reject) => {
      const ws = new WebSocket(`${server.url}?model=gpt-realtime`);
      ws.on('open', () => reject(new Error('connected without trusting the certificate')));
      ws.on('error', resolve);
    });
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('serves the REST endpoints over https', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = request(
          `${server.baseURL}/realtime/client_secrets`,
          {
            method: 'POST',
            ca: server.ca,
            headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      },
    );
    expect(status).toBe(200);
    expect((JSON.parse(body) as { value: string }).value).toMatch(/^ek_/);
  });

  it('close() removes the CA file', async () => {
    const other = await createMockServer({ port: 0, tls: true });
    const file = other.caFile as string;
    expect(existsSync(file)).toBe(true);
    await other.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('tls: { cert, key }', () => {
  it('serves the given certificate and trusts it as the CA', async () => {
    const given = await createCertificate();
    const other = await createMockServer({ port: 0, tls: given });
    try {
      expect(other.ca).toBe(given.cert);
      expect(readFileSync(other.caFile as string, 'utf8')).toBe(given.cert);
      const c = await connect(`${other.url}?model=gpt-realtime`, { ca: given.cert });
      await c.waitFor('session.created');
      c.ws.close();
      const served = await new Promise<X509Certificate | undefined>((resolve, reject) => {
        const socket = tlsConnect(
          { host: '127.0.0.1', port: other.port, ca: given.cert, servername: 'localhost' },
          () => {
            resolve(socket.getPeerX509Certificate());
            socket.end();
          },
        );
        socket.on('error', reject);
      });
      expect(served?.fingerprint256).toBe(new X509Certificate(given.cert).fingerprint256);
    } finally {
      await other.close();
    }
  });

  it('plain servers expose no CA', async () => {
    const plain = await createMockServer({ port: 0 });
    try {
      expect(plain.url).toMatch(/^ws:\/\//);
      expect(plain.ca).toBeUndefined();
      expect(plain.caFile).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('a server on every interface gives its loopback URL, which the certificate covers', async () => {
    const any = await createMockServer({ host: '0.0.0.0', port: 0, tls: true });
    try {
      expect(any.url).toBe(`wss://127.0.0.1:${any.port}/v1/realtime`);
      expect(any.baseURL).toBe(`https://127.0.0.1:${any.port}/v1`);
      const c = await connect(`${any.url}?model=gpt-realtime`, { ca: any.ca });
      await c.waitFor('session.created');
      c.ws.close();
    } finally {
      await any.close();
    }
  });
});
