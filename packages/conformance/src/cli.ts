/**
 * The `soundcheck` command line. `main(argv)` returns the exit code and never calls
 * `process.exit`, so it can be tested in-process.
 */
import { CliError, formatCliError } from './cli-errors.js';
import { record } from './record.js';
import { scenarioCommand } from './scenario-cli.js';
import { SERVE_HELP, serve } from './serve.js';
import { validate } from './validate.js';

const HELP = `Usage: soundcheck <command> [options]

Commands:
  serve      serve the deterministic mock OpenAI Realtime API (see soundcheck serve --help)
  record     relay sessions to a real server and record them as a transcript
  scenario   list the shipped scenarios, check scenario files, make one from a transcript
  validate   check transcripts or event logs against the schemas and stream rules
  help       show this help

Run \`soundcheck <command> --help\` for a command's options.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when a long-running command should stop. Default: SIGINT or SIGTERM. */
  stopped?: Promise<void>;
}

function signals(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Runs the CLI with `argv` (without `node` and the script). Resolves with the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case 'serve':
        return await serve(rest, { stdout: io.stdout, stopped: io.stopped ?? signals() });
      case 'record':
        return await record(rest, {
          stdout: io.stdout,
          stderr: io.stderr,
          stopped: io.stopped ?? signals(),
        });
      case 'scenario':
        return await scenarioCommand(rest, { stdout: io.stdout });
      case 'validate':
        return await validate(rest, { stdout: io.stdout, stderr: io.stderr });
      default:
        throw new CliError('unknown_command', `unknown command ${JSON.stringify(command)}`, {
          hint: 'valid commands: serve, help, record, scenario, validate',
        });
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(formatCliError(error));
      return error.exitCode;
    }
    throw error;
  }
}

export { SERVE_HELP };
