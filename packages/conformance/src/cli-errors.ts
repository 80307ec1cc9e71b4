import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * CLI errors: a stable code, a message that says what failed, and a hint for the fix.
 * Exit codes: 2 for a usage error (bad flag or value), 1 for a failure of the job itself.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Renders an error for stderr: `soundcheck: <message>` and, when there is one, a hint line. */
export function formatCliError(error: CliError): string {
  return `soundcheck: ${error.message} [${error.code}]\n${error.hint === undefined ? '' : `  hint: ${error.hint}\n`}`;
}

/**
 * `node:util` parseArgs for one `soundcheck` command: a bad or unknown flag becomes a CliError
 * (exit 2) whose hint points at that command's `--help`.
 */
export function parseFlags<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliError('invalid_flag', (error as Error).message.replace(/\. To specify.*$/s, ''), {
      hint: `run \`soundcheck ${command} --help\` for the list of options`,
    });
  }
}

/** A flag's value from a fixed list (throws CliError naming the flag and the choices). */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError('invalid_value', `invalid value for ${flag}: ${JSON.stringify(value)}`, {
    hint: `use one of: ${allowed.join(', ')}`,
  });
}

/** A flag's integer value in [min, max] (throws CliError naming the flag and the range). */
export function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new CliError('invalid_value', `invalid value for ${flag}: ${JSON.stringify(value)}`, {
      hint: `use an integer from ${min} to ${max}`,
    });
  }
  return n;
}

/** The CliError for a server that could not listen (exit 1; a hint when the port is taken). */
export function listenError(error: unknown, host: string | undefined, port: number | undefined) {
  const e = error as NodeJS.ErrnoException;
  return new CliError(
    e.code === 'EADDRINUSE' ? 'port_in_use' : 'cannot_listen',
    `cannot listen on ${host}:${port}: ${e.message}`,
    {
      hint: e.code === 'EADDRINUSE' ? 'pick another --port, or --port 0 for a free one' : undefined,
      exitCode: 1,
    },
  );
}
