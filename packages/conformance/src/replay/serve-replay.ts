/**
 * `soundcheck serve --replay FILE.jsonl`: serves one replay of a recorded session. The first line
 * on stdout is the URL; the command stops when the replayed connection is over (or on Ctrl-C) and
 * prints whether it completed or diverged, and where. Exit 0 when completed, 1 otherwise.
 */
import { CliError, integer, listenError, parseFlags } from '../cli-errors.js';
import type { ReplayPace, ReplayResult } from './connection.js';
import { readRecordedSession, TranscriptError } from './recorded-session.js';
import { createReplayServer, type ReplayServer } from './server.js';

/** The `serve --help` lines of the replay flags. */
export const REPLAY_HELP_LINES = `  --replay <file>        play the server side of a recorded transcript instead of the
                         mock: waits for each recorded client frame, answers what was
                         recorded; stops when the session ends (exit 1 if it diverged)
  --pace fast|recorded   with --replay: answer at once (default) or keep recorded gaps
  --session <n>          with --replay: the session of the transcript to play (default 0)
`;

/** Flags of `serve` that mean nothing to a replay. */
const NOT_WITH_REPLAY = ['dialect', 'api-key', 'seed', 'beta-retired', 'transcript', 'scenario'];

export interface ServeReplayIo {
  stdout: (text: string) => void;
  /** Resolves when the server should stop (Ctrl-C). */
  stopped: Promise<void>;
}

function usage(message: string, hint: string): CliError {
  return new CliError('invalid_flag', message, { hint });
}

/** Parses the flags of `serve --replay` (throws CliError on a bad flag or value). */
export function parseReplayArgs(args: string[]) {
  const parsed = parseFlags('serve', {
    args,
    allowPositionals: true,
    strict: false,
    options: {
      replay: { type: 'string' },
      pace: { type: 'string' },
      session: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      tls: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  for (const name of Object.keys(v)) {
    if (NOT_WITH_REPLAY.includes(name)) {
      throw usage(
        `--${name} does not apply to --replay`,
        'a replay answers what the recording holds; drop the flag or drop --replay',
      );
    }
    if (!['replay', 'pace', 'session', 'host', 'port', 'tls', 'help', 'h'].includes(name)) {
      throw usage(
        `Unknown option '--${name}'`,
        'run `soundcheck serve --help` for the list of options',
      );
    }
  }
  if (parsed.positionals.length > 0) {
    throw usage(
      `unexpected argument ${JSON.stringify(parsed.positionals[0])}`,
      'serve takes only options; the transcript goes after --replay',
    );
  }
  const string = (name: string): string | undefined => {
    const value = v[name];
    if (value === true) throw usage(`--${name} needs a value`, `e.g. --${name} <value>`);
    return value === false ? undefined : value;
  };
  const int = (name: string, fallback: number, max: number): number => {
    const value = string(name);
    if (value === undefined) return fallback;
    return integer(`--${name}`, value, 0, max);
  };
  const file = string('replay');
  if (v.help !== true && (file === undefined || file === '')) {
    throw usage('--replay needs a transcript file', 'e.g. soundcheck serve --replay session.jsonl');
  }
  const pace = string('pace') ?? 'fast';
  if (pace !== 'fast' && pace !== 'recorded') {
    throw new CliError('invalid_value', `invalid value for --pace: ${JSON.stringify(pace)}`, {
      hint: 'with --replay use one of: fast, recorded',
    });
  }
  return {
    help: v.help === true,
    file: file ?? '',
    pace: pace as ReplayPace,
    session: int('session', 0, 2 ** 31 - 1),
    host: string('host') ?? '127.0.0.1',
    port: int('port', 8080, 65535),
    tls: v.tls === true,
  };
}

/** The outcome line printed at the end. */
function formatReplayResult(result: ReplayResult): string {
  return `${result.message}\n`;
}

/** Runs `soundcheck serve --replay …` (`help`: the text for --help); resolves with the exit code once the replay is over. */
export async function serveReplay(args: string[], io: ServeReplayIo, help = ''): Promise<number> {
  const options = parseReplayArgs(args);
  if (options.help) {
    io.stdout(help);
    return 0;
  }
  let recording: Awaited<ReturnType<typeof readRecordedSession>>;
  try {
    recording = await readRecordedSession(options.file, options.session);
  } catch (error) {
    if (!(error instanceof TranscriptError)) throw error;
    throw new CliError(error.code.toLowerCase(), error.message, { hint: error.hint });
  }
  let server: ReplayServer;
  try {
    server = await createReplayServer({
      transcript: recording,
      host: options.host,
      port: options.port,
      pace: options.pace,
      ...(options.tls ? { tls: true } : {}),
    });
  } catch (error) {
    throw listenError(error, options.host, options.port);
  }
  const { header } = recording;
  const steps = recording.frames.filter((f) => f.direction === 'client').length;
  io.stdout(`${server.url}\n`);
  io.stdout(
    `Replaying ${options.file} (session ${recording.session}, ${header.dialect}, ${steps} client frames, pace ${options.pace}): ` +
      `point the client at ${server.url}?model=${header.model ?? 'gpt-realtime'}${header.dialect === 'beta' ? ' with the header OpenAI-Beta: realtime=v1' : ''}. Ctrl-C stops.\n`,
  );
  if (server.caFile !== undefined) {
    io.stdout(
      `TLS certificate: ${server.caFile} (trust it with options.ca in ws-based clients, or NODE_EXTRA_CA_CERTS=${server.caFile})\n`,
    );
  }
  const outcome = await Promise.race([server.result, io.stopped.then(() => undefined)]);
  await server.close();
  if (outcome === undefined) {
    // Stopped (Ctrl-C): report the first connection if it is over.
    const ended = server.results[0];
    io.stdout(
      ended === undefined
        ? 'replay incomplete: stopped before the replayed session ended\n'
        : formatReplayResult(ended),
    );
    return ended?.status === 'completed' ? 0 : 1;
  }
  io.stdout(formatReplayResult(outcome));
  return outcome.status === 'completed' ? 0 : 1;
}
