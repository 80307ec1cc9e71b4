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
