/**
 * Plays a scenario in one session. The engine still answers every client event as the real API
 * does; the player walks the script beside it:
 *
 * - client events go through {@link ScenarioPlayer.onClient} before the engine sees them (an
 *   `expect` may withhold one), server events through {@link ScenarioPlayer.outgoing} (duplicate
 *   and reorder faults) and {@link ScenarioPlayer.observe} once sent (triggers, references);
 * - `respond` steps script the next response through the engine's planner hook
 *   ({@link ScenarioPlayer.plan});
 * - steps that make the server act (emit, vad, transcribe, faults) call the engine's scenario
 *   controls and send what they return through the host.
 *
 * Steps run in order; a step with `on` starts when that event occurs after the previous step
 * finished. `expect`, `respond` and `wait` block; the others finish at once. The verdict follows the
 * scenario's rules: an unmet `must` step or a forbidden event fails it, `should` ones make it
 * NON-STRICT, and in a strict scenario any client event no `expect` matched (and not allowed) fails it.
 */
import type { DialectName } from '../codec/codec.js';
import { audioChunks, base64ByteLength, bytesPerMs } from '../engine/audio.js';
import type { RealtimeEngine, ScriptedResponse } from '../engine/engine.js';
import { errors } from '../engine/errors.js';
import type { PlannedOutput } from '../engine/responder.js';
import type { FinalStatus } from '../engine/response-run.js';
import type { SessionKind } from '../engine/session-config.js';
import type {
  CanonicalSession,
  ClientEvent,
  ErrorObject,
  JsonObject,
  ServerEvent,
} from '../engine/types.js';
import { decodeSamples } from '../engine/vad.js';
import {
  DEFAULT_ALLOW,
  type Scenario,
  type ScenarioEventPattern,
  type ScenarioStep,
  type ScenarioTrigger,
  type StepAction,
} from './format.js';
import { type MatchContext, type MatchRef, matches, type Pattern } from './matcher.js';

/** The outcome of a scenario run. */
export type ScenarioVerdict = 'PASSED' | 'NON-STRICT' | 'FAILED' | 'INCOMPLETE';

/** One thing the client (or the script) got wrong. */
export interface ScenarioViolation {
  /** `unmet`: a step's expectation; `forbidden`: a `forbid` guard; `unexpected`: strict mode; `invalid-step`: the script itself. */
  kind: 'unmet' | 'forbidden' | 'unexpected' | 'invalid-step';
  /** Index of the step in the file's `steps`. */
  step?: number;
  rule?: string;
  level: 'must' | 'should';
  message: string;
  /** The client event at fault, if any. */
  event?: { type: string; event_id?: string };
}

/** Status of one step. */
export type StepStatus = 'pending' | 'running' | 'done' | 'unmet' | 'skipped';

/** What a scenario run did, step by step, and its verdict. */
export interface ScenarioReport {
  scenario: string;
  dialect: DialectName;
  verdict: ScenarioVerdict;
  /** The script ran to its last step. */
  ended: boolean;
  steps: { index: number; action: StepAction; status: StepStatus }[];
  violations: ScenarioViolation[];
}

/** What the user does (a `user` step): an instruction to whatever drives the client. */
export type UserAction = Extract<ScenarioStep, { user: unknown }>['user'];

/** What the player needs from the session that hosts it. */
export interface PlayerHost {
  readonly engine: RealtimeEngine;
  /** Sends canonical server events (already stamped) through the dialect codec. */
  send(events: ServerEvent[]): void;
  /** Sends one JSON value as a text frame exactly as given. */
  sendVerbatim(value: JsonObject): void;
  /** Closes the connection with a close frame. */
  close(code: number, reason: string): void;
  /** Drops the connection without a close frame (the client sees 1006). */
  drop(): void;
  /** Calls `fn` after `ms` of virtual time; returns a function that cancels it. */
  timer(ms: number, fn: () => void): () => void;
  /** Reads an audio file the scenario names (relative to the scenario file). */
  readAudio(file: string): Uint8Array;
}

