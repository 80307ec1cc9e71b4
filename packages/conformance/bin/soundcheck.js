#!/usr/bin/env node
import { main } from '../dist/cli.js';

// A reader that stops early (`soundcheck scenario list | head`) closes the pipe: the output it did
// not want is dropped, and the command carries on (a server keeps serving) and exits as it would.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`soundcheck: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
