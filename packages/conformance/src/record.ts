/**
 * `soundcheck record`: a relay between a realtime client and an upstream server (the real API or
 * any compatible server) that records every frame both ways as a transcript, until Ctrl-C.
 * The first line on stdout is the relay's URL; Ctrl-C closes every session with 1001 and flushes
 * the transcript. The relay itself lives in ./record/relay.ts (`createRecorder`).
 */
import { readFileSync } from 'node:fs';
import { CliError, integer, listenError, parseFlags } from './cli-errors.js';
import { createRecorder, type Recorder, type RecorderEvent } from './record/relay.js';
import { parseUpstream, shownUpstream } from './record/upstream.js';
import { openTranscriptFile, type TranscriptFile } from './transcript/writer.js';

/** The text of `soundcheck record --help`. */
export const RECORD_HELP = `Usage: soundcheck record --upstream <url> --out <file.jsonl> [options]

Relays realtime WebSocket sessions to an upstream server (the OpenAI API, Azure, or any
compatible server) and records every frame both ways as a transcript, until Ctrl-C.
The first line on stdout is the relay's URL: point a client at it as you would at the API
(same paths, query, headers and subprotocols; they are passed upstream as they came).
Credentials never reach the file, and client secrets inside events are masked.

Options:
  --upstream <url>       ws:// or wss:// server to relay to, e.g. wss://api.openai.com
                         (a path ending in /v1/realtime is accepted) (required)
  --out <file>           transcript to write, JSON lines (required; truncated)
  --host <host>          interface to listen on (default 127.0.0.1)
  --port <port>          port; 0 picks a free one (default 0)
  --api-key <key>        send this key upstream in place of the client's credential
                         (default: the client's own credential is passed through)
  --ca <file>            PEM certificate to trust for a wss:// upstream with a
                         self-signed certificate (NODE_EXTRA_CA_CERTS works too)
  -h, --help             show this help
`;

/** What `soundcheck record` writes to and waits on. */
export interface RecordIo {
  stdout: (text: string) => void;
  /** Where upstream failures are reported. */
  stderr: (text: string) => void;
  /** Resolves when the relay should stop (Ctrl-C). */
  stopped: Promise<void>;
}

/** The parsed flags of `soundcheck record`. */
export interface RecordArgs {
  upstream: URL;
  out: string;
  host: string;
  port: number;
  apiKey: string | undefined;
  /** The `--ca` file, not read yet. */
  ca: string | undefined;
  help: boolean;
}

/** Parses `record` flags (throws CliError on a bad or missing flag). */
export function parseRecordArgs(args: string[]): RecordArgs {
  const parsed = parseFlags('record', {
    args,
    allowPositionals: false,
    strict: true,
    options: {
      upstream: { type: 'string' },
      out: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'api-key': { type: 'string' },
      ca: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const help = v.help === true;
  const upstreamFlag = v.upstream as string | undefined;
  const out = v.out as string | undefined;
  if (!help && upstreamFlag === undefined) {
    throw new CliError('missing_flag', 'missing --upstream', {
      hint: 'name the server to relay to, e.g. --upstream wss://api.openai.com',
    });
  }
  if (!help && (out === undefined || out === '')) {
    throw new CliError('missing_flag', 'missing --out', {
      hint: 'name the transcript file to write, e.g. --out session.jsonl',
    });
  }
  let upstream = new URL('wss://api.openai.com');
  if (upstreamFlag !== undefined) {
    try {
      upstream = parseUpstream(upstreamFlag);
    } catch (error) {
      throw new CliError(
        'invalid_value',
        `invalid value for --upstream: ${(error as Error).message}`,
        { hint: 'use a ws:// or wss:// URL, e.g. wss://api.openai.com' },
      );
    }
  }
  const port = v.port === undefined ? 0 : integer('--port', v.port as string, 0, 65535);
  const apiKey = v['api-key'] as string | undefined;
  if (apiKey === '') {
    throw new CliError('invalid_value', 'invalid value for --api-key: empty', {
      hint: "pass the key, or leave the flag out to pass the client's own credential through",
    });
  }
  return {
    upstream,
    out: out ?? '',
    host: (v.host as string | undefined) ?? '127.0.0.1',
    port,
    apiKey,
    ca: v.ca as string | undefined,
    help,
  };
}

/** Reads a `--ca` file: one or more PEM certificates. */
function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      'cannot_read',
      `cannot read the certificate ${file}: ${(error as Error).message}`,
      { hint: 'pass a PEM file, e.g. the one `soundcheck serve --tls` prints' },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CliError('invalid_value', `${file} holds no PEM certificate`, {
      hint: 'pass a file with a -----BEGIN CERTIFICATE----- block',
    });
  }
  return pem;
}

/** One log line per session event; failures also name the likely fix. */
function describe(event: RecorderEvent): { line: string; error: boolean } {
  switch (event.type) {
    case 'open':
      return {
        line: `session ${event.session}: open ${event.path} (${event.dialect}${event.model === null ? '' : `, ${event.model}`})`,
        error: false,
      };
    case 'close':
      return {
        line: `session ${event.session}: closed by ${event.by} ${event.code}${event.reason === '' ? '' : ` ${event.reason}`}`,
        error: false,
      };
    case 'refused':
      return {
        line: `upstream refused the upgrade of ${event.path}: HTTP ${event.status} (passed to the client)`,
        error: true,
      };
    case 'unreachable': {
      const tls = /certificate|self[- ]signed|SSL|TLS/i.test(event.message);
      return {
        line: `cannot reach upstream for ${event.path}: ${event.message}${tls ? '\n  hint: trust its certificate with --ca FILE or NODE_EXTRA_CA_CERTS' : ''}`,
        error: true,
      };
    }
  }
}

/** Runs `soundcheck record`; resolves with the exit code once stopped. */
export async function record(args: string[], io: RecordIo): Promise<number> {
  const flags = parseRecordArgs(args);
  if (flags.help) {
    io.stdout(RECORD_HELP);
    return 0;
  }
  const ca = flags.ca === undefined ? undefined : readCa(flags.ca);
  let file: TranscriptFile;
  try {
    file = await openTranscriptFile(flags.out);
  } catch (error) {
    throw new CliError(
      'cannot_write',
      `cannot write the transcript ${flags.out}: ${(error as Error).message}`,
      { hint: 'check that the folder exists and is writable', exitCode: 1 },
    );
  }
  let recorder: Recorder;
  try {
    recorder = await createRecorder({
      upstream: flags.upstream,
      host: flags.host,
      port: flags.port,
      ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
      ...(ca === undefined ? {} : { ca }),
      transcript: file.writer,
      onEvent: (event) => {
        const { line, error } = describe(event);
        (error ? io.stderr : io.stdout)(`${line}\n`);
      },
    });
  } catch (error) {
    await file.end();
    throw listenError(error, flags.host, flags.port);
  }
  io.stdout(`${recorder.url}\n`);
  io.stdout(
    `Relaying to ${shownUpstream(flags.upstream)} and recording to ${flags.out}. Point a client at ${recorder.url}?model=gpt-realtime\n` +
      `${flags.apiKey === undefined ? "The client's own credential is passed upstream" : "Upstream gets the --api-key in place of the client's credential"}; no credential is recorded. Ctrl-C stops.\n`,
  );
  await io.stopped;
  await recorder.close();
  await file.end();
  return 0;
}
