/**
 * Every intentional difference between @soundcheck/schema and the two official sources it is
 * checked against, each with its reason:
 *
 * - {@link sdkDrift}: the types of the official `openai` npm package (checked by the type checker in
 *   `sdk-drift.test-d.ts`);
 * - {@link openApiDrift}: the OpenAPI description of the Realtime API (checked at run time in
 *   `openapi-drift.test.ts` against `openapi-realtime-events.json`).
 *
 * Entries are specific (dialect, direction, event, field). A check fails when a difference is not
 * listed here, and also when an entry no longer matches a difference (a stale entry). `DRIFT.md`
 * is rendered from this file by `openapi-drift.test.ts` (`vitest run -u` rewrites it).
 */

import { betaOpenApiDrift, betaSdkDrift } from './beta-drift.js';
import { gaOpenApiDrift, gaSdkDrift } from './ga-drift.js';

/** The two dialects and the two directions, as in `src/dialect.ts`. */
export type DriftDialect = 'beta' | 'ga';
export type DriftDirection = 'client' | 'server';

/**
 * One intentional difference from the `openai` SDK types.
 *
 * - `field`: the field's types differ (checked direction: for server events every value our
 *   parsed type admits must be assignable to the SDK's type; for client events every value the
 *   SDK's type admits must be assignable to our input type). The check omits `field` on both sides.
 * - `null`: one side admits `null` at `field` and the other does not; the check compares the field
 *   without `null` (so the rest of its type is still checked).
 * - `not-in-sdk`: we define the event, the SDK's union does not (`field` is `''`).
 * - `not-here`: the SDK's union has the event, we do not (`field` is `''`).
 */
export interface SdkDrift {
  readonly dialect: DriftDialect;
  readonly direction: DriftDirection;
  /** The wire `type` of the event. */
  readonly event: string;
  /** Dotted field path from the event root; arrays and unions are transparent. `''` for a whole event. */
  readonly field: string;
  readonly kind: 'field' | 'null' | 'not-in-sdk' | 'not-here';
  /** Why the difference is intentional (which source the schema follows, and why). */
  readonly reason: string;
}

/**
 * One intentional difference from the OpenAPI description (the committed extract
 * `openapi-realtime-events.json`).
 *
 * - `not-here`: the spec's union has the event, we have no schema of that name.
 * - `not-in-spec`: we have the event, the spec does not describe it.
 * - `renamed`: the spec names the event differently from the wire; `ours` is the name we use, and
 *   the fields are compared against that schema.
 * - `required-in-spec`: the spec requires `field`, ours has it optional (or not at all).
 * - `required-here`: ours requires `field`, the spec has it optional (or not at all).
 * - `enum`: the values of a `type`-like field (`type`, `role`, `object`) differ.
 * - `variant`: a union member without a `type`/`role` on one side has no counterpart on the other.
 *
 * An entry names either the `event` (and `field` from the event root) or a spec `component`, a
 * shared object such as `RealtimeConversationItemMessageAssistant` (and `field` from it): then it
 * covers that field in every event that carries the object.
 */
export type OpenApiDrift = {
  readonly dialect: DriftDialect;
  readonly direction: DriftDirection;
  /** Dotted field path (arrays and unions transparent); `''` for the event or object itself. */
  readonly field: string;
  readonly kind:
    | 'not-here'
    | 'not-in-spec'
    | 'renamed'
    | 'required-in-spec'
    | 'required-here'
    | 'enum'
    | 'variant';
  /** For `renamed`: the wire name our schema map uses. */
  readonly ours?: string;
  readonly reason: string;
} & (
  | {
      /** The event as the spec spells it. */
      readonly event: string;
      readonly component?: undefined;
    }
  | {
      readonly event?: undefined;
      /** The spec component (shared object) the field belongs to. */
      readonly component: string;
    }
);

/** Intentional differences from the `openai` SDK types (`openai` package, see DRIFT.md). */
export const sdkDrift = [...gaSdkDrift, ...betaSdkDrift] as const satisfies readonly SdkDrift[];

/** Intentional differences from the OpenAPI description (see DRIFT.md). */
export const openApiDrift = [
  ...gaOpenApiDrift,
  ...betaOpenApiDrift,
] as const satisfies readonly OpenApiDrift[];
