/**
 * Turns a schema verdict on a client frame into the `error` the real API would send
 * (rules events.json-text, events.type-required, events.unknown-type, session.no-foreign-fields, ...).
 * One error per bad event, naming the first problem, as the real API does.
 */
import type { EventIssue, EventParseError } from '@soundcheck/schema';
import { errors } from './engine/errors.js';
import type { ErrorObject } from './engine/types.js';

/** `session.tools[0].name` — the API's way of naming a parameter. */
function paramOf(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

function fromIssue(
  issue: EventIssue,
  eventId: string | undefined,
  clientTypes: readonly string[],
  type: string | undefined,
): ErrorObject {
  const param = paramOf(issue.path);
  const d = issue.detail ?? {};
  switch (issue.code) {
    case 'invalid_json':
      return errors.invalidJson();
    case 'not_an_object':
      return {
        type: 'invalid_request_error',
        code: 'invalid_event',
        message: 'Invalid event: expected a JSON object.',
        param: null,
        event_id: null,
      };
    case 'missing_type':
      return errors.missingType(eventId);
    case 'unknown_event_type':
      return errors.unknownType(type ?? '', clientTypes, eventId);
    case 'unrecognized_keys': {
      const key = d.keys?.[0] ?? '';
      return errors.unknownParameter(param === '' ? key : `${param}.${key}`, eventId);
    }
    case 'invalid_type':
      if (d.received === 'undefined') return errors.missingParameter(param, eventId);
      return errors.invalidType(
        param,
        d.expected ?? 'another type',
        d.received ?? 'another type',
        eventId,
      );
    case 'too_big':
    case 'too_small': {
      const origin = d.origin ?? 'number';
      if (origin === 'string' && issue.code === 'too_big')
        return errors.tooLong(param, d.maximum ?? 0, d.found ?? 0, eventId);
      if (origin === 'array' && issue.code === 'too_big')
        return errors.tooMany(param, d.maximum ?? 0, d.found ?? 0, eventId);
      if (origin === 'number' || origin === 'int' || origin === 'bigint') {
        const kind = origin === 'number' && !Number.isInteger(d.found) ? 'decimal' : 'integer';
        return issue.code === 'too_big'
          ? errors.aboveMax(param, kind, d.maximum ?? 0, d.found, eventId)
          : errors.belowMin(param, kind, d.minimum ?? 0, d.found, eventId);
      }
      return errors.invalidValue(param, issue.message, eventId);
    }
    case 'custom':
      if (/not valid base64|whole number of 16-bit samples/.test(issue.message))
        return errors.invalidAudio(param, eventId);
      return errors.invalidValue(param, issue.message, eventId);
    case 'invalid_union':
      if (d.received === 'undefined') return errors.missingParameter(param, eventId);
      return d.values !== undefined && d.value !== undefined
        ? errors.unsupportedValue(param, d.value, d.values, eventId)
        : errors.invalidValue(param, issue.message, eventId);
    case 'invalid_value':
      return d.values !== undefined && d.value !== undefined
        ? errors.unsupportedValue(param, d.value, d.values, eventId)
        : errors.invalidValue(param, issue.message, eventId);
    default:
      return errors.invalidValue(param, issue.message, eventId);
  }
}

/** The error event for a client frame the schema refused. */
export function clientEventError(
  error: EventParseError,
  raw: unknown,
  clientTypes: readonly string[],
): ErrorObject {
  const eventId =
    raw !== null &&
    typeof raw === 'object' &&
    typeof (raw as { event_id?: unknown }).event_id === 'string'
      ? (raw as { event_id: string }).event_id
      : undefined;
  const issue = error.issues[0] as EventIssue;
  return fromIssue(issue, eventId, clientTypes, error.eventType);
}
