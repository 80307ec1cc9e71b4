/**
 * Event names per dialect, from the schema maps of @soundcheck/schema: which types are client
 * events, which names only one dialect has (to tell a log's dialect), and the GA spelling of the
 * beta output events (the checks work on GA names).
 */
import { beta, betaToGaEventNames, type DialectName, ga } from '@soundcheck/schema';

const maps = { beta, ga } as const;

/** The client event types of each dialect. */
export const CLIENT_TYPES: Readonly<Record<DialectName, ReadonlySet<string>>> = {
  beta: new Set(Object.keys(beta.clientEvents)),
  ga: new Set(Object.keys(ga.clientEvents)),
};

function namesOf(dialect: DialectName): Set<string> {
  const m = maps[dialect];
  return new Set([...Object.keys(m.clientEvents), ...Object.keys(m.serverEvents)]);
}

const betaNames = namesOf('beta');
const gaNames = namesOf('ga');

/**
 * Types only one dialect has (beta `response.text.delta`, GA `response.output_text.delta`,
 * `conversation.item.added`, …). `conversation.item.created` is in both schemas (GA still lists
 * it), so it tells nothing.
 */
export const ONLY_IN: Readonly<Record<DialectName, ReadonlySet<string>>> = {
  beta: new Set([...betaNames].filter((t) => !gaNames.has(t))),
  ga: new Set([...gaNames].filter((t) => !betaNames.has(t))),
};

/**
 * Beta output event names → their GA names (the names the checks use): the schema's renames of
 * `response.*` events (`conversation.item.created` is in both dialects, see above).
 */
const BETA_TO_GA: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(betaToGaEventNames).filter(([beta]) => beta.startsWith('response.')),
);

/**
 * The GA name of an event type of `dialect`, which the checks use: the type itself when the
 * names agree. A beta session's GA-only name is not a beta event: it gets a name no check uses
 * (the schema check reports it).
 */
export function canonicalType(dialect: DialectName, type: string): string {
  if (dialect === 'ga') return type;
  return BETA_TO_GA[type] ?? (ONLY_IN.ga.has(type) ? `ga:${type}` : type);
}

function hasKey(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && key in value;
}

/**
 * The dialect one event shows, if it shows one: a name only one dialect has, or the shape of a
 * session or response (GA `type` / `audio` / `output_modalities`; beta `modalities`,
 * `input_audio_format`, `turn_detection` at the top).
 */
export function dialectShownBy(event: unknown): DialectName | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  if (ONLY_IN.beta.has(type)) return 'beta';
  if (ONLY_IN.ga.has(type)) return 'ga';
  const body =
    (event as { session?: unknown }).session ?? (event as { response?: unknown }).response;
  if (body === null || typeof body !== 'object') return undefined;
  if (hasKey(body, 'output_modalities') || hasKey(body, 'audio')) return 'ga';
  if (type.startsWith('session.') && hasKey(body, 'type')) return 'ga';
  if (
    hasKey(body, 'modalities') ||
    hasKey(body, 'input_audio_format') ||
    hasKey(body, 'output_audio_format') ||
    hasKey(body, 'turn_detection')
  ) {
    return 'beta';
  }
  return undefined;
}
