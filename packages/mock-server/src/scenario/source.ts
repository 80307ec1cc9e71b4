/**
 * Where a server's scenarios come from: a shipped name (`barge-in-truncate`), a file path, or a
 * scenario object. Files are read once and cached; audio files resolve next to the scenario file.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { SessionScenario } from '../session-host.js';
import type { Scenario } from './format.js';
import { findScenario, loadScenario, parseScenario, shippedScenarioDir } from './load.js';

/**
 * A scenario to play: a shipped name, a file path, a parsed scenario, or a parsed scenario with the
 * folder its audio paths are relative to (default: the shipped scenarios' folder).
 */
export type ScenarioSource = string | Scenario | { scenario: Scenario; dir?: string };

/** A scenario and the folder its audio paths are relative to. */
export interface ResolvedScenario {
  scenario: Scenario;
  dir: string;
}

/** The path a name or path stands for (a name → `<dir>/<name>.json`). */
function scenarioFile(nameOrPath: string, dir: string): string {
  if (/[/\\]/.test(nameOrPath) || nameOrPath.endsWith('.json')) return nameOrPath;
  return join(dir, `${nameOrPath}.json`);
}

/**
 * Loads a scenario by shipped name or path (or passes a given one through).
 *
 * @throws {ScenarioError} when the name is unknown or the file is invalid.
 */
export function resolveScenario(
  source: ScenarioSource,
  dir: string = shippedScenarioDir(),
): ResolvedScenario {
  if (typeof source !== 'string') {
    // A scenario built in code gets the checks a file gets (format, emitted events, dialects).
    const scenario = 'steps' in source ? source : source.scenario;
    const checked = parseScenario(JSON.stringify(scenario), `${scenario.name}.json`);
    return { scenario: checked, dir: 'steps' in source ? dir : (source.dir ?? dir) };
  }
  const file = scenarioFile(source, dir);
  const scenario = file === source ? loadScenario(source) : findScenario(source, dir);
  return { scenario, dir: dirname(file) };
}

/** Caches resolved scenarios by name or path, and their audio files. */
export class ScenarioLibrary {
  readonly #dir: string;
  readonly #scenarios = new Map<string, ResolvedScenario>();
  readonly #audio = new Map<string, Uint8Array>();

  constructor(dir: string = shippedScenarioDir()) {
    this.#dir = dir;
  }

  /** @throws {ScenarioError} */
  get(source: ScenarioSource): ResolvedScenario {
    if (typeof source !== 'string') return resolveScenario(source, this.#dir);
    let found = this.#scenarios.get(source);
    if (found === undefined) {
      found = resolveScenario(source, this.#dir);
      this.#scenarios.set(source, found);
    }
    return found;
  }

  /** The session form of a resolved scenario: audio read (once) relative to its folder. */
  session(resolved: ResolvedScenario): SessionScenario {
    return {
      scenario: resolved.scenario,
      readAudio: (file) => {
        const path = isAbsolute(file) ? file : join(resolved.dir, file);
        let bytes = this.#audio.get(path);
        if (bytes === undefined) {
          bytes = new Uint8Array(readFileSync(path));
          this.#audio.set(path, bytes);
        }
        return bytes;
      },
    };
  }
}
