/**
 * How `soundcheck validate` prints: one line (or one JSON object) per problem, then a summary.
 *
 * Text: `FILE:LINE: <error|warning> <event type> <json path>: <reason> [rule-id]`.
 * JSON (`--format json`), one object per line:
 * - `{"kind":"problem","file","line","session","direction"?,"severity","type","path","reason","rule"}`
 * - `{"kind":"unreadable","file","line","code","message","hint"}` (a file that could not be read)
 * - `{"kind":"summary","files","sessions","frames","lines","bytes","errors","warnings","unreadable","ms"}` (last)
 */
import type { UnreadableFileError } from './file-run.js';
import type { ValidateProblem } from './session-run.js';

/** Totals of a run. */
export interface ValidateSummary {
  files: number;
  sessions: number;
  frames: number;
  lines: number;
  bytes: number;
  errors: number;
  warnings: number;
  /** Files that could not be read (exit 2). */
  unreadable: number;
  ms: number;
}

export function problemText(p: ValidateProblem): string {
  return `${p.file}:${p.line}: ${p.severity} ${p.type} ${p.path}: ${p.reason} [${p.rule}]\n`;
}

export function problemJson(p: ValidateProblem): string {
  return `${JSON.stringify({
    kind: 'problem',
    file: p.file,
    line: p.line,
    session: p.session,
    ...(p.direction === undefined ? {} : { direction: p.direction }),
    severity: p.severity,
    type: p.type,
    path: p.path,
    reason: p.reason,
    rule: p.rule,
  })}\n`;
}

export function unreadableText(e: UnreadableFileError): string {
  return `soundcheck: ${e.message} [${e.code}]\n  hint: ${e.hint}\n`;
}

export function unreadableJson(e: UnreadableFileError): string {
  return `${JSON.stringify({
    kind: 'unreadable',
    file: e.file,
    line: e.line,
    code: e.code,
    message: e.message,
    hint: e.hint,
  })}\n`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

export function summaryText(s: ValidateSummary): string {
  const seconds = s.ms / 1000;
  const rate = seconds > 0 ? `, ${(s.bytes / (1024 * 1024) / seconds).toFixed(1)} MB/s` : '';
  const unreadable = s.unreadable === 0 ? '' : `, ${plural(s.unreadable, 'file')} unreadable`;
  return `${plural(s.files, 'file')}, ${plural(s.sessions, 'session')}, ${plural(s.frames, 'frame')} (${size(s.bytes)}) in ${seconds.toFixed(2)} s${rate}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${unreadable}\n`;
}

export function summaryJson(s: ValidateSummary): string {
  return `${JSON.stringify({ kind: 'summary', ...s })}\n`;
}
