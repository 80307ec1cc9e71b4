/**
 * @soundcheck/conformance — the `soundcheck` CLI (today: `serve`), usable in-process.
 */

// CLI
export { type CliIo, main } from './cli.js';
export { CliError, formatCliError } from './cli-errors.js';
export { parseServeArgs, SERVE_HELP, type ServeIo, serve } from './serve.js';
