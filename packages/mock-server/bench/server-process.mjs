// A server process for the bench: `mock` (createMockServer) or `bare` (a plain ws server that
// replays recorded frames). Reports its port over IPC and answers {cpu} requests with
// process.cpuUsage(), so the bench measures server CPU apart from the client's.
import { WebSocketServer } from 'ws';
import { createMockServer } from '../dist/index.js';

const [kind] = process.argv.slice(2);
let port;
let frames = [];
if (kind === 'mock') {
  const server = await createMockServer({ port: 0, seed: 1 });
  port = server.port;
} else {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = wss.address().port;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      // One client message that asks for a response gets the recorded response frames.
      if (!String(data).includes('"response.create"')) return;
      for (const frame of frames) ws.send(frame);
    });
  });
}
process.on('message', (message) => {
  if (message.frames) frames = message.frames;
  if (message.cpu) process.send({ cpu: process.cpuUsage() });
  if (message.exit) process.exit(0);
});
process.send({ port });
