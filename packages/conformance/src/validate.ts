/**
 * `soundcheck validate FILE.jsonl...`: checks every frame of transcripts or plain event logs
 * against the schemas of @soundcheck/schema and the stream rules (src/rules), streaming.
 * Exit 0: no error; 1: at least one error; 2: a file could not be read, or a bad flag.
 */
import { CliError, oneOf, parseFlags } from './cli-errors.js';
import { UnreadableFileError, type ValidateOptions, validateFile } from './validate/file-run.js';
import {
  problemJson,
  problemText,
  summaryJson,
  summaryText,
  unreadableJson,
  unreadableText,
  type ValidateSummary,
} from './validate/output.js';
import type { ValidateProblem } from './validate/session-run.js';

export const VALIDATE_HELP = `Usage: soundcheck validate FILE.jsonl... [options]

Checks every frame of soundcheck transcripts or plain event logs (one event JSON
object per line) against the Realtime schemas and the stream rules: response
lifecycle order, deltas that add up to their done event, ids that agree, call_ids
that match a function call, truncates within the audio sent, unique event ids, one
active response at a time. Prints one line per problem, then a summary.

Options:
  --dialect <d>    auto | beta | ga: the dialect of files without a transcript
                   header (default auto: told from the event names and shapes)
  --strict         check server events strictly too (unknown fields are errors;
                   client events are always checked strictly)
  --format <f>     text | json (default text; json: one object per line)
  -h, --help       show this help

Exit status: 0 no error, 1 errors found, 2 a file could not be read (or a bad flag).
`;

export interface ValidateIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface ValidateArgs extends ValidateOptions {
  files: string[];
  format: 'text' | 'json';
  help: boolean;
}

/** Parses `validate` flags (throws CliError on a bad flag or value). */
export function parseValidateArgs(args: string[]): ValidateArgs {
  const parsed = parseFlags('validate', {
    args,
    allowPositionals: true,
    strict: true,
    options: {
      dialect: { type: 'string' },
      strict: { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const result: ValidateArgs = {
    files: parsed.positionals,
    dialect:
      v.dialect === undefined
        ? 'auto'
        : oneOf('--dialect', v.dialect as string, ['auto', 'beta', 'ga'] as const),
    strict: v.strict === true,
    format:
      v.format === undefined
        ? 'text'
        : oneOf('--format', v.format as string, ['text', 'json'] as const),
    help: v.help === true,
  };
  if (!result.help && result.files.length === 0) {
    throw new CliError('missing_file', 'no file to validate', {
      hint: 'soundcheck validate FILE.jsonl... (transcripts or one event per line)',
    });
  }
  return result;
}

/** Runs `soundcheck validate`; resolves with the exit code. */
export async function validate(args: string[], io: ValidateIo): Promise<number> {
  const options = parseValidateArgs(args);
  if (options.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  const json = options.format === 'json';
  const summary: ValidateSummary = {
    files: 0,
    sessions: 0,
    frames: 0,
    lines: 0,
    bytes: 0,
    errors: 0,
    warnings: 0,
    unreadable: 0,
    ms: 0,
  };
  const sink = (problem: ValidateProblem): void => {
    if (problem.severity === 'error') summary.errors++;
    else summary.warnings++;
    io.stdout(json ? problemJson(problem) : problemText(problem));
  };
  const started = performance.now();
  for (const file of options.files) {
    summary.files++;
    try {
      const stats = await validateFile(
        file,
        { dialect: options.dialect ?? 'auto', strict: options.strict === true },
        sink,
      );
      summary.sessions += stats.sessions;
      summary.frames += stats.frames;
      summary.lines += stats.lines;
      summary.bytes += stats.bytes;
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      summary.unreadable++;
      if (json) io.stdout(unreadableJson(error));
      io.stderr(unreadableText(error));
    }
  }
  summary.ms = Math.round((performance.now() - started) * 10) / 10;
  io.stdout(json ? summaryJson(summary) : summaryText(summary));
  if (summary.unreadable > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

export { UnreadableFileError, type ValidateOptions, validateFile } from './validate/file-run.js';
export type { ValidateSummary } from './validate/output.js';
export type { ValidateProblem } from './validate/session-run.js';
