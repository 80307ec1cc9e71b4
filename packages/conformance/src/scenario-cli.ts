/**
 * `soundcheck scenario <subcommand>`: `list` the shipped scenarios, `check` scenario files (the
 * loader's errors: file, line, path, fix), and `from-transcript`, which turns one recorded session
 * into a scenario file for the mock's scenario player and prints the file's path.
 */
import { statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  loadScenario,
  loadScenarios,
  parseScenario,
  ScenarioError,
  shippedScenarioDir,
} from '@soundcheck/mock-server';
import { CliError, parseFlags } from './cli-errors.js';
import { renderScenario, scenarioFromRecording } from './replay/from-transcript.js';
import { readRecordedSession, TranscriptError } from './replay/recorded-session.js';

export const SCENARIO_HELP = `Usage: soundcheck scenario <subcommand> [options]

Subcommands:
  list                   the shipped scenarios: name, dialects, strict, what it exercises
  check <file.json>...   load scenario files as the mock does; exit 1 naming the file,
                         line, JSON path and fix of each problem
  from-transcript <file.jsonl> --out <scenario.json | folder>
                         turn a recorded session into a scenario file (ids, timestamps
                         and audio replaced by matchers, the model's replies kept);
                         prints the path of the file written
    --name <name>        the scenario's name (kebab-case; default: the file name, or
                         the transcript's name when --out is a folder)
    --session <n>        the session of the transcript to convert (default 0)
  -h, --help             show this help
`;

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ScenarioIo {
  stdout: (text: string) => void;
}

/** A kebab-case name from a file name: `My Session.jsonl` → `my-session`. */
function kebabName(file: string): string {
  const stem = basename(file).replace(/\.[^.]*$/, '');
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'recorded-session' : name;
}

function parse(args: string[]) {
  return parseFlags('scenario', {
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      name: { type: 'string' },
      session: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Where to write and under which name (throws CliError when they cannot agree). */
function target(out: string, transcript: string, name: string | undefined) {
  if (out.endsWith('.json')) {
    const fromFile = basename(out, '.json');
    if (name !== undefined && name !== fromFile) {
      throw new CliError(
        'name_mismatch',
        `--name ${name} differs from the file name ${basename(out)}`,
        {
          hint: `a scenario's name equals its file name: use --out ${join('…', `${name}.json`)} or drop --name`,
        },
      );
    }
    return { file: out, name: fromFile };
  }
  let folder = false;
  try {
    folder = statSync(out).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) {
    throw new CliError('invalid_value', `--out ${out} is neither a .json file nor a folder`, {
      hint: 'give the scenario file (e.g. --out scenarios/my-session.json) or an existing folder',
    });
  }
  const chosen = name ?? kebabName(transcript);
  return { file: join(out, `${chosen}.json`), name: chosen };
}

async function fromTranscript(args: string[], io: ScenarioIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    io.stdout(SCENARIO_HELP);
    return 0;
  }
  const [transcript, ...extra] = positionals;
  if (transcript === undefined || extra.length > 0) {
    throw new CliError(
      'invalid_flag',
      transcript === undefined
        ? 'from-transcript needs one transcript file'
        : `unexpected argument ${JSON.stringify(extra[0])}`,
      { hint: 'soundcheck scenario from-transcript session.jsonl --out my-session.json' },
    );
  }
  if (values.out === undefined) {
    throw new CliError('invalid_flag', 'from-transcript needs --out', {
      hint: 'e.g. --out my-session.json (the file name is the scenario name)',
    });
  }
  let session = 0;
  if (values.session !== undefined) {
    session = Number(values.session);
    if (values.session.trim() === '' || !Number.isInteger(session) || session < 0) {
      throw new CliError(
        'invalid_value',
        `invalid value for --session: ${JSON.stringify(values.session)}`,
        {
          hint: 'use the index of a session in the transcript: 0, 1, …',
        },
      );
    }
  }
  const { file, name } = target(values.out, transcript, values.name);
  if (!NAME.test(name)) {
    throw new CliError('invalid_value', `invalid scenario name ${JSON.stringify(name)}`, {
      hint: 'scenario names are kebab-case (a-z, 0-9, single dashes), e.g. --out my-session.json',
    });
  }
  let recording: Awaited<ReturnType<typeof readRecordedSession>>;
  try {
    recording = await readRecordedSession(transcript, session);
  } catch (error) {
    if (!(error instanceof TranscriptError)) throw error;
    throw new CliError(error.code.toLowerCase(), error.message, { hint: error.hint });
  }
  const text = renderScenario(scenarioFromRecording(recording, { name }));
  try {
    parseScenario(text, file);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new CliError(
      'invalid_scenario',
      `the scenario made from ${transcript} is not valid: ${error.message}`,
      {
        hint: 'please report this with the transcript; meanwhile edit the recording or the scenario by hand',
        exitCode: 1,
      },
    );
  }
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CliError('cannot_write', `cannot write ${file}: ${(error as Error).message}`, {
      hint: 'check that the folder exists and is writable',
      exitCode: 1,
    });
  }
  io.stdout(`${file}\n`);
  return 0;
}

function list(io: ScenarioIo): number {
  for (const s of loadScenarios(shippedScenarioDir())) {
    const what = s.description.split(/(?<=[a-z0-9)`"]\.)\s/)[0] ?? s.description;
    io.stdout(
      `${s.name.padEnd(34)} ${s.dialects.join('+').padEnd(8)} ${s.strict ? 'strict ' : '       '} ${what}\n`,
    );
  }
  return 0;
}

function check(files: string[], io: ScenarioIo): number {
  if (files.length === 0) {
    throw new CliError('invalid_flag', 'check needs at least one scenario file', {
      hint: 'soundcheck scenario check my-scenario.json',
    });
  }
  let failed = 0;
  for (const file of files) {
    try {
      const s = loadScenario(file);
      io.stdout(`${file}: ok (${s.name}, ${s.steps.length} steps, ${s.dialects.join('+')})\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      failed++;
      for (const issue of error.issues) {
        const where = issue.line === undefined ? file : `${file}:${issue.line}`;
        io.stdout(`${where}: ${issue.path}: ${issue.message}\n  hint: ${issue.hint}\n`);
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

/** Runs `soundcheck scenario …`; resolves with the exit code. */
export async function scenarioCommand(args: string[], io: ScenarioIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'from-transcript':
      return fromTranscript(rest, io);
    case 'list':
      return list(io);
    case 'check':
      return check(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(SCENARIO_HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new CliError('unknown_command', `unknown scenario subcommand ${JSON.stringify(sub)}`, {
        hint: 'valid subcommands: list, check, from-transcript',
      });
  }
}