/** Options of a {@link ScenarioPlayer}. */
export interface PlayerOptions {
  dialect: DialectName;
  /** Called when the script reaches a `user` step. */
  onUser?: (action: UserAction, step: number) => void;
  /** Called once, when the verdict is final. */
  onEnd?: (report: ScenarioReport) => void;
}

/**
 * Quiet time after the script ended before the verdict is final (virtual ms), so client events
 * already in flight are judged.
 */
const SETTLE_MS = 250;

type StepOf<K extends StepAction> = Extract<ScenarioStep, Record<K, unknown>>;

interface LoggedEvent {
  event: ClientEvent;
  consumed: boolean;
  judged: boolean;
}

interface Guard {
  step: number;
  pattern: ScenarioEventPattern;
  until: ScenarioTrigger | undefined;
  seen: number;
  cancel: (() => void) | undefined;
  level: 'must' | 'should';
  rule: string | undefined;
}

const actionOf = (step: ScenarioStep): StepAction =>
  (Object.keys(step) as string[]).find(
    (k) => k !== 'on' && k !== 'dialects' && k !== 'note',
  ) as StepAction;

export class ScenarioPlayer {
  readonly scenario: Scenario;
  readonly #host: PlayerHost;
  readonly #options: PlayerOptions;
  readonly #status: StepStatus[];
  readonly #violations: ScenarioViolation[] = [];
  readonly #log: LoggedEvent[] = [];
  readonly #allow: ReadonlySet<string>;
  #cursor = 0;
  /** Occurrences of the current step's `on` trigger seen so far. */
  #triggerSeen = 0;
  /** The current step has started (its trigger fired, its action ran or is running). */
  #started = false;
  #cancelTimer: (() => void) | undefined;
  #guards: Guard[] = [];
  #armed: { step: number; respond: StepOf<'respond'>['respond'] } | undefined;
  #planned: { step: number; responseId: string } | undefined;
  #duplicates: { pattern: ScenarioEventPattern; count: number }[] = [];
  #reorders: { hold: ScenarioEventPattern; until: ScenarioEventPattern; held?: ServerEvent }[] = [];
  readonly #refs: Partial<Record<MatchRef, unknown>> = {};
  readonly #audioSent = new Map<string, number>();
  readonly #activeResponses = new Set<string>();
  #lastClientEventId: string | undefined;
  #withheld: LoggedEvent | undefined;
  #advancing = false;
  #again = false;
  #observing = false;
  readonly #pending: ServerEvent[] = [];
  #stopped = false;
  #final: ScenarioReport | undefined;
  #closed = false;

