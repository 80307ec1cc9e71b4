/**
 * One relayed session: two open WebSockets, frames forwarded both ways in order, the first close
 * forwarded with its code, and every frame written to the transcript (masked) as the relay saw it.
 */
import type { WebSocket } from 'ws';
import type { TranscriptHeaderInfo, TranscriptWriter } from '../transcript/writer.js';
import type { SecretMasker } from './mask.js';
import type { RecorderEvent } from './relay.js';

/** How long the relay waits for a close handshake it started before dropping the socket. */
const CLOSE_TIMEOUT_MS = 2_000;

/** What {@link relaySession} needs: both open sockets, the header, the masker and the sink. */
export interface RelaySessionOptions {
  index: number;
  /** `performance.now()` when upstream opened: time 0 of the transcript. */
  opened: number;
  client: WebSocket;
  upstream: WebSocket;
  header: Omit<TranscriptHeaderInfo, 'session'>;
  masker: SecretMasker;
  transcript: TranscriptWriter | undefined;
  onEvent: ((event: RecorderEvent) => void) | undefined;
  /** Called once both sockets are closed. */
  onEnd: () => void;
}

/** A session in progress. */
export interface RelayedSession {
  /** Forwards (and records) a frame upstream sent; `at` is when it arrived. */
  fromUpstream(data: Buffer, binary: boolean, at: number): void;
  /** Closes both sides with `code` (recorded as the client's close); resolves once both closed. */
  stop(code: number, reason: string): Promise<void>;
}

/**
 * Close codes that cannot be sent in a close frame: 1005 (no code was sent) is forwarded as a close
 * without a code, 1006 (dropped) by dropping the other side too.
 */
function forwardClose(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.CLOSING || ws.readyState === ws.CLOSED) return;
  try {
    if (code === 1005) ws.close();
    else if (code === 1006) ws.terminate();
    else ws.close(code, reason);
  } catch {
    // A code or reason `ws` will not send (it validated what it received, so only in theory).
    ws.terminate();
  }
}

function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once('close', () => resolve()));
}

/** Starts relaying between an open client socket and an open upstream socket. */
export function relaySession(options: RelaySessionOptions): RelayedSession {
  const { index, opened, client, upstream, masker, transcript } = options;
  const t = (at: number) => Math.max(0, at - opened);
  let recordedClose = false;

  transcript?.header({ session: index, ...options.header });
  options.onEvent?.({
    type: 'open',
    session: index,
    path: options.header.path,
    model: options.header.model,
    dialect: options.header.dialect,
  });

  const record = (direction: 'client' | 'server', data: Buffer, binary: boolean, at: number) => {
    if (transcript === undefined) return;
    transcript.frame(
      index,
      t(at),
      direction,
      binary ? masker.binary(data) : masker.text(data.toString('utf8')),
    );
  };

  /** Records the first close only: the other side's answer is its echo. */
  const recordClose = (by: 'client' | 'server' | 'relay', code: number, reason: string) => {
    if (recordedClose) return;
    recordedClose = true;
    // The relay closing is, as upstream sees it, the client closing.
    transcript?.close(
      index,
      t(performance.now()),
      by === 'server' ? 'server' : 'client',
      code,
      masker.maskString(reason),
    );
    options.onEvent?.({ type: 'close', session: index, by, code, reason });
  };

  client.on('message', (data, binary) => {
    record('client', data as Buffer, binary, performance.now());
    upstream.send(data as Buffer, { binary });
  });
  client.on('close', (code, reason) => {
    recordClose('client', code, reason.toString('utf8'));
    forwardClose(upstream, code, reason.toString('utf8'));
  });
  upstream.on('close', (code, reason) => {
    recordClose('server', code, reason.toString('utf8'));
    forwardClose(client, code, reason.toString('utf8'));
  });
  // An error is followed by a close event (1006 for a dropped socket), which does the work.
  client.on('error', () => {});
  upstream.on('error', () => {});

  const both = Promise.all([closed(client), closed(upstream)]).then(() => options.onEnd());

  return {
    fromUpstream(data, binary, at) {
      record('server', data, binary, at);
      client.send(data, { binary });
    },
    async stop(code, reason) {
      // A side already closing finishes its own close handshake, which the close events record.
      if (client.readyState === client.OPEN && upstream.readyState === upstream.OPEN) {
        recordClose('relay', code, reason);
        forwardClose(upstream, code, reason);
        forwardClose(client, code, reason);
      }
      // A peer that never answers the close is dropped.
      const timer = setTimeout(() => {
        upstream.terminate();
        client.terminate();
      }, CLOSE_TIMEOUT_MS);
      await both;
      clearTimeout(timer);
    },
  };
}
