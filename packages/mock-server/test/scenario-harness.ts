// Plays a shipped scenario to the reference client over a real WebSocket (for scenario tests).
import {
  createMockServer,
  loadScenarios,
  type MockServerOptions,
  type ScenarioReport,
  shippedScenarioDir,
} from '../src/index.js';
import { ReferenceClient, type ReferenceClientOptions } from './reference-client.js';

export const dir = shippedScenarioDir();
export const scenarios = loadScenarios(dir);

export interface Run {
  report: ScenarioReport;
  transcript: string[];
  serverFrames: string[];
  closed: { code: number; reason: string };
}

/** Plays one scenario to a reference client; resolves once the verdict is final and both sides closed. */
export async function play(
  name: string,
  dialect: 'beta' | 'ga',
  client: Partial<ReferenceClientOptions> = {},
  server: MockServerOptions = {},
  timeoutMs = 10_000,
): Promise<Run> {
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const transcript: string[] = [];
  const serverFrames: string[] = [];
  let ref: ReferenceClient | undefined;
  const pending: [Parameters<ReferenceClient['user']>[0], number][] = [];
  let resolveReport: (r: ScenarioReport) => void = () => {};
  const report = new Promise<ScenarioReport>((resolve) => {
    resolveReport = resolve;
  });
  const mock = await createMockServer({
    scenario: name,
    dialect,
    seed: 0,
    onFrame: ({ direction, data, at }) => {
      transcript.push(`${direction} ${at} ${String(data)}`);
      if (direction === 'server') serverFrames.push(String(data));
    },
    onUser: (_session, action) => {
      // The client acts once it has seen what the server had sent by then.
      if (ref === undefined) pending.push([action, serverFrames.length]);
      else void ref.user(action, serverFrames.length);
    },
    onScenarioEnd: (_session, r) => resolveReport(r),
    ...server,
  });
  const manual =
    (scenario.session?.audio as { input?: { turn_detection?: unknown } } | undefined)?.input
      ?.turn_detection === null;
  ref = new ReferenceClient({
    url: mock.url,
    dialect,
    scenarioDir: dir,
    manualTurns: manual,
    intent: scenario.connection?.intent ?? 'realtime',
    summarize: name === 'out-of-band-response',
    ...client,
  });
  for (const [action, after] of pending.splice(0)) void ref.user(action, after);
  // A client that never lets the script end is closed after `timeoutMs` (the verdict then says where).
  const timer = setTimeout(() => ref?.close(), timeoutMs);
  const final = await report;
  clearTimeout(timer);
  ref.close();
  const closed = await ref.closed;
  await mock.close();
  return { report: final, transcript, serverFrames, closed };
}
