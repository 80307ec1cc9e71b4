/**
 * `soundcheck serve`: the mock Realtime server on a real port, until Ctrl-C.
 * The first line on stdout is the URL; Ctrl-C closes every session with 1001 and flushes the
 * transcript.
 */
import {
  createMockServer,
  type MockServerOptions,
  type MockSession,
  resolveScenario,
  ScenarioError,
  type ScenarioReport,
  type UserAction,
} from '@soundcheck/mock-server';
import { CliError, integer, listenError, oneOf, parseFlags } from './cli-errors.js';
import { REPLAY_HELP_LINES, serveReplay } from './replay/serve-replay.js';
import {
  openTranscriptFile,
  type TranscriptFile,
  type TranscriptWriter,
} from './transcript/writer.js';

export const SERVE_HELP = `Usage: soundcheck serve [options]

Serves the deterministic mock OpenAI Realtime API on a real WebSocket until Ctrl-C.
The first line on stdout is the URL it listens on.

Options:
  --host <host>          interface to listen on (default 127.0.0.1)
  --port <port>          port; 0 picks a free one (default 8080)
  --dialect <d>          auto | beta | ga (default auto: beta when the client sends
                         the OpenAI-Beta: realtime=v1 header or beta subprotocol)
  --pace <p>             fast | realtime (default fast: no waiting; realtime paces
                         audio as it plays)
  --api-key <key>        accept only this key (repeatable); without it any key works
  --seed <n>             seed of every id (default 0): same seed + same frames =
                         same server frames
  --beta-retired         refuse beta handshakes as OpenAI does since 2026
  --tls                  serve wss:// with a throwaway self-signed certificate for
                         127.0.0.1 and localhost (the official SDK always dials wss:);
                         prints the certificate file to trust
  --transcript <file>    write every frame both ways as JSON lines
  --scenario <s>         play a scenario in every session: a shipped name (e.g.
                         barge-in-truncate) or a scenario file; prints what the user
                         does at each \`user\` step and each session's verdict; exit 1
                         when a session FAILED or was INCOMPLETE. Clients can also
                         pick one per connection: /cases/<name>/v1/realtime
${REPLAY_HELP_LINES}  -h, --help             show this help
`;

const DIALECTS = ['auto', 'beta', 'ga'] as const;
const PACES = ['fast', 'realtime'] as const;

export interface ServeIo {
  stdout: (text: string) => void;
  /** Resolves when the server should stop (Ctrl-C). */
  stopped: Promise<void>;
}

