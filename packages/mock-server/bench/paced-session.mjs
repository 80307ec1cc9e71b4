// What the paced benches' sessions do: the frames every client sends first, and a SessionHost
// in realtime pace on a virtual clock (for the schedule and the in-process timings).
import { gaCodec, SessionHost } from '../dist/index.js';
import { virtualClock } from './virtual-clock.mjs';

// The default responder answers `You said: "<text>". Got it.`: ~4 s of speech at 65 ms a character.
export const TEXT = 'Read me the weather report for the coast.';
/** The frames every client sends first: turn detection off, one user message. */
export const SETUP = [
  JSON.stringify({
    type: 'session.update',
    session: { type: 'realtime', audio: { input: { turn_detection: null } } },
  }),
  JSON.stringify({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: TEXT }] },
  }),
];
export const CREATE = '{"type":"response.create"}';

/**
 * A GA session in realtime pace on its own virtual clock, opened and set up with {@link SETUP}.
 * `io.send(text, at)` gets each frame and its virtual time; `io.sendParts` (the deltas, as the `ws`
 * transport gets them) is optional.
 */
export function virtualSession(io, engine = {}) {
  const clock = virtualClock();
  const host = new SessionHost(
    {
      send: (text) => io.send(text, clock.now()),
      ...(io.sendParts === undefined ? {} : { sendParts: io.sendParts }),
      close() {},
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    },
    { codec: gaCodec, pace: 'realtime', engine },
  );
  host.open();
  for (const frame of SETUP) host.receive(frame);
  return { clock, host };
}
