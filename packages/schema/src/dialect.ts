import { z } from 'zod';
import { createKit, type Kit, type KitOptions, kitKey } from './kit.js';

/** The two dialects of the Realtime protocol. */
export type DialectName = 'beta' | 'ga';

/** Direction of an event on the wire. */
export type Direction = 'client' | 'server';

/** An event schema: an object whose `type` is a string literal. */
export type EventSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & z.core.$ZodLooseShape>;

/** What a dialect's `build(kit)` returns: its named shared objects and its events keyed by wire `type`. */
export interface DialectParts {
  readonly objects: Readonly<Record<string, z.ZodType>>;
  readonly clientEvents: Readonly<Record<string, EventSchema>>;
  readonly serverEvents: Readonly<Record<string, EventSchema>>;
}

/** The union of the events in a map, as a type. */
export type EventOf<M> = {
  [K in keyof M]: M[K] extends z.ZodType ? z.infer<M[K]> : never;
}[keyof M];

/** One built variant of a dialect: the parts, plus a discriminated union per direction. */
export type DialectSchemas<P extends DialectParts> = P & {
  readonly ClientEvent: z.ZodDiscriminatedUnion<
    [P['clientEvents'][keyof P['clientEvents']], ...P['clientEvents'][keyof P['clientEvents']][]],
    'type'
  >;
  readonly ServerEvent: z.ZodDiscriminatedUnion<
    [P['serverEvents'][keyof P['serverEvents']], ...P['serverEvents'][keyof P['serverEvents']][]],
    'type'
  >;
};

/** A dialect: builds each variant of its schemas once, on first use, and caches it. */
export interface Dialect<P extends DialectParts> {
  readonly name: DialectName;
  /** The schemas for one variant (strict or lenient objects, base64 depth, sample width). */
  variant(options: KitOptions): DialectSchemas<P>;
}

function unionOf<M extends Readonly<Record<string, EventSchema>>>(map: M) {
  const options = Object.values(map) as [M[keyof M], ...M[keyof M][]];
  return z.discriminatedUnion('type', options);
}

/** Defines a dialect from its build function. */
export function defineDialect<P extends DialectParts>(
  name: DialectName,
  build: (kit: Kit) => P,
): Dialect<P> {
  const cache = new Map<string, DialectSchemas<P>>();
  return {
    name,
    variant(options) {
      const key = kitKey(options);
      let built = cache.get(key);
      if (built === undefined) {
        const parts = build(createKit(options));
        built = {
          ...parts,
          ClientEvent: unionOf(parts.clientEvents),
          ServerEvent: unionOf(parts.serverEvents),
        } as unknown as DialectSchemas<P>;
        cache.set(key, built);
      }
      return built;
    },
  };
}