/** Parses `serve` flags into server options (throws CliError on a bad flag or value). */
export function parseServeArgs(args: string[]): {
  options: MockServerOptions;
  transcript?: string;
  help: boolean;
} {
  const parsed = parseFlags('serve', {
    args,
    allowPositionals: false,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      dialect: { type: 'string' },
      pace: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      seed: { type: 'string' },
      'beta-retired': { type: 'boolean' },
      tls: { type: 'boolean' },
      transcript: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  let scenario: MockServerOptions['scenario'];
  if (typeof v.scenario === 'string') {
    try {
      scenario = resolveScenario(v.scenario);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      throw new CliError('invalid_scenario', error.message.replace(/\n {2}hint: .*$/s, ''), {
        hint: error.hint,
      });
    }
  }
  const options: MockServerOptions = {
    host: (v.host as string | undefined) ?? '127.0.0.1',
    port: v.port === undefined ? 8080 : integer('--port', v.port as string, 0, 65535),
    dialect: v.dialect === undefined ? 'auto' : oneOf('--dialect', v.dialect as string, DIALECTS),
    pace: v.pace === undefined ? 'fast' : oneOf('--pace', v.pace as string, PACES),
    seed: v.seed === undefined ? 0 : integer('--seed', v.seed as string, 0, 2 ** 32 - 1),
    betaRetired: v['beta-retired'] === true,
    ...(v.tls === true ? { tls: true } : {}),
    ...(v['api-key'] === undefined ? {} : { apiKeys: v['api-key'] as string[] }),
    ...(scenario === undefined ? {} : { scenario }),
  };
  return {
    options,
    help: v.help === true,
    ...(v.transcript === undefined ? {} : { transcript: v.transcript as string }),
  };
}

/**
 * The mock server hooks that write its sessions to a transcript: a header per connection
 * (`source: "serve"`), every frame, and the close.
 */
export function mockTranscriptHooks(
  writer: TranscriptWriter,
): Required<Pick<MockServerOptions, 'onConnection' | 'onFrame' | 'onClose'>> {
  return {
    onConnection: (session) =>
      writer.header({
        session: session.index,
        dialect: session.dialect,
        path: session.path,
        // A transcription session's URL names no model (rule handshake.transcription-no-model).
        model: session.type === 'transcription' ? null : session.model,
        ...(Object.keys(session.query).length === 0 ? {} : { query: { ...session.query } }),
        ...(session.offeredProtocols.length === 0
          ? {}
          : { protocols: [...session.offeredProtocols] }),
        source: 'serve',
      }),
    onFrame: ({ session, direction, data, at }) => writer.frame(session, at, direction, data),
    onClose: (session, { code, reason, by, at }) =>
      writer.close(session.index, at, by, code, reason),
  };
}

/** Runs `soundcheck serve`; resolves with the exit code once stopped. */
export async function serve(args: string[], io: ServeIo): Promise<number> {
  if (args.some((a) => a === '--replay' || a.startsWith('--replay='))) {
    return serveReplay(args, io, SERVE_HELP);
  }
  const { options, transcript, help } = parseServeArgs(args);
  if (help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  let file: TranscriptFile | undefined;
  if (transcript !== undefined) {
    try {
      file = await openTranscriptFile(transcript);
    } catch (error) {
      throw new CliError(
        'cannot_write',
        `cannot write the transcript ${transcript}: ${(error as Error).message}`,
        { hint: 'check that the folder exists and is writable', exitCode: 1 },
      );
    }
    Object.assign(options, mockTranscriptHooks(file.writer));
  }
  // Scenario sessions: say what the user does at each `user` step, and each verdict.
  const verdicts: ScenarioReport[] = [];
  const sent = new Map<number, number>();
  const observe = options.onFrame;
  options.onFrame = (frame) => {
    if (frame.direction === 'server') sent.set(frame.session, (sent.get(frame.session) ?? 0) + 1);
    observe?.(frame);
  };
  options.onUser = (session, action, step) =>
    io.stdout(
      `[session ${session.index}] steps[${step}] user: ${describeUser(action)} (after server frame ${sent.get(session.index) ?? 0})\n`,
    );
  options.onScenarioEnd = (session, report) => {
    verdicts.push(report);
    io.stdout(formatVerdict(session, report));
  };
  let server: Awaited<ReturnType<typeof createMockServer>>;
  try {
    server = await createMockServer(options);
  } catch (error) {
    throw listenError(error, options.host, options.port);
  }
  io.stdout(`${server.url}\n`);
  io.stdout(
    `Point a client at it: ${server.url}?model=gpt-realtime (GA) or add the header OpenAI-Beta: realtime=v1 (beta); ?intent=transcription opens a transcription session.\n` +
      'Any API key works unless --api-key is given. Ctrl-C stops.\n',
  );
  if (options.host === '0.0.0.0' || options.host === '::')
    io.stdout(
      `Listening on every interface (${options.host}): from another machine, use this machine's address in place of the host above.\n`,
    );
  if (server.caFile !== undefined) {
    io.stdout(
      `TLS certificate: ${server.caFile} (trust it with options.ca in ws-based clients, or NODE_EXTRA_CA_CERTS=${server.caFile}; SDK baseURL ${server.baseURL})\n`,
    );
  }
  const played = options.scenario;
  if (played !== undefined && typeof played !== 'string' && 'scenario' in played) {
    const kind =
      played.scenario.connection?.intent === 'transcription'
        ? '; transcription sessions: connect with ?intent=transcription'
        : '';
    io.stdout(
      `Playing scenario ${played.scenario.name} (${played.scenario.dialects.join(', ')}${kind}): ${played.scenario.description.split(/(?<=\.)\s/)[0]}\n`,
    );
  }
  await io.stopped;
  await server.close();
  await file?.end();
  return verdicts.some((r) => r.verdict === 'FAILED' || r.verdict === 'INCOMPLETE') ? 1 : 0;
}

function describeUser(action: UserAction): string {
  if ('text' in action) return `types ${JSON.stringify(action.text)}`;
  if ('audio' in action) return `speaks ${action.audio}`;
  return 'interrupts the assistant';
}

/** `[session 0] scenario text-turn (ga): PASSED — 4/4 steps` and one line per violation. */
function formatVerdict(session: Pick<MockSession, 'index'>, report: ScenarioReport): string {
  const done = report.steps.filter((s) => s.status === 'done').length;
  const counted = report.steps.filter((s) => s.status !== 'skipped').length;
  const lines = [
    `[session ${session.index}] scenario ${report.scenario} (${report.dialect}): ${report.verdict} — ${done}/${counted} steps`,
  ];
  for (const v of report.violations) {
    lines.push(
      `  ${v.level === 'must' ? 'FAILED' : 'NON-STRICT'} ${v.kind}${v.rule === undefined ? '' : ` [${v.rule}]`}: ${v.message}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
