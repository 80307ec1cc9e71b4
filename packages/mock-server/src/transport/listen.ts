import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts an HTTP(S) server listening; rejects with the listen error (port in use, bad host).
 * Resolves with the port it got (for port 0) and the host as a URL writes it (IPv6 in brackets).
 */
export async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ port: number; urlHost: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { port: (server.address() as AddressInfo).port, urlHost: urlHost(host) };
}

/**
 * A host as a URL to reach it writes it: an IPv6 address in brackets, and a server listening on
 * every interface (`0.0.0.0`, `::`) reached on loopback, the address its certificate (with `tls`)
 * is made for. (`ws://0.0.0.0:…` happens to connect on Linux; browsers refuse it.)
 */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
