// Determinism: the same client frames give byte-identical server frames — ids, `expires_at` and
// all — in two separate processes, and in the built package as in the sources.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryPair, createMockServer, type MockServer } from '../src/index.js';
import { connect } from './support.js';

const script = fileURLToPath(new URL('./fixtures/session-script.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function run(dialect: string, seed: number): string {
  if (!existsSync(dist))
    throw new Error('packages/mock-server/dist is missing: run `pnpm build` first');
  return execFileSync(process.execPath, [script, dist, dialect, String(seed)], {
    encoding: 'utf8',
  });
}

/**
 * The frames of one audio turn over a real socket (turn detection off). `stall`: the client stops
 * reading for 300 ms once it has asked for the response.
 */
async function audioTurn(url: string, text: string, stall = false): Promise<string[]> {
  const c = await connect(`${url}?model=gpt-realtime`);
  c.send({
    type: 'session.update',
    session: { type: 'realtime', audio: { input: { turn_detection: null } } },
  });
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  const socket = (c.ws as unknown as { _socket: Socket })._socket;
  if (stall) socket.pause();
  c.send({ type: 'response.create' });
  if (stall) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.resume();
  }
  await c.waitFor('response.done');
  c.ws.close();
  return c.frames;
}

describe('determinism', () => {
  it.each(['ga', 'beta'])(
    '%s: two processes, same seed and frames → byte-identical frames',
    (dialect) => {
      const first = run(dialect, 42);
      const second = run(dialect, 42);
      const frames = first.trim().split('\n');
      expect(frames.length).toBeGreaterThan(50);
      expect(frames.some((f) => f.includes('speech_started'))).toBe(true);
      expect(frames.some((f) => f.includes('function_call_arguments.done'))).toBe(true);
      expect(second).toBe(first);
      // A different seed changes the ids, and only the ids.
      const other = run(dialect, 43);
      expect(other).not.toBe(first);
      const strip = (text: string) =>
        text.replace(/"(event|item|resp|call|sess|conv)_[A-Za-z0-9]{21}"/g, '"$1_"');
      expect(strip(other)).toBe(strip(first));
    },
  );

  it('gives the same frames in-process from the sources', () => {
    const { client } = createMemoryPair({ dialect: 'ga', seed: 42 });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    client.send({ type: 'response.create' });
    const again = createMemoryPair({ dialect: 'ga', seed: 42 }).client;
    again.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    again.send({ type: 'response.create' });
    expect(again.frames).toEqual(client.frames);
  });

  it('sends the same frames over a real socket in realtime pace as in fast pace, two sessions at once', async () => {
    const fast = await createMockServer({ port: 0, seed: 7 });
    const paced = await createMockServer({ port: 0, seed: 7, pace: 'realtime' });
    try {
      const expected = [
        await audioTurn(fast.url, 'hi there'),
        await audioTurn(fast.url, 'hi there'),
      ];
      // Both paced sessions stream at once: their frames are cut from one shared slab, whose
      // bytes are given back after each tick (frame-bytes.ts).
      const got = await Promise.all([
        audioTurn(paced.url, 'hi there'),
        audioTurn(paced.url, 'hi there'),
      ]);
      // Which connection the server numbered first (its ids' seed) is up to the handshakes.
      const bySession = (frames: string[]) => frames[0] ?? '';
      got.sort((a, b) => bySession(a).localeCompare(bySession(b)));
      expected.sort((a, b) => bySession(a).localeCompare(bySession(b)));
      const deltas = (expected[0] ?? []).filter((f) => f.includes('output_audio.delta'));
      expect(deltas.length).toBeGreaterThan(5);
      expect(got).toEqual(expected);
    } finally {
      await Promise.all([fast.close(), paced.close()]);
    }
  });

  it('writes the frames due in one tick as one buffer of whole frames', async () => {
    const paced = await createMockServer({ port: 0, seed: 7, pace: 'realtime' });
    // The server's writes of its own frames: unmasked text frames (a client masks its frames).
    const writes: Buffer[] = [];
    const write = Socket.prototype.write;
    const spy = vi.spyOn(Socket.prototype, 'write').mockImplementation(function (
      this: Socket,
      ...args: Parameters<Socket['write']>
    ) {
      const chunk = args[0];
      if (Buffer.isBuffer(chunk) && chunk[0] === 0x81 && ((chunk[1] ?? 0) & 0x80) === 0)
        writes.push(Buffer.from(chunk));
      return write.apply(this, args);
    });
    try {
      const frames = await audioTurn(paced.url, 'hi there, how are the tides today?');
      // Each write is whole frames, header and payload: read them back.
      const written = writes.map((chunk) => {
        const payloads: string[] = [];
        let at = 0;
        while (at < chunk.length) {
          expect(chunk[at]).toBe(0x81);
          const short = (chunk[at + 1] ?? 0) & 0x7f;
          const header = short < 126 ? 2 : short === 126 ? 4 : 10;
          const size =
            short < 126
              ? short
              : short === 126
                ? chunk.readUInt16BE(at + 2)
                : chunk.readUInt32BE(at + 6);
          payloads.push(chunk.toString('utf8', at + header, at + header + size));
          at += header + size;
        }
        expect(at).toBe(chunk.length);
        return payloads;
      });
      // Every frame the client got, in order, and some ticks carried a word with its audio.
      expect(written.flat()).toEqual(frames);
      const paired = written.filter(
        (tick) =>
          tick.length === 2 &&
          tick.some((f) => f.includes('"response.output_audio_transcript.delta"')) &&
          tick.some((f) => f.includes('"response.output_audio.delta"')),
      );
      expect(paired.length).toBeGreaterThan(2);
    } finally {
      spy.mockRestore();
      await paced.close();
    }
  });

  it('keeps every frame intact when the client reads slower than the server writes', async () => {
    // ~2 000 characters of reply: ~2 min of audio, ~8 MB of frames in one fast-pace burst, more
    // than the socket buffers hold, so the server's socket queues frames it has not written yet.
    const text = 'Tell me about the tides. '.repeat(80);
    const servers = await Promise.all([
      createMockServer({ port: 0, seed: 3 }),
      createMockServer({ port: 0, seed: 3 }),
    ]);
    try {
      const [reading, stalled] = servers as [MockServer, MockServer];
      const expected = await audioTurn(reading.url, text);
      const got = await audioTurn(stalled.url, text, true);
      expect(expected.filter((f) => f.includes('output_audio.delta')).length).toBeGreaterThan(1000);
      expect(got).toEqual(expected);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
