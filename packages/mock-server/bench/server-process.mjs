// A server process for the benches: `mock` (createMockServer) or `bare` (a plain `ws` server that
// sends the recorded frames of a response, one ws.send each, as a bare server would), in `fast`
// or `paced` mode. Paced only, `frames`: the recorded frames prebuilt as WebSocket frame bytes and
// written the way the mock's `ws` transport writes them (one socket write per tick: the frames due
// together in one buffer), paced like the mock (one Pacer for every session): the mock without its
// engine, so mock − frames is what making the events costs. Reports its port over IPC, answers {cpu} with process.cpuUsage(), and in paced
// mode measures its own send lateness (below).
//
// Send lateness (paced mode): both servers are timed by the same hook, where a frame reaches the
// TCP socket: the socket write in which a text frame starts (first byte 0x81; `ws.send` writes
// the header first and the payload next, the mock writes a tick's frames whole in one buffer, and
// the hook walks every frame header in it). A prepended 'message' listener
// on each WebSocket notes when a session's response.create arrived (t0); the k-th frame started
// after it is due at t0 + due[k] (the schedule the bench got from the mock's own clock); its
// lateness is the time it is written minus that. Only audio deltas after the first (the frames a
// pacing timer sends) are counted, and each one is checked to be an audio delta.
//
// The hook keeps its state in a WeakMap and a class with fixed field types: a symbol key added to
// the sockets, or a field that starts as an integer and later holds a fraction, deprecates object
// maps on the hot path, and V8 then aborts and retries optimizing it without end (measured: ~60
// aborted TurboFan compiles of 10-20 ms in one 4 s window, a fifth of the server's core).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { virtualClock } from './virtual-clock.mjs';

const [kind, mode] = process.argv.slice(2);
const paced = mode === 'paced';
/** Recorded response frames (bare server) and, paced, when each is due (ms after t0). */
let frames = [];
let due = [];
/** Paced: which frames are audio deltas (the ones measured). */
let audio = [];
/**
 * Paced: the lateness samples of the measured window, in a typed array that doubles when full. A
 * plain array's `push` would reallocate its backing store as it grows, in the very heap whose
 * collections the measurement must not add to. Room for 3 500 sessions' window from the start:
 * the first growth in the window deoptimized the hook (a branch it had never run), and the
 * recompile took 24 ms on a helper thread during the measurement.
 */
let lateness = new Float64Array(1 << 18);
let samples = 0;
/** Paced: the steady-state window (epoch ms); only deltas sent in it count. */
let steady = [0, 0];
/** Paced: the lateness limit the bench judges by (ms, sent with {watch}), for the timeline. */
let limitMs;
let windowCpu = [];
/** The main thread's {@link mainThread} readings at the window's edges. */
let windowMain = [];
let runCpu;
let mismatches = 0;
let peakRss = 0;
let rssTimer;
/**
 * Paced: the garbage collector's pauses that began in the window: how many, their total and the
 * longest (ms), and of them the mark-compacts of the whole heap (`major`: how many, the longest).
 * A pause stops every session's timers at once, so the long ones are what a p99 over the limit is
 * made of; a mark-compact's length follows the live heap, a young collection's what survives it.
 */
const gc = { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 };
if (paced) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const epoch = origin + entry.startTime;
      if (epoch < steady[0] || epoch >= steady[1]) continue;
      timeline?.gc.push([entry.startTime, entry.duration]);
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.detail?.kind === perf.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major++;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
}

/**
 * The main thread's time on a core and waiting for one (ms, Linux: /proc schedstat), or undefined
 * elsewhere. process.cpuUsage() adds the helper threads; lateness is decided by the main thread,
 * which runs every session's JavaScript.
 */
