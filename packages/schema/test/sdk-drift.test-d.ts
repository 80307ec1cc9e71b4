// Rule: for every event that both @soundcheck/schema and the official `openai` SDK define, the
// types agree in the direction users rely on:
// - server events: every value our parsed (lenient) type admits is assignable to the SDK's type,
//   so parsed data can be handed to SDK-typed code;
// - client events: every value the SDK's type admits is assignable to our input type, so what the
//   SDK lets a user build, we accept.
// Both unions list the same events. Each intentional difference is listed, event + field, in
// drift-exceptions.ts (and DRIFT.md). Checked by the type checker (vitest typecheck and `pnpm lint`).
import type * as BetaSdk from 'openai/resources/beta/realtime/realtime';
import type * as GaSdk from 'openai/resources/realtime/realtime';
import { describe, test } from 'vitest';
import type { z } from 'zod';
import type { beta, ga } from '../src/index.js';
import type { sdkDrift } from './drift-exceptions.js';

type Dialect = 'beta' | 'ga';
type Direction = 'client' | 'server';

interface OurMaps {
  beta: { client: typeof beta.clientEvents; server: typeof beta.serverEvents };
  ga: { client: typeof ga.clientEvents; server: typeof ga.serverEvents };
}
interface SdkUnions {
  beta: { client: BetaSdk.RealtimeClientEvent; server: BetaSdk.RealtimeServerEvent };
  ga: { client: GaSdk.RealtimeClientEvent; server: GaSdk.RealtimeServerEvent };
}

type OurName<D extends Dialect, R extends Direction> = keyof OurMaps[D][R] & string;
type SdkName<D extends Dialect, R extends Direction> = SdkUnions[D][R]['type'];
type Common<D extends Dialect, R extends Direction> = OurName<D, R> & SdkName<D, R>;

/** Ours: what the parser accepts (client events) or returns (server events). */
type Ours<D extends Dialect, R extends Direction, K> = K extends keyof OurMaps[D][R]
  ? OurMaps[D][R][K] extends z.ZodType
    ? R extends 'client'
      ? z.input<OurMaps[D][R][K]>
      : z.output<OurMaps[D][R][K]>
    : never
  : never;
type Sdk<D extends Dialect, R extends Direction, K> = Extract<SdkUnions[D][R], { type: K }>;

type Listed = (typeof sdkDrift)[number];
type ListedFor<D extends Dialect, R extends Direction, Kind extends string> = Extract<
  Listed,
  { dialect: D; direction: R; kind: Kind }
>;
/** Fields of event K listed with kind `Kind` (`field`: skipped; `null`: compared without `null`). */
type ListedFields<D extends Dialect, R extends Direction, K, Kind extends string> = Extract<
  ListedFor<D, R, Kind>,
  { event: K }
>['field'];

// ---- adjusting listed fields, by dotted path (arrays and unions are transparent) ----

type SubPaths<P extends string, K extends string> = P extends `${K}.${infer Rest}` ? Rest : never;
/** `T` without the fields at paths `P`. */
type OmitPaths<T, P extends string> = [P] extends [never] ? T : OmitIn<T, P>;
type OmitIn<T, P extends string> = T extends readonly (infer E)[]
  ? OmitPaths<E, P>[]
  : T extends object
    ? { [K in keyof T as K extends P ? never : K]: OmitPaths<T[K], SubPaths<P, K & string>> }
    : T;
/** `T` with `null` removed from the fields at paths `P`. */
type NonNullPaths<T, P extends string> = [P] extends [never] ? T : NonNullIn<T, P>;
type NonNullIn<T, P extends string> = T extends readonly (infer E)[]
  ? NonNullPaths<E, P>[]
  : T extends object
    ? {
        [K in keyof T]: NonNullPaths<
          K extends P ? Exclude<T[K], null> : T[K],
          SubPaths<P, K & string>
        >;
      }
    : T;
/** One side of event K as the check sees it: listed fields omitted, listed nulls removed. */
type Adjusted<T, Skip extends string, Nulls extends string> = NonNullPaths<
  OmitPaths<T, Skip>,
  Nulls
>;

// ---- the check ----

/** Does the value flow in the checked direction? */
type Flows<R extends Direction, O, S> = R extends 'client'
  ? [S] extends [O]
    ? true
    : false
  : [O] extends [S]
    ? true
    : false;

type Fits<
  D extends Dialect,
  R extends Direction,
  K,
  Skip extends string,
  Nulls extends string,
