/**
 * TLS for the mock server. Every `openai` SDK helper dials `wss:` whatever base URL it is given
 * (rule handshake.path-v1-realtime), so the mock serves TLS with a throwaway self-signed
 * certificate made at start, and hands the client what it needs to trust it: the PEM (`ca`, for
 * the `ws` helpers' `options.ca`) and a file holding it (`caFile`, for `NODE_EXTRA_CA_CERTS`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A certificate and its private key, both PEM. */
export interface TlsCredentials {
  /** The server certificate (PEM). */
  cert: string;
  /** Its private key (PEM). */
  key: string;
  /** The certificate a client must trust (PEM). Default: `cert` (a self-signed certificate). */
  ca?: string;
}

/**
 * `true`: make a self-signed certificate for `127.0.0.1`, `localhost` and `::1` at start.
 * An object: serve this certificate and key.
 */
export type TlsOption = boolean | TlsCredentials;

/** TLS material of a running server. */
export interface ServerTls {
  cert: string;
  key: string;
  /** The PEM a client trusts (`options.ca` of the `ws` helpers). */
  ca: string;
  /** A file in the OS temp dir holding `ca` (`NODE_EXTRA_CA_CERTS` for the native WebSocket). */
  caFile: string;
  /** Removes `caFile` and its folder. */
  dispose(): Promise<void>;
}

/** Names the generated certificate covers (subject alternative names). */
const CERTIFICATE_HOSTS = ['localhost', '127.0.0.1', '::1'] as const;

/** How long a generated certificate is valid: one day (it lives as long as the server). */
const VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Backdating of `notBefore`, so a client clock slightly behind still accepts the certificate. */
const BACKDATE_MS = 5 * 60 * 1000;

/**
 * Makes a self-signed certificate for local use: EC P-256, signed with SHA-256, valid one day,
 * for `localhost`, `127.0.0.1` and `::1`.
 *
 * @example
 * const { cert, key } = await createCertificate();
 */
export async function createCertificate(): Promise<{ cert: string; key: string }> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - BACKDATE_MS),
    notAfterDate: new Date(now + VALIDITY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: CERTIFICATE_HOSTS.map((host) =>
          host === 'localhost' ? { type: 2 as const, value: host } : { type: 7 as const, ip: host },
        ),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Resolves the `tls` option into the material a server needs, writing `caFile`. */
export async function prepareTls(option: true | TlsCredentials): Promise<ServerTls> {
  const { cert, key, ca }: TlsCredentials = option === true ? await createCertificate() : option;
  const trusted = ca ?? cert;
  const folder = await mkdtemp(join(tmpdir(), 'soundcheck-ca-'));
  const caFile = join(folder, 'ca.pem');
  await writeFile(caFile, trusted, { mode: 0o600 });
  return {
    cert,
    key,
    ca: trusted,
    caFile,
    dispose: () => rm(folder, { recursive: true, force: true }),
  };
}
