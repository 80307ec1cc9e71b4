import { gaCodec, SessionHost } from '../dist/index.js';

const SETUP = [
  JSON.stringify({
    type: 'session.update',
    session: { type: 'realtime', audio: { input: { turn_detection: null } } },
  }),
  JSON.stringify({
    type: 'conversation.item.create',
    item: {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'Read me the weather report for the coast.' }],
    },
  }),
];
let now = 0;
const timers = new Map();
let seq = 0;
let deltas = 0;
const io = () => ({
  send(t) {},
  sendSpliced(h, b, t) {
    deltas++;
  },
  close() {},
  now: () => now,
  setTimer: (fn, ms) => {
    const id = seq++;
    timers.set(id, { at: now + ms, fn });
    return id;
  },
  clearTimer: (id) => {
    timers.delete(id);
  },
});
function run(S, R) {
  const hosts = [];
  for (let s = 0; s < S; s++) {
    const h = new SessionHost(io(), { codec: gaCodec, pace: 'realtime' });
    h.open();
    for (const f of SETUP) h.receive(f);
    hosts.push(h);
  }
  for (let r = 0; r < R; r++) {
    for (const h of hosts) h.receive('{"type":"response.create"}');
    while (timers.size) {
      let best;
      let bid;
      for (const [id, t] of timers)
        if (!best || t.at < best.at) {
          best = t;
          bid = id;
        }
      timers.delete(bid);
      now = Math.max(now, best.at);
      best.fn();
    }
  }
}
run(50, 3);
deltas = 0;
const { Session } = await import('node:inspector/promises');
const ins = new Session();
ins.connect();
await ins.post('HeapProfiler.startSampling', {
  samplingInterval: 512,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
run(100, 2);
const { profile } = await ins.post('HeapProfiler.stopSampling');
const self = new Map();
let total = 0;
const walk = (n) => {
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  total += n.selfSize;
  self.set(name, (self.get(name) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c);
};
walk(profile.head);
console.log('deltas', deltas, 'sampled bytes per delta', (total / deltas).toFixed(0));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 22))
  console.log((v / deltas).toFixed(0).padStart(6), k);