> = Flows<R, Adjusted<Ours<D, R, K>, Skip, Nulls>, Adjusted<Sdk<D, R, K>, Skip, Nulls>>;
type Skip<D extends Dialect, R extends Direction, K> = ListedFields<D, R, K, 'field'>;
type Nulls<D extends Dialect, R extends Direction, K> = ListedFields<D, R, K, 'null'>;
type FitsListed<D extends Dialect, R extends Direction, K> = Fits<
  D,
  R,
  K,
  Skip<D, R, K>,
  Nulls<D, R, K>
>;

// Diagnostics: the dotted paths where the two sides stop agreeing (descends while both sides are
// plain objects or arrays of them, and pairs union members by `type`).
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
type Elem<T> = T extends readonly (infer E)[] ? E : T;
type Plain<T> = Elem<NonNullable<T>>;
type PickOr<T, F> = F extends keyof T ? Pick<T, F> : Record<never, never>;
type Depth = [never, 0, 1, 2, 3, 4, 5];

type BadPaths<R extends Direction, O, S, Prefix extends string, N extends number> = [N] extends [
  never,
]
  ? Prefix
  : Flows<R, O, S> extends true
    ? never
    : Flows<R, Plain<O>, Plain<S>> extends true
      ? `${Prefix} (null/undefined/array)`
      : BadPlain<R, Plain<O>, Plain<S>, Prefix, N>;
type Dot<Prefix extends string, F> = `${Prefix}${Prefix extends '' ? '' : '.'}${F & string}`;
type BadPlain<R extends Direction, O, S, Prefix extends string, N extends number> = true extends
  | IsUnion<O>
  | IsUnion<S>
  ? BadMembers<R, O, S, Prefix, N>
  : [O] extends [object]
    ? [S] extends [object]
      ? {
          [F in keyof O | keyof S]-?: Flows<R, PickOr<O, F>, PickOr<S, F>> extends true
            ? never
            : F extends keyof O
              ? F extends keyof S
                ? BadPaths<R, O[F], S[F], Dot<Prefix, F>, Depth[N]>
                : `${Dot<Prefix, F>} (only here)`
              : `${Dot<Prefix, F>} (only in SDK)`;
        }[keyof O | keyof S]
      : Prefix
    : Prefix;
// Union members are paired by `type`, then by `role` (message items), and each pair is compared.
type Tag<T> = T extends { type: infer X extends string }
  ? T extends { role: infer Y extends string }
    ? `${X}/${Y}`
    : X
  : never;
type WithTag<T, G> = T extends unknown ? (G extends Tag<T> ? T : never) : never;
type BadMembers<R extends Direction, O, S, Prefix extends string, N extends number> =
  | BadOurMembers<R, O, S, Prefix, N>
  | BadSdkMembers<R, O, S, Prefix>;
type BadOurMembers<
  R extends Direction,
  O,
  S,
  Prefix extends string,
  N extends number,
> = O extends unknown
  ? Tag<O> extends infer G extends string
    ? [G] extends [never]
      ? Prefix
      : ([Tag<S>] extends [never] ? S : WithTag<S, G>) extends infer M
        ? [M] extends [never]
          ? R extends 'server'
            ? `${Prefix}<${G}> (only here)`
            : never
          : Flows<R, O, M> extends true
            ? never
            : [O | M] extends [object]
              ? true extends IsUnion<M>
                ? `${Prefix}<${G}>`
                : BadPaths<R, O, M, `${Prefix}<${G}>`, Depth[N]>
              : `${Prefix}<${G}>`
        : never
    : never
  : never;
type BadSdkMembers<R extends Direction, O, S, Prefix extends string> = R extends 'client'
  ? S extends unknown
    ? Tag<S> extends infer G extends string
      ? [WithTag<O, G>] extends [never]
        ? `${Prefix}<${G}> (only in SDK)`
        : never
      : never
    : never
  : never;

/** Events whose types disagree, with the paths where they do. Empty when all is well. */
type Drift<D extends Dialect, R extends Direction> = {
  // (`& string` rebuilds the union, so the error message prints the paths, not an alias name)
  [K in Common<D, R> as FitsListed<D, R, K> extends true ? never : K]: BadPaths<
    R,
    Adjusted<Ours<D, R, K>, Skip<D, R, K>, Nulls<D, R, K>>,
    Adjusted<Sdk<D, R, K>, Skip<D, R, K>, Nulls<D, R, K>>,
    '',
    6
  > &
    string;
};

