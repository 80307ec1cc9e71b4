// Test support: a real client over a real socket, collecting server frames.
import WebSocket from 'ws';

export interface Client {
  ws: WebSocket;
  /** Every parsed server event so far. */
  events: Record<string, unknown>[];
  /** Raw text frames, in order. */
  frames: string[];
  send(event: unknown): void;
  /** Resolves when an event of `type` (after `from` events) has arrived. */
  waitFor(type: string, from?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function connect(
  url: string,
  options: WebSocket.ClientOptions & { protocols?: string[] } = {},
): Promise<Client> {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols, rest);
  const events: Record<string, unknown>[] = [];
  const frames: string[] = [];
  const waiters: { type: string; from: number; resolve: (e: Record<string, unknown>) => void }[] =
    [];
  ws.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    const event = JSON.parse(text) as Record<string, unknown>;
    events.push(event);
    for (const w of [...waiters]) {
      const found = events.slice(w.from).find((e) => e.type === w.type);
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    events,
    frames,
    closed,
    send: (event) => ws.send(typeof event === 'string' ? event : JSON.stringify(event)),
    waitFor: (type, from = 0) => {
      const found = events.slice(from).find((e) => e.type === type);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ type, from, resolve }));
    },
  };
}
