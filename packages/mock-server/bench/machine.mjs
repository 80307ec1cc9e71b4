// Shared bench helpers: what machine the figures come from, whether something else was loading
// it during the run, pinning a process to a core, and percentiles.
import { execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** `CPU: <model> (<n> cores), Node <version>`. */
export function machineLine() {
  return `CPU: ${cpus()[0]?.model} (${cpus().length} cores), Node ${process.version}`;
}

function hasTaskset() {
  if (process.platform !== 'linux' || process.env.BENCH_NO_PIN) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pinning needs Linux's `taskset` and at least two cores; BENCH_NO_PIN=1 turns it off. */
export const canPin = cpus().length >= 2 && hasTaskset();

/**
 * Starts `node file ...args` with an IPC channel, pinned to the given cores when {@link canPin}.
 * `execArgv` are Node flags (e.g. `--cpu-prof`).
 */
export function startNode(file, args, { cpu, execArgv = [] } = {}) {
  const stdio = ['ignore', 'inherit', 'inherit', 'ipc'];
  if (cpu === undefined || !canPin) return fork(file, args, { stdio, execArgv });
  return spawn('taskset', ['-c', cpu, process.execPath, ...execArgv, file, ...args], { stdio });
}

/**
 * Pins the main thread of process `pid` (not its other threads) to the given cores when
 * {@link canPin}. Called once the process has started, its helper threads (V8's garbage
 * collector and compiler workers) keep running on any core, as they would on the machine.
 */
export function pinMainThread(pid, cpu) {
  if (canPin) execFileSync('taskset', ['-p', '-c', cpu, String(pid)], { stdio: 'ignore' });
}

/** Pins this process (every thread) to the given cores when {@link canPin}. */
export function pinSelf(cpu) {
  if (canPin)
    execFileSync('taskset', ['-a', '-p', '-c', cpu, String(process.pid)], { stdio: 'ignore' });
}

/** Busy and total jiffies of the whole machine (Linux), or undefined elsewhere. */
function machineTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/**
 * Measures how busy the machine was between `start()` and `stop(ownCpuUs)`, minus the CPU time
 * the bench's own processes report: the load other programs put on the machine, in % of all
 * cores. Returns undefined where /proc/stat does not exist.
 */
export function loadMeter() {
  const t0 = machineTicks();
  const wall0 = performance.now();
  return {
    /** @param {number} ownCpuUs CPU µs used by the bench's processes in the meantime. */
    otherPercent(ownCpuUs) {
      const t1 = machineTicks();
      if (t0 === undefined || t1 === undefined) return undefined;
      const wallUs = (performance.now() - wall0) * 1000;
      const busyUs = ((t1.busy - t0.busy) / (t1.total - t0.total)) * wallUs * cpus().length;
      return Math.max(0, (100 * (busyUs - ownCpuUs)) / (wallUs * cpus().length));
    },
  };
}

/** A line warning that other programs loaded the machine (figures then are pessimistic). */
export function loadLine(percent) {
  if (percent === undefined) return '';
  const note =
    percent > 10
      ? ' — other programs were busy: these figures are noisy, run again on a quiet machine'
      : '';
  return `Other programs' load during the run: ${percent.toFixed(0)}% of the machine${note}`;
}

/** The q-quantile (0..1) of a numeric array (sorted copy, nearest rank). */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

export const median = (values) => quantile(values, 0.5);