/** Listed field differences that the check no longer needs (stale entries). */
type Stale<D extends Dialect, R extends Direction> =
  | (ListedFor<D, R, 'field'> extends infer E
      ? E extends { event: infer K; field: infer F extends string }
        ? K extends Common<D, R>
          ? Fits<D, R, K, Exclude<Skip<D, R, K>, F>, Nulls<D, R, K>> extends true
            ? `${K & string}: ${F}`
            : never
          : `${K & string}: ${F} (event not defined on both sides)`
        : never
      : never)
  | (ListedFor<D, R, 'null'> extends infer E
      ? E extends { event: infer K; field: infer F extends string }
        ? K extends Common<D, R>
          ? Fits<D, R, K, Skip<D, R, K>, Exclude<Nulls<D, R, K>, F>> extends true
            ? `${K & string}: ${F} (null)`
            : never
          : `${K & string}: ${F} (event not defined on both sides)`
        : never
      : never);

/** Events one side has and the other lacks, less the listed ones. */
type OnlyHere<D extends Dialect, R extends Direction> = Exclude<
  OurName<D, R>,
  SdkName<D, R> | ListedFor<D, R, 'not-in-sdk'>['event']
>;
type OnlyInSdk<D extends Dialect, R extends Direction> = Exclude<
  SdkName<D, R>,
  OurName<D, R> | ListedFor<D, R, 'not-here'>['event']
>;
/** Listed whole-event differences that are no longer true. */
type StaleEvents<D extends Dialect, R extends Direction> =
  | Extract<ListedFor<D, R, 'not-in-sdk'>['event'], SdkName<D, R>>
  | Exclude<ListedFor<D, R, 'not-in-sdk'>['event'], OurName<D, R>>
  | Extract<ListedFor<D, R, 'not-here'>['event'], OurName<D, R>>
  | Exclude<ListedFor<D, R, 'not-here'>['event'], SdkName<D, R>>;

/** Events whose type is `any` on either side (they would pass any check). */
type AnyTyped<D extends Dialect, R extends Direction> = {
  [K in OurName<D, R>]: 0 extends 1 & Ours<D, R, K> ? K : 0 extends 1 & Sdk<D, R, K> ? K : never;
}[OurName<D, R>];

/** Shows a non-empty report as itself (keys and paths) in the type error. */
type Report<T> = keyof T extends never ? never : { [K in keyof T]: T[K] };
/** Fails to type-check, printing `T`, unless `T` is `never`. */
declare function expectNone<T extends never>(): void;

describe('GA types agree with the openai SDK (resources/realtime)', () => {
  test('server events: our parsed types are assignable to the SDK types', () => {
    expectNone<Report<Drift<'ga', 'server'>>>();
    expectNone<Stale<'ga', 'server'> & string>();
  });
  test('client events: the SDK types are assignable to our input types', () => {
    expectNone<Report<Drift<'ga', 'client'>>>();
    expectNone<Stale<'ga', 'client'> & string>();
  });
  test('both define the same events, none typed `any`', () => {
    expectNone<OnlyHere<'ga', 'server'>>();
    expectNone<OnlyInSdk<'ga', 'server'>>();
    expectNone<OnlyHere<'ga', 'client'>>();
    expectNone<OnlyInSdk<'ga', 'client'>>();
    expectNone<StaleEvents<'ga', 'server'> | StaleEvents<'ga', 'client'>>();
    expectNone<AnyTyped<'ga', 'server'> | AnyTyped<'ga', 'client'>>();
  });
});

describe('beta types agree with the openai SDK (resources/beta/realtime)', () => {
  test('server events: our parsed types are assignable to the SDK types', () => {
    expectNone<Report<Drift<'beta', 'server'>>>();
    expectNone<Stale<'beta', 'server'> & string>();
  });
  test('client events: the SDK types are assignable to our input types', () => {
    expectNone<Report<Drift<'beta', 'client'>>>();
    expectNone<Stale<'beta', 'client'> & string>();
  });
  test('both define the same events, none typed `any`', () => {
    expectNone<OnlyHere<'beta', 'server'>>();
    expectNone<OnlyInSdk<'beta', 'server'>>();
    expectNone<OnlyHere<'beta', 'client'>>();
    expectNone<OnlyInSdk<'beta', 'client'>>();
    expectNone<StaleEvents<'beta', 'server'> | StaleEvents<'beta', 'client'>>();
    expectNone<AnyTyped<'beta', 'server'> | AnyTyped<'beta', 'client'>>();
  });
});