  constructor(scenario: Scenario, host: PlayerHost, options: PlayerOptions) {
    this.scenario = scenario;
    this.#host = host;
    this.#options = options;
    this.#allow = new Set(scenario.allow ?? DEFAULT_ALLOW);
    this.#status = scenario.steps.map((step) =>
      step.dialects !== undefined && !step.dialects.includes(options.dialect)
        ? 'skipped'
        : 'pending',
    );
  }

  /**
   * Why a connection cannot play `scenario`: its dialect is not one of the scenario's, or it
   * opened the other kind of session (`connection.intent`); undefined when it can.
   */
  static refusal(
    scenario: Scenario,
    dialect: DialectName,
    type: SessionKind,
  ): ErrorObject | undefined {
    if (!scenario.dialects.includes(dialect))
      return errors.scenarioDialectMismatch(scenario.name, scenario.dialects, dialect);
    const wanted = scenario.connection?.intent ?? 'realtime';
    if (wanted !== type) return errors.scenarioSessionMismatch(scenario.name, wanted, type);
    return undefined;
  }

  /** True when the scenario scripts input transcripts itself (the engine then makes none). */
  static scriptsTranscripts(scenario: Scenario): boolean {
    return scenario.steps.some((step) => 'transcribe' in step);
  }

  /** The report so far (final once {@link ScenarioPlayer.done}). */
  report(): ScenarioReport {
    if (this.#final !== undefined) return this.#final;
    return this.#snapshot();
  }

  /** The verdict is final. */
  get done(): boolean {
    return this.#final !== undefined;
  }

  /** Starts the script (call once the session's first events are out). */
  start(): void {
    this.#advance();
  }

  /**
   * A client event arrived (validated, canonical). Returns true when an `expect` withholds it
   * from the engine.
   */
  onClient(event: ClientEvent): boolean {
    const entry: LoggedEvent = { event, consumed: false, judged: this.#final !== undefined };
    this.#log.push(entry);
    if (typeof event.event_id === 'string') this.#lastClientEventId = event.event_id;
    if (this.#final !== undefined) return false;
    for (const guard of this.#guards) {
      if (matches(guard.pattern as Pattern, event, this.#context(event)).ok) {
        entry.judged = true;
        this.#violate({
          kind: 'forbidden',
          step: guard.step,
          level: guard.level,
          ...(guard.rule === undefined ? {} : { rule: guard.rule }),
          message: `${event.type} is forbidden here (steps[${guard.step}]: forbid ${guard.pattern.type}${guard.until === undefined ? '' : ` until ${triggerName(guard.until)}`})`,
          event: eventRef(event),
        });
      }
    }
    this.#occurred(event);
    this.#withheld = undefined;
    this.#advance();
    this.#settle();
    const withheld = this.#withheld === entry;
    this.#withheld = undefined;
    return withheld;
  }

  /** The engine's planner hook: a scripted response for the armed `respond` step, if it matches. */
  plan(response: JsonObject): ScriptedResponse | undefined {
    const armed = this.#armed;
    if (armed === undefined) return undefined;
    const respond = armed.respond;
    if (respond.match !== undefined && !matches(respond.match, response).ok) return undefined;
    this.#armed = undefined;
    this.#planned = { step: armed.step, responseId: String(response.id) };
    const format = (response.audio as { output?: { format?: unknown } } | undefined)?.output
      ?.format as CanonicalSession['audio']['output']['format'];
    const outputs: PlannedOutput[] = [];
    if (respond.text !== undefined || respond.audio !== undefined) {
      const audio = respond.audio;
      let chunks: string[] | undefined;
      if (audio !== undefined && 'file' in audio) {
        try {
          chunks = this.#fileChunks(audio.file, format);
        } catch (error) {
          // The script is at fault, not the client: say so, and speak the text instead.
          this.#violate({
            kind: 'invalid-step',
            step: armed.step,
            level: 'must',
            message: `steps[${armed.step}] cannot read the audio file ${audio.file}: ${(error as Error).message}`,
          });
        }
      }
      outputs.push({
        kind: 'message',
        text: respond.text ?? '',
        ...(audio !== undefined && 'ms' in audio
          ? { audio: { ms: audio.ms } }
          : chunks === undefined
            ? {}
            : { audio: { chunks } }),
      });
    }
    for (const call of respond.functionCalls ?? []) {
      outputs.push({
        kind: 'function_call',
        name: call.name,
        arguments:
          typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
        ...(call.callId === undefined ? {} : { callId: call.callId }),
      });
    }
    const end = respond.end;
    return end === undefined ? { outputs } : { outputs, status: finalStatus(end) };
  }

  /** Applies duplicate and reorder faults to events about to be sent. */
  outgoing(events: ServerEvent[]): ServerEvent[] {
    if (this.#duplicates.length === 0 && this.#reorders.length === 0) return events;
    const out: ServerEvent[] = [];
    for (const event of events) {
      const hold = this.#reorders.find((r) => r.held === undefined && matchEvent(r.hold, event));
      if (hold !== undefined) {
        hold.held = event;
        continue;
      }
      out.push(event);
      const dup = this.#duplicates.find((d) => matchEvent(d.pattern, event));
      if (dup !== undefined) {
        out.push(event);
        if (--dup.count <= 0) this.#duplicates.splice(this.#duplicates.indexOf(dup), 1);
      }
      for (const r of [...this.#reorders]) {
        if (r.held !== undefined && matchEvent(r.until, event)) {
          out.push(r.held);
          this.#reorders.splice(this.#reorders.indexOf(r), 1);
        }
      }
    }
    return out;
  }

  /** Server events that were sent (canonical), in order. */
  observe(events: readonly ServerEvent[]): void {
    for (const event of events) this.#pending.push(event);
    if (this.#observing) return;
    this.#observing = true;
    try {
      for (let event = this.#pending.shift(); event !== undefined; event = this.#pending.shift()) {
        this.#track(event);
        if (this.#final === undefined) {
          this.#occurred(event);
          this.#advance();
        }
      }
    } finally {
      this.#observing = false;
    }
  }

  /** The connection closed: whatever is still open is settled now. */
  onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelTimer?.();
    for (const guard of this.#guards) guard.cancel?.();
    if (this.#final !== undefined) return;
    if (!this.#ended && !this.#stopped) {
      const step = this.#cursor;
      this.#status[step] = 'unmet';
      const s = this.scenario.steps[step] as ScenarioStep;
      this.#violate({
        kind: 'unmet',
        step,
        level: 'must',
        ...(ruleOf(s) === undefined ? {} : { rule: ruleOf(s) as string }),
        message: `the connection closed before steps[${step}] (${describeStep(s)}) was met`,
      });
    }
    this.#finish();
  }

  get #ended(): boolean {
    return this.#cursor >= this.scenario.steps.length;
  }

  // --- stepping ---

  #advance(): void {
    if (this.#advancing) {
      this.#again = true;
      return;
    }
    this.#advancing = true;
    try {
      do {
        this.#again = false;
        this.#step();
      } while (this.#again);
    } finally {
      this.#advancing = false;
    }
    this.#settle();
  }

  /** Runs steps until one blocks. */
  #step(): void {
    while (!this.#stopped && !this.#closed && this.#cursor < this.scenario.steps.length) {
      const index = this.#cursor;
      const step = this.scenario.steps[index] as ScenarioStep;
      if (this.#status[index] === 'skipped') {
        this.#next();
        continue;
      }
      if (!this.#started) {
        if (step.on !== undefined && this.#triggerSeen < triggerCount(step.on)) return;
        this.#started = true;
        this.#status[index] = 'running';
        if (!this.#begin(index, step)) return;
      } else if (!this.#poll(index, step)) {
        return;
      }
      this.#status[index] = 'done';
      this.#next();
    }
  }

  #next(): void {
    this.#cursor++;
    this.#started = false;
    this.#triggerSeen = 0;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  /** Starts a step; returns true when it finished at once. */
  #begin(index: number, step: ScenarioStep): boolean {
    const host = this.#host;
    if ('expect' in step) {
      if (this.#poll(index, step)) return true;
      const within = step.expect.withinMs;
      if (within !== undefined) {
        this.#cancelTimer = host.timer(within, () => this.#expired(index, step, within));
      }
      return false;
    }
    if ('forbid' in step) {
      const guard: Guard = {
        step: index,
        pattern: step.forbid.event,
        until: step.forbid.until,
        seen: 0,
        cancel: undefined,
        level: step.forbid.level ?? 'must',
        rule: step.forbid.rule,
      };
      if (step.forbid.forMs !== undefined) {
        guard.cancel = host.timer(step.forbid.forMs, () => this.#dropGuard(guard));
      }
      this.#guards.push(guard);
      return true;
    }
    if ('user' in step) {
      this.#options.onUser?.(step.user, index);
      return true;
    }
    if ('respond' in step) {
      this.#armed = { step: index, respond: step.respond };
      return false;
    }
    if ('emit' in step) {
      if (step.emit.verbatim === true) {
        for (const event of step.emit.events) host.sendVerbatim(event as JsonObject);
      } else {
        host.send(host.engine.emit(step.emit.events as JsonObject[]));
      }
      return true;
    }
    if ('wait' in step) {
      this.#cancelTimer = host.timer(step.wait.ms, () => {
        this.#cancelTimer = undefined;
        if (this.#cursor === index) {
          this.#status[index] = 'done';
          this.#next();
          this.#advance();
        }
      });
      return false;
    }
    if ('vad' in step) {
      host.send(host.engine.vad(step.vad.event));
      return true;
    }
    if ('transcribe' in step) {
      const items = host.engine.userAudioItems;
      const which = step.transcribe.item ?? 'last';
      const itemId = which === 'last' ? items.at(-1) : items[which];
      if (itemId === undefined) {
        this.#violate({
          kind: 'invalid-step',
          step: index,
          level: 'must',
          message: `steps[${index}] transcribes ${which === 'last' ? 'the last' : `user audio item ${which}`}, but no such committed user audio item exists`,
        });
        return true;
      }
      const t = step.transcribe;
      host.send(
        host.engine.transcribe(
          itemId,
          'error' in t
            ? { error: t.error as JsonObject }
            : { text: t.text, ...(t.deltas === undefined ? {} : { deltas: t.deltas }) },
        ),
      );
      return true;
    }
    // fault
    const fault = (step as StepOf<'fault'>).fault;
    if ('error' in fault) {
      const e = fault.error;
      host.send([
        host.engine.error({
          type: (e.type ?? 'invalid_request_error') as ErrorObject['type'],
          code: e.code,
          message: e.message,
          param: e.param ?? null,
          event_id: e.echoEventId === true ? (this.#lastClientEventId ?? null) : null,
        }),
      ]);
    } else if ('rateLimit' in fault) {
      host.send(
        host.engine.emit([
          {
            type: 'rate_limits.updated',
            rate_limits: fault.rateLimit.limits.map((l) => ({
              name: l.name,
              limit: l.limit,
              remaining: l.remaining,
              reset_seconds: l.resetSeconds,
            })),
          },
        ]),
      );
    } else if ('delay' in fault) {
      const pattern = fault.delay.match;
      host.engine.delay((event) => matchEvent(pattern, event), fault.delay.ms, fault.delay.count);
    } else if ('duplicate' in fault) {
      this.#duplicates.push({ pattern: fault.duplicate.match, count: fault.duplicate.count ?? 1 });
    } else if ('reorder' in fault) {
      this.#reorders.push({ hold: fault.reorder.hold, until: fault.reorder.until });
    } else {
      // The close ends the script here: mark the step done before the socket goes.
      this.#status[index] = 'done';
      this.#next();
      if (fault.close.code === undefined) host.drop();
      else host.close(fault.close.code, fault.close.reason ?? '');
      return false;
    }
    return true;
  }

  /** Re-checks a running blocking step; returns true when it finished. */
  #poll(index: number, step: ScenarioStep): boolean {
    if ('expect' in step) {
      // The earliest matching event after the one the previous `expect` consumed.
      let from = 0;
      for (let i = this.#log.length - 1; i >= 0; i--) {
        if ((this.#log[i] as LoggedEvent).consumed) {
          from = i + 1;
          break;
        }
      }
      const entry = this.#log
        .slice(from)
        .find((e) => matches(step.expect.event as Pattern, e.event, this.#context(e.event)).ok);
      if (entry === undefined) return false;
      entry.consumed = true;
      entry.judged = true;
      if (typeof entry.event.event_id === 'string') this.#lastClientEventId = entry.event.event_id;
      if (step.expect.withhold === true) this.#withheld = entry;
      if (this.scenario.strict) this.#judgeBefore(entry);
      return true;
    }
    if ('respond' in step) return this.#planned?.step === index && this.#armed === undefined;
    return false;
  }

  #expired(index: number, step: StepOf<'expect'>, within: number): void {
    if (this.#cursor !== index || this.#final !== undefined) return;
    this.#cancelTimer = undefined;
    this.#status[index] = 'unmet';
    const level = step.expect.level ?? 'must';
    const closest = [...this.#log]
      .reverse()
      .find((e) => !e.consumed && e.event.type === step.expect.event.type);
    const why =
      closest === undefined
        ? `no ${step.expect.event.type} arrived`
        : (() => {
            const r = matches(
              step.expect.event as Pattern,
              closest.event,
              this.#context(closest.event),
            );
            return r.ok
              ? ''
              : `the last ${closest.event.type} differs at ${['$', ...r.path].join('.')}: ${r.reason}`;
          })();
    this.#violate({
      kind: 'unmet',
      step: index,
      level,
      ...(step.expect.rule === undefined ? {} : { rule: step.expect.rule }),
      message: `steps[${index}] not met within ${within} ms: expected ${step.expect.event.type}${why === '' ? '' : ` (${why})`}`,
    });
    if (level === 'must') {
      this.#stopped = true;
      this.#finish();
      return;
    }
    this.#next();
    this.#advance();
  }

  /** Strict mode: client events before `entry` that no expect matched and that are not allowed. */
  #judgeBefore(entry: LoggedEvent): void {
    for (const e of this.#log) {
      if (e === entry) break;
      if (e.judged) continue;
      e.judged = true;
      if (this.#allow.has(e.event.type)) continue;
      this.#violate({
        kind: 'unexpected',
        step: this.#cursor,
        level: 'must',
        message: `unexpected ${e.event.type} before steps[${this.#cursor}] (strict scenario; allowed anywhere: ${[...this.#allow].join(', ')})`,
        event: eventRef(e.event),
      });
    }
  }

  // --- events ---

  /** An event (client or server) occurred: count it for the current trigger and guards' `until`. */
  #occurred(event: JsonObject & { type: string }): void {
    const step = this.scenario.steps[this.#cursor];
    if (step?.on !== undefined && !this.#started && matchTrigger(step.on, event)) {
      this.#triggerSeen++;
    }
    for (const guard of [...this.#guards]) {
      if (guard.until !== undefined && matchTrigger(guard.until, event)) {
        guard.seen++;
        if (guard.seen >= triggerCount(guard.until)) this.#dropGuard(guard);
      }
    }
  }

  #dropGuard(guard: Guard): void {
    guard.cancel?.();
    const at = this.#guards.indexOf(guard);
    if (at >= 0) this.#guards.splice(at, 1);
    this.#settle();
  }

  /** Keeps what matchers and the verdict need from server events. */
  #track(event: ServerEvent): void {
    switch (event.type) {
      case 'response.created': {
        const response = event.response as { id: string; conversation_id?: unknown };
        this.#refs.lastResponseId = response.id;
        if (response.conversation_id !== null) this.#activeResponses.add(response.id);
        break;
      }
      case 'response.done':
        this.#activeResponses.delete((event.response as { id: string }).id);
        break;
      case 'response.output_audio.delta': {
        const itemId = event.item_id as string;
        this.#refs.lastAudioItemId = itemId;
        const ms =
          base64ByteLength(event.delta as string) /
          bytesPerMs(this.#host.engine.session.audio.output.format);
        this.#audioSent.set(itemId, (this.#audioSent.get(itemId) ?? 0) + ms);
        break;
      }
      case 'conversation.item.added': {
        const item = event.item as { id: string; role?: string };
        if (item.role === 'user') this.#refs.lastUserItemId = item.id;
        break;
      }
      case 'response.output_item.added': {
        const item = event.item as { type: string; call_id?: string };
        if (item.type === 'function_call') this.#refs.lastCallId = item.call_id;
        break;
      }
      default:
    }
  }

  #context(event: JsonObject): MatchContext {
    const itemId = typeof event.item_id === 'string' ? event.item_id : this.#refs.lastAudioItemId;
    return {
      audioSentMs: Math.round(this.#audioSent.get(itemId as string) ?? 0),
      refs: this.#refs,
    };
  }

  #fileChunks(file: string, format: CanonicalSession['audio']['output']['format']): string[] {
    const bytes = this.#host.readAudio(file);
    const kind = file.endsWith('.ulaw') ? 'pcmu' : file.endsWith('.alaw') ? 'pcma' : 'pcm16';
    const { samples, sampleRate } = decodeSamples(bytes, kind);
    return audioChunks(samples, sampleRate, format);
  }

  // --- verdict ---

  #violate(violation: ScenarioViolation): void {
    this.#violations.push(violation);
  }

  /**
   * Finishes when the script ended and nothing it started is still open, after a quiet period of
   * {@link SETTLE_MS} (client events already in flight are judged too).
   */
  #settle(): void {
    if (this.#final !== undefined || this.#advancing || !this.#ended || this.#closed) return;
    const open =
      this.#guards.some((g) => g.until !== undefined || g.cancel !== undefined) ||
      this.#activeResponses.size > 0 ||
      this.#armed !== undefined;
    this.#settling?.();
    this.#settling = undefined;
    if (open) return;
    this.#settling = this.#host.timer(SETTLE_MS, () => {
      this.#settling = undefined;
      this.#finish();
    });
  }

  #settling: (() => void) | undefined;

  #finish(): void {
    if (this.#final !== undefined) return;
    this.#settling?.();
    this.#settling = undefined;
    if (this.scenario.strict && !this.#stopped) {
      // Client events after the last expect that nothing allowed.
      const last = this.#log.at(-1);
      if (last !== undefined) {
        const sentinel: LoggedEvent = { event: { type: '' }, consumed: true, judged: true };
        this.#log.push(sentinel);
        this.#judgeBefore(sentinel);
        this.#log.pop();
      }
    }
    for (const guard of this.#guards) guard.cancel?.();
    this.#guards = [];
    this.#cancelTimer?.();
    this.#final = this.#snapshot();
    this.#options.onEnd?.(this.#final);
  }

  #snapshot(): ScenarioReport {
    const must = this.#violations.some((v) => v.level === 'must');
    const should = this.#violations.some((v) => v.level === 'should');
    const verdict: ScenarioVerdict = must
      ? 'FAILED'
      : !this.#ended
        ? 'INCOMPLETE'
        : should
          ? 'NON-STRICT'
          : 'PASSED';
    return {
      scenario: this.scenario.name,
      dialect: this.#options.dialect,
      verdict,
      ended: this.#ended,
      steps: this.scenario.steps.map((step, index) => ({
        index,
        action: actionOf(step),
        status: this.#status[index] as StepStatus,
      })),
      violations: this.#violations.map((v) => ({ ...v })),
    };
  }
}

