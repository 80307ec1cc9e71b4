// A client process of the paced bench: opens its share of the sessions, readies each one (its
// setup frames: session.update, a user message), then from its start time asks for audio
// responses back to back and times the audio deltas' arrival. It does as little as it can per
// frame: the bench measures the server, and the clients share the machine with it.
//
// IPC in: {connect: {port, sessions, setup (frames to send first)}} → {ready}; {go: {at (epoch
// ms), starts (ms after `at`, one per session), due, audio (the schedule), responses (per
// session, back to back), window (epoch ms: only deltas arriving in it are reported)}} →
// {done: {lateness, frames, mismatches, cpuUs}}; {close} → {closed}; {exit}.
import WebSocket from 'ws';

const AUDIO_BYTES = Buffer.from('{"type":"response.output_audio.delta"');
const epochNow = () => performance.timeOrigin + performance.now();

let sockets = [];

async function open(port, setup) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`, {
    perMessageDeflate: false,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  for (const frame of setup) ws.send(frame);
  return ws;
}

async function connect({ port, sessions, setup }) {
  // Connect in small batches (a burst of thousands overflows the listen backlog).
  sockets = [];
  for (let i = 0; i < sessions; i += 50) {
    const batch = Array.from({ length: Math.min(50, sessions - i) }, () => open(port, setup));
    sockets.push(...(await Promise.all(batch)));
  }
  process.send({ ready: true });
}

async function go({ at, starts, due, audio, responses, window: [from, to] }) {
  const lateness = [];
  let mismatches = 0;
  let frames = 0;
  const toLocal = performance.timeOrigin;
  const finished = sockets.map(
    (ws, i) =>
      new Promise((resolve) => {
        let t0 = -1;
        let k = 0;
        let left = responses;
        const ask = () => {
          left--;
          k = 0;
          t0 = performance.now();
          ws.send('{"type":"response.create"}');
        };
        ws.on('message', (data) => {
          if (t0 < 0) return; // answers to the setup frames
          const now = performance.now();
          frames++;
          const index = k++;
          if (audio[index] === true) {
            if (Buffer.compare(data.subarray(0, AUDIO_BYTES.length), AUDIO_BYTES) !== 0)
              mismatches++;
            const epoch = toLocal + now;
            if (due[index] > 0 && epoch >= from && epoch < to)
              lateness.push(now - (t0 + due[index]));
          }
          if (k < due.length) return;
          // The response is complete: the next one is asked for at once.
          if (left > 0) ask();
          else resolve();
        });
        setTimeout(ask, Math.max(0, at + starts[i] - epochNow()));
      }),
  );
  const cpu0 = process.cpuUsage();
  await Promise.all(finished);
  const cpu = process.cpuUsage(cpu0);
  process.send({ done: { lateness, frames, mismatches, cpuUs: cpu.user + cpu.system } });
}

process.on('message', (message) => {
  if (message.connect !== undefined) void connect(message.connect);
  else if (message.go !== undefined) void go(message.go);
  else if (message.close) {
    for (const ws of sockets) ws.terminate();
    sockets = [];
    process.send({ closed: true });
  } else if (message.exit) process.exit(0);
});
process.send({ started: true });
