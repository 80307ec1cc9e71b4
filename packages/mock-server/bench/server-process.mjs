// A server process for the bench: `mock` (createMockServer) or `bare` (a plain ws server that
// replays recorded frames). Reports its port over IPC and answers {cpu} requests with
// process.cpuUsage(), so the bench measures server CPU apart from the client's.
import { WebSocketServer } from 'ws';
import { createMockServer } from '../dist/index.js';

const [kind] = process.argv.slice(2);
let port;
let frames = [];
if (kind === 'mock' || kind === 'mock-paced') {
  const server = await createMockServer({
    port: 0,
    seed: 1,
    pace: kind === 'mock-paced' ? 'realtime' : 'fast',
  });
  port = server.port;
} else {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = wss.address().port;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      // One client message that asks for a response gets the recorded response frames.
      if (!String(data).includes('"response.create"')) return;
      if (kind === 'bare') {
        for (const frame of frames) ws.send(frame);
        return;
      }
      // bare-paced: the same frames, each audio delta 100 ms after the previous one.
      let i = 0;
      let due = performance.now();
      const next = () => {
        while (i < frames.length) {
          const frame = frames[i];
          if (frame.includes('audio.delta"') && i > 0 && frames[i - 1].includes('audio.delta"')) {
            due += 100;
            const wait = due - performance.now();
            if (wait > 0) {
              i++;
              setTimeout(() => {
                ws.send(frame);
                next();
              }, wait);
              return;
            }
          }
          ws.send(frame);
          i++;
        }
      };
      next();
    });
  });
}
process.on('message', (message) => {
  if (message.frames) frames = message.frames;
  if (message.cpu) process.send({ cpu: process.cpuUsage() });
  if (message.exit) process.exit(0);
});
process.send({ port });