function mainThread() {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
      .split(' ')
      .map(Number);
    return { runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * BENCH_TIMELINE=<dir>: where the window's late deltas were, per 10 ms, next to what the main
 * thread did then (its time on the core and waiting for it, read every 5 ms) and the GC pauses
 * near: `<label>.timeline.txt`, one line per 10 ms with a delta later than the limit. A stretch
 * where lateness climbs while the main thread runs the whole time is work that took longer than
 * the time it had; one that starts at a pause is the collector's.
 */
const timeline = process.env.BENCH_TIMELINE
  ? { at: new Float64Array(1 << 18), gc: [], main: [], creates: [], timer: undefined }
  : undefined;

function writeTimeline(file) {
  const BUCKET = 10;
  const start = steady[0] - origin;
  const buckets = Math.ceil((steady[1] - steady[0]) / BUCKET);
  const count = new Uint32Array(buckets);
  const late = new Uint32Array(buckets);
  const max = new Float64Array(buckets);
  for (let i = 0; i < Math.min(samples, timeline.at.length); i++) {
    const b = Math.floor((timeline.at[i] - start) / BUCKET);
    if (b < 0 || b >= buckets) continue;
    count[b]++;
    if (lateness[i] > limitMs) late[b]++;
    max[b] = Math.max(max[b], lateness[i]);
  }
  const lines = [
    `# ${file}: per ${BUCKET} ms of the window with a delta later than ${limitMs} ms: deltas, how many late, the latest (ms); main thread on the core / waiting for it (ms, from readings every 5 ms); response.create requests that arrived; GC pauses that began up to 30 ms before (start in the window + duration, ms)`,
  ];
  for (let b = 0; b < buckets; b++) {
    if (max[b] <= limitMs) continue;
    const from = start + b * BUCKET;
    const to = from + BUCKET;
    let run = 0;
    let wait = 0;
    for (let j = 1; j < timeline.main.length; j++) {
      const [t, r, w] = timeline.main[j];
      if (t < from || t >= to) continue;
      run += r - timeline.main[j - 1][1];
      wait += w - timeline.main[j - 1][2];
    }
    const creates = timeline.creates.filter((t) => t >= from && t < to).length;
    const pauses = timeline.gc
      .filter(([at, ms]) => at < to && at + ms > from - 30)
      .map(([at, ms]) => `gc ${(at - start).toFixed(0)}+${ms.toFixed(1)}`);
    lines.push(
      `${String(b * BUCKET).padStart(5)} ms  deltas ${String(count[b]).padStart(3)}  late ${String(late[b]).padStart(3)}  latest ${max[b].toFixed(1).padStart(5)}  main ${run.toFixed(1)}/${wait.toFixed(1)}  creates ${creates}  ${pauses.join(' ')}`,
    );
  }
  const inWindow = timeline.creates.filter(
    (t) => t >= start && t < start + buckets * BUCKET,
  ).length;
  lines.splice(
    1,
    0,
    `# response.create requests per ${BUCKET} ms: ${(inWindow / buckets).toFixed(1)} on average in the window`,
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const AUDIO_PREFIX = Buffer.from('{"type":"response.output_audio.delta"');
const TEXT_FRAME = 0x81;
const origin = performance.timeOrigin;

/** What the hook knows of one connection. */
class Watch {
  /** When the last response.create arrived (performance.now()), or -1 before the first. */
  t0 = -1.5;
  /** Frames started since t0. */
  k = 0;
  /** The frame just started must be an audio delta, and its payload has not been seen yet. */
  pending = false;
  /** Payload bytes of the frame just started still to come in later writes. */
  skip = 0;
}
const watches = new WeakMap();

/** Whether `chunk` (from `offset`) begins like an audio delta. */
const startsAudio = (chunk, offset) =>
  typeof chunk === 'string'
    ? chunk.startsWith('{"type":"response.output_audio.delta"', offset)
    : chunk.length >= offset + AUDIO_PREFIX.length &&
      chunk.compare(AUDIO_PREFIX, 0, AUDIO_PREFIX.length, offset, offset + AUDIO_PREFIX.length) ===
        0;

/**
 * Times every text frame that starts in `chunk`, a buffer written to a watched socket. A chunk
 * may hold several whole frames (the mock writes a tick's frames as one buffer), a header alone
 * (ws writes the payload next) or the rest of a payload.
 */
function watchFrames(watch, chunk) {
  let at = 0;
  while (at < chunk.length) {
    if (watch.skip > 0) {
      if (watch.pending && !startsAudio(chunk, at)) mismatches++;
      watch.pending = false;
      const take = Math.min(watch.skip, chunk.length - at);
      watch.skip -= take;
      at += take;
      continue;
    }
    const length = chunk[at + 1] & 0x7f;
    const header = length < 126 ? 2 : length === 126 ? 4 : 10;
    watch.skip =
      length < 126
        ? length
        : length === 126
          ? chunk.readUInt16BE(at + 2)
          : chunk.readUInt32BE(at + 2) * 0x100000000 + chunk.readUInt32BE(at + 6);
    if (chunk[at] === TEXT_FRAME) {
      const now = performance.now();
      const k = watch.k++;
      if (audio[k] === true) {
        watch.pending = true;
        const epoch = origin + now;
        if (due[k] > 0 && epoch >= steady[0] && epoch < steady[1]) {
          if (samples === lateness.length) {
            const grown = new Float64Array(2 * samples);
            grown.set(lateness);
            lateness = grown;
          }
          if (timeline !== undefined && samples < timeline.at.length) timeline.at[samples] = now;
          lateness[samples++] = now - (watch.t0 + due[k]);
        }
      }
    }
    at += header;
  }
}

if (paced) {
  const setSocket = WebSocket.prototype.setSocket;
  WebSocket.prototype.setSocket = function watchedSocket(socket, head, options) {
    setSocket.call(this, socket, head, options);
    const watch = new Watch();
    watches.set(socket, watch);
    this.prependListener('message', (message) => {
      if (message.includes('"response.create"')) {
        watch.t0 = performance.now();
        watch.k = 0;
        timeline?.creates.push(watch.t0);
      }
    });
  };
  const write = Socket.prototype.write;
  Socket.prototype.write = function timedWrite(chunk, encoding, cb) {
    const watch = watches.get(this);
    if (watch !== undefined && watch.t0 >= 0) {
      if (typeof chunk === 'string') {
        // ws writes a string payload whole, after its header.
        if (watch.pending && !startsAudio(chunk, 0)) mismatches++;
        watch.pending = false;
        watch.skip = 0;
      } else {
        watchFrames(watch, chunk);
      }
    }
    return write.call(this, chunk, encoding, cb);
  };
}

/**
 * Paced mock, before the measured run: brings the process to the state of a server that has
 * been up a while. @soundcheck/schema compiles a client event type's parser on its 1 000th parse
 * (a 40–90 ms pause, once per type and process: see its fast-path.ts), so each frame a bench
 * session sends is parsed 1 100 times first; then 1 000 sessions run 3 responses each on a
 * virtual clock (~0.8 s), so the JIT has compiled the response paths. A function called once per
 * response (response.done's) is optimized only after a few thousand calls: after a warm-up of 50
 * sessions, `--trace-opt` showed it and four others compiled inside the measured window (jobs of
 * up to 50 ms on a helper thread, which shares the cores); after 1 000, none of them was.
 */
function warmUp({ SessionHost, gaCodec }, setup) {
  const clock = virtualClock();
  const host = () =>
    new SessionHost(
      {
        send() {},
        sendParts() {},
        close() {},
        now: clock.now,
        setTimer: clock.setTimer,
        clearTimer: clock.clearTimer,
      },
      { codec: gaCodec, pace: 'realtime' },
    );
  const create = '{"type":"response.create"}';
  const parsing = host();
  parsing.open();
  for (let i = 0; i < 1100; i++) {
    for (const frame of setup) parsing.receive(frame);
    parsing.receive(create); // the first starts a response, the others are refused: all parsed
  }
  parsing.close();
  for (let s = 0; s < 1000; s++) {
    const session = host();
    session.open();
    for (const frame of setup) session.receive(frame);
    for (let r = 0; r < 3; r++) {
      session.receive(create);
      clock.drain();
    }
  }
}

// BENCH_PROF=<dir>: a CPU profile of the measured window only (set-up and warm-up left out).
let inspector;
async function profileStart() {
  const { Session } = await import('node:inspector/promises');
  inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
async function profileStop(file) {
  const { profile } = await inspector.post('Profiler.stop');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  inspector.disconnect();
}

let port;
let mock;
if (kind === 'mock') {
  // Only the mock loads the package (the bare server's RSS is a bare ws server's).
  mock = await import(process.env.BENCH_MOCK_BUILD ?? '../dist/index.js');
  const server = await mock.createMockServer({
    port: 0,
    seed: 1,
    pace: paced ? 'realtime' : 'fast',
  });
  port = server.port;
} else if (kind === 'frames') {
  // Paced like the mock: one Pacer (the mock's own) for every session.
  const { Pacer } = await import(process.env.BENCH_MOCK_BUILD ?? '../dist/index.js');
  const pacer = new Pacer();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = wss.address().port;
  /** The recorded frames as unmasked text frames (RFC 6455 §5.2), built on first use. */
  let built;
  const frameBytes = (text) => {
    const payload = Buffer.from(text);
    const size = payload.length;
    const header = size < 126 ? 2 : size < 0x10000 ? 4 : 10;
    const frame = Buffer.alloc(header + size);
    frame[0] = 0x81;
    if (header === 2) frame[1] = size;
    else if (header === 4) {
      frame[1] = 126;
      frame.writeUInt16BE(size, 2);
    } else {
      frame[1] = 127;
      frame.writeUInt32BE(size, 6);
    }
    payload.copy(frame, header);
    return frame;
  };
  /** The frames due together, as one buffer per tick, and when each tick is due. */
  const ticks = () => {
    built ??= (() => {
      const out = { at: [], bytes: [] };
      for (let i = 0; i < frames.length; ) {
        const at = due[i];
        const group = [];
        while (i < frames.length && due[i] === at) group.push(frameBytes(frames[i++]));
        out.at.push(at);
        out.bytes.push(Buffer.concat(group));
      }
      return out;
    })();
    return built;
  };
  wss.on('connection', (ws) => {
    ws.send('{"type":"session.created"}');
    const socket = ws._socket;
    let t0 = 0;
    let i = 0;
    // Each tick writes the frames due together as one buffer, as the mock's transport does.
    const slot = pacer.slot(() => {
      const { at, bytes } = ticks();
      socket.write(bytes[i++]);
      if (i < at.length) pacer.scheduleAt(slot, t0 + at[i]);
    });
    const tick = () => slot.run();
    ws.on('close', () => pacer.cancel(slot));
    ws.on('message', (data) => {
      if (!data.includes('"response.create"')) return;
      t0 = performance.now();
      i = 0;
      tick();
    });
  });
} else {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = wss.address().port;
  wss.on('connection', (ws) => {
    // The bare server's first frame (the hook starts watching the connection on it).
    ws.send('{"type":"session.created"}');
    ws.on('message', (data) => {
      if (!data.includes('"response.create"')) return;
      if (!paced) {
        for (const frame of frames) ws.send(frame);
        return;
      }
      // The same frames at the same times, each group of due frames from a drift-free timer.
      const t0 = performance.now();
      let i = 0;
      const next = () => {
        const at = due[i];
        while (i < frames.length && due[i] === at) ws.send(frames[i++]);
        if (i < frames.length) setTimeout(next, t0 + due[i] - performance.now());
      };
      next();
    });
  });
}

process.on('message', (message) => {
  if (message.frames !== undefined) {
    frames = message.frames;
    due = message.due ?? [];
    audio = message.audio ?? [];
    if (mock !== undefined && message.setup !== undefined) warmUp(mock, message.setup);
    process.send({ ok: true });
  } else if (message.cpu) {
    process.send({ cpu: process.cpuUsage() });
  } else if (message.watch !== undefined) {
    // A measured run: forget earlier samples; CPU is read at the window's edges, RSS sampled
    // until {stats}.
    samples = 0;
    mismatches = 0;
    gc.count = 0;
    gc.totalMs = 0;
    gc.maxMs = 0;
    gc.major = 0;
    gc.majorMaxMs = 0;
    steady = message.watch;
    limitMs = message.limit;
    windowCpu = [];
    windowMain = [];
    runCpu = process.cpuUsage();
    if (timeline !== undefined) {
      timeline.gc.length = 0;
      timeline.main.length = 0;
      timeline.creates.length = 0;
    }
    const inMs = (epoch) => Math.max(0, epoch - (performance.timeOrigin + performance.now()));
    setTimeout(() => {
      windowCpu.push(process.cpuUsage());
      windowMain.push(mainThread());
      if (timeline !== undefined) {
        clearInterval(timeline.timer);
        timeline.timer = setInterval(() => {
          const main = mainThread();
          if (main !== undefined) timeline.main.push([performance.now(), main.runMs, main.waitMs]);
        }, 5);
      }
      if (process.env.BENCH_PROF) void profileStart();
    }, inMs(steady[0]));
    setTimeout(() => {
      windowCpu.push(process.cpuUsage());
      windowMain.push(mainThread());
      if (timeline !== undefined) {
        clearInterval(timeline.timer);
        writeTimeline(join(process.env.BENCH_TIMELINE, `${message.label}.timeline.txt`));
      }
      if (process.env.BENCH_PROF)
        void profileStop(join(process.env.BENCH_PROF, `${message.label}.cpuprofile`));
    }, inMs(steady[1]));
    peakRss = process.memoryUsage.rss();
    clearInterval(rssTimer);
    rssTimer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 250);
    process.send({ watching: true });
  } else if (message.stats) {
    clearInterval(rssTimer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const sorted = lateness.slice(0, samples).sort();
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
    const [from, to] = windowCpu;
    const [mainFrom, mainTo] = windowMain;
    const now = process.cpuUsage(runCpu);
    process.send({
      cpuUs: from && to ? to.user + to.system - from.user - from.system : Number.NaN,
      systemUs: from && to ? to.system - from.system : Number.NaN,
      runCpuUs: now.user + now.system,
      mainRunMs: mainFrom && mainTo ? mainTo.runMs - mainFrom.runMs : Number.NaN,
      mainWaitMs: mainFrom && mainTo ? mainTo.waitMs - mainFrom.waitMs : Number.NaN,
      count: sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
      mismatches,
      peakRss,
      gc,
    });
  } else if (message.exit) {
    process.exit(0);
  }
});
process.send({ port });