function matchEvent(pattern: ScenarioEventPattern, event: JsonObject): boolean {
  return matches(pattern as Pattern, event).ok;
}

function triggerName(trigger: ScenarioTrigger): string {
  return typeof trigger === 'string' ? trigger : trigger.event;
}

function triggerCount(trigger: ScenarioTrigger): number {
  return typeof trigger === 'string' ? 1 : (trigger.count ?? 1);
}

function matchTrigger(trigger: ScenarioTrigger, event: JsonObject & { type: string }): boolean {
  if (typeof trigger === 'string') return event.type === trigger;
  if (event.type !== trigger.event) return false;
  return trigger.match === undefined || matches(trigger.match, event).ok;
}

function eventRef(event: ClientEvent): { type: string; event_id?: string } {
  return typeof event.event_id === 'string'
    ? { type: event.type, event_id: event.event_id }
    : { type: event.type };
}

function ruleOf(step: ScenarioStep): string | undefined {
  if ('expect' in step) return step.expect.rule;
  if ('forbid' in step) return step.forbid.rule;
  return undefined;
}

function describeStep(step: ScenarioStep): string {
  const action = actionOf(step);
  if ('expect' in step) return `expect ${step.expect.event.type}`;
  if ('on' in step && step.on !== undefined) return `${action} on ${triggerName(step.on)}`;
  return action;
}

function finalStatus(end: NonNullable<StepOf<'respond'>['respond']['end']>): FinalStatus {
  switch (end.status) {
    case 'completed':
      return { status: 'completed', status_details: null };
    case 'incomplete':
      return { status: 'incomplete', status_details: { type: 'incomplete', reason: end.reason } };
    case 'cancelled':
      return { status: 'cancelled', status_details: { type: 'cancelled', reason: end.reason } };
    case 'failed':
      return {
        status: 'failed',
        status_details: {
          type: 'failed',
          error: {
            type: end.error.type,
            ...(end.error.code === null ? {} : { code: end.error.code }),
            message: end.error.message,
          },
        },
      };
  }
}
