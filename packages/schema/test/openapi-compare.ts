// Compares the committed extract of the OpenAPI description (scripts/extract-openapi-events.mjs)
// with our zod schema maps: required fields both ways, recursively through objects, arrays and
// unions, and the values of `type`-like fields. Used by openapi-drift.test.ts.
import type { DriftDialect, DriftDirection, OpenApiDrift } from './drift-exceptions.js';

// ---- the committed extract (scripts/extract-openapi-events.mjs) ----

export interface SpecNode {
  readonly required?: readonly string[];
  readonly fields?: Readonly<Record<string, SpecNode>>;
  readonly enum?: readonly string[];
  readonly oneOf?: readonly SpecNode[];
  readonly ref?: string;
}
interface SpecEvent extends SpecNode {
  readonly schema: string;
  readonly inUnion?: false;
}
export interface SpecExtract {
  readonly source: string;
  readonly ga: Record<DriftDirection, Record<string, SpecEvent>>;
  readonly beta: Record<DriftDirection, Record<string, SpecEvent>>;
  readonly components: Record<string, SpecNode>;
}

// ---- reading our zod schemas ----

interface Def {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly element?: Schema;
  readonly options?: readonly Schema[];
  readonly left?: Schema;
  readonly right?: Schema;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly getter?: () => Schema;
}
export interface Schema {
  readonly _zod: { readonly def: Def; readonly optin?: 'optional' };
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
]);

function unwrap(schema: Schema, depth = 0): Schema[] {
  const def = schema._zod.def;
  if (depth > 50) return [];
  if (WRAPPERS.has(def.type) && def.innerType) return unwrap(def.innerType, depth + 1);
  if (def.type === 'pipe' && def.in) return unwrap(def.in, depth + 1);
  if (def.type === 'lazy' && def.getter) return unwrap(def.getter(), depth + 1);
  if (def.type === 'array' && def.element) return unwrap(def.element, depth + 1);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => unwrap(o, depth + 1));
  if (def.type === 'intersection' && def.left && def.right) {
    return [...unwrap(def.left, depth + 1), ...unwrap(def.right, depth + 1)];
  }
  return [schema];
}

/** The object schemas a field can hold (through wrappers, arrays and unions). */
function objectsOf(schemas: readonly Schema[]): Schema[] {
  return schemas.flatMap((s) => unwrap(s)).filter((s) => s._zod.def.type === 'object');
}

function shapeOf(schema: Schema): Readonly<Record<string, Schema>> {
  return schema._zod.def.shape ?? {};
}

function isRequired(schema: Schema, key: string): boolean {
  const field = shapeOf(schema)[key];
  return field !== undefined && field._zod.optin !== 'optional';
}

/** The string values a field allows, or `open` for any string. */
function valuesOf(schemas: readonly Schema[]): Set<string> | 'open' {
  const values = new Set<string>();
  for (const s of schemas.flatMap((x) => unwrap(x))) {
    const def = s._zod.def;
    if (def.type === 'literal') {
      for (const v of def.values ?? []) if (typeof v === 'string') values.add(v);
    } else if (def.type === 'enum') {
      for (const v of Object.values(def.entries ?? {})) if (typeof v === 'string') values.add(v);
    } else if (def.type === 'string' || def.type === 'unknown' || def.type === 'any') {
      return 'open';
    }
  }
  return values;
}

// ---- comparing ----

/** One difference between the spec and our schemas. */
export interface Difference {
  readonly dialect: DriftDialect;
  readonly direction: DriftDirection;
  /** The event as the spec names it. */
  readonly event: string;
  /** Dotted path from the event root (arrays and unions transparent), `''` for the event. */
  readonly field: string;
  /** The innermost spec component on the way, and the path from it. */
  readonly component?: string;
  readonly componentField: string;
  readonly kind: OpenApiDrift['kind'];
  readonly detail: string;
}

export interface Context {
  /** The extract’s shared nodes, for `ref`. */
  readonly components: Readonly<Record<string, SpecNode>>;
  readonly add: (at: Context, kind: Difference['kind'], detail: string) => void;
  readonly path: string;
  /** The innermost spec component on the way (`RealtimeConversationItemMessageUser`), if any. */
  readonly component?: string;
  /** The path from that component. */
  readonly componentPath: string;
  /** Readable location, with union members named (`item<message/user>.content`). */
  readonly where: string;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function deref(
  node: SpecNode,
  components: Readonly<Record<string, SpecNode>>,
  seen: readonly string[] = [],
): SpecNode {
  if (node.ref === undefined) return node;
  if (seen.includes(node.ref)) return {};
  const target = components[node.ref];
  if (target === undefined) throw new Error(`extract has no component ${node.ref}`);
  return deref(target, components, [...seen, node.ref]);
}

/** A union member's tag: its `type` values and `role` values. */
function specTag(node: SpecNode): { type?: readonly string[]; role?: readonly string[] } {
  return { type: node.fields?.type?.enum, role: node.fields?.role?.enum };
}

function tagLabel(tag: { type?: readonly string[]; role?: readonly string[] }): string {
  const type = tag.type?.join('|') ?? '?';
  return tag.role === undefined ? type : `${type}/${tag.role.join('|')}`;
}

function matchesTag(schema: Schema, tag: ReturnType<typeof specTag>): boolean {
  for (const key of ['type', 'role'] as const) {
    const wanted = tag[key];
    if (wanted === undefined) continue;
    const field = shapeOf(schema)[key];
    if (field === undefined) return false;
    const values = valuesOf([field]);
    if (values !== 'open' && !wanted.some((v) => values.has(v))) return false;
  }
  return true;
}

function ourTag(schema: Schema): string {
  const parts = (['type', 'role'] as const).map((key) => {
    const field = shapeOf(schema)[key];
    const values = field === undefined ? undefined : valuesOf([field]);
    return values === undefined ? undefined : values === 'open' ? '*' : [...values].join('|');
  });
  return parts.filter((p) => p !== undefined).join('/') || '?';
}

const TAGS = ['type', 'role'] as const;

function compareNode(node: SpecNode, schemas: readonly Schema[], ctx: Context): void {
  const spec = deref(node, ctx.components);
  const inner = node.ref === undefined ? ctx : { ...ctx, component: node.ref, componentPath: '' };
  const options = objectsOf(schemas);
  if (spec.oneOf === undefined) {
    compareObject(spec, options, inner, []);
    return;
  }
  // A union: members are paired by their `type` (and `role`) values; the values themselves are
  // compared once for the whole union.
  const members = spec.oneOf.map((m) => ({ ref: m.ref, node: deref(m, ctx.components) }));
  const tags = members.map((m) => specTag(m.node));
  const tagKeys = TAGS.filter((key) => tags.some((t) => t[key] !== undefined));
  for (const key of tagKeys) {
    const specValues = new Set(tags.flatMap((t) => t[key] ?? []));
    const fields = options.map((o) => shapeOf(o)[key]).filter((f) => f !== undefined);
    const values = valuesOf(fields);
    if (values === 'open' || options.length === 0) continue;
    enumDifference([...specValues], values, step(inner, key));
  }
  const claimed = new Set<Schema>();
  members.forEach((member, i) => {
    const tag = tags[i] ?? {};
    const untagged = tag.type === undefined && tag.role === undefined;
    const matched = untagged
      ? options.filter((o) => !tags.some((t) => t.type !== undefined && matchesTag(o, t)))
      : options.filter((o) => matchesTag(o, tag));
    for (const o of matched) claimed.add(o);
    const label = `${inner.where}<${tagLabel(tag)}>`;
    const memberCtx =
      member.ref === undefined
        ? { ...inner, where: label }
        : { ...inner, where: label, component: member.ref, componentPath: '' };
    if (matched.length > 0) compareObject(member.node, matched, memberCtx, tagKeys);
    else if (untagged && options.length > 0) {
      inner.add(inner, 'variant', `${label}: the spec's member has no counterpart here`);
    }
  });
  for (const o of options) {
    if (!claimed.has(o) && !tagKeys.some((key) => key in shapeOf(o))) {
      inner.add(inner, 'variant', `${inner.where}<${ourTag(o)}>: ours has a member the spec lacks`);
    }
  }
}

function step(ctx: Context, key: string): Context {
  return {
    ...ctx,
    path: join(ctx.path, key),
    where: join(ctx.where, key),
    componentPath: ctx.component === undefined ? '' : join(ctx.componentPath, key),
  };
}

function enumDifference(specValues: readonly string[], values: Set<string>, ctx: Context): void {
  const specOnly = specValues.filter((v) => !values.has(v)).sort();
  const oursOnly = [...values].filter((v) => !specValues.includes(v)).sort();
  if (specOnly.length === 0 && oursOnly.length === 0) return;
  const parts = [
    specOnly.length > 0 ? `spec only: ${specOnly.join(', ')}` : '',
    oursOnly.length > 0 ? `ours only: ${oursOnly.join(', ')}` : '',
  ].filter((p) => p !== '');
  ctx.add(ctx, 'enum', `${ctx.where}: ${parts.join('; ')}`);
}

export function compareObject(
  spec: SpecNode,
  options: readonly Schema[],
  ctx: Context,
  skipEnums: readonly string[],
): void {
  if (options.length === 0) {
    // Ours has no object here (e.g. only a string, an open record or `unknown`).
    if ((spec.required ?? []).length > 0) {
      ctx.add(
        ctx,
        'variant',
        `${ctx.where}: the spec allows an object here; ours does not model one`,
      );
    }
    return;
  }
  const required = new Set(spec.required ?? []);
  for (const option of options) {
    for (const key of required) {
      if (!isRequired(option, key)) {
        const at = step(ctx, key);
        const how = key in shapeOf(option) ? 'optional here' : 'not defined here';
        ctx.add(at, 'required-in-spec', `${at.where}: ${how}`);
      }
    }
    for (const key of Object.keys(shapeOf(option))) {
      if (isRequired(option, key) && !required.has(key)) {
        const at = step(ctx, key);
        ctx.add(at, 'required-here', `${at.where}: required here, optional or absent in the spec`);
      }
    }
  }
  for (const [key, child] of Object.entries(spec.fields ?? {})) {
    const fields = options.map((o) => shapeOf(o)[key]).filter((f) => f !== undefined);
    if (fields.length === 0) continue; // absence is reported by the required checks
    const next = step(ctx, key);
    if (child.enum !== undefined) {
      const values = valuesOf(fields);
      if (values !== 'open' && !skipEnums.includes(key)) enumDifference(child.enum, values, next);
      continue;
    }
    compareNode(child, fields, next);
  }
}

/**
 * Every difference between the extract and one of our schema maps (one dialect and direction).
 * `listed` gives the `renamed` entries: those spec events are compared with our schema of the
 * listed name.
 */
export function differences(
  extract: SpecExtract,
  map: Readonly<Record<string, unknown>>,
  dialect: DriftDialect,
  direction: DriftDirection,
  listed: readonly OpenApiDrift[],
): Difference[] {
  const found = new Map<string, Difference>();
  const record = (d: Difference) => found.set(JSON.stringify(d), d);
  const specEvents = extract[dialect][direction];
  const renamed = new Map<string, string>();
  for (const e of listed) {
    if (e.kind === 'renamed' && e.event !== undefined && e.ours !== undefined) {
      renamed.set(e.event, e.ours);
    }
  }
  const compared = new Set<string>();
  for (const [event, spec] of Object.entries(specEvents)) {
    const add = (at: Context, kind: Difference['kind'], detail: string) =>
      record({
        dialect,
        direction,
        event,
        field: at.path,
        ...(at.component === undefined ? {} : { component: at.component }),
        componentField: at.componentPath,
        kind,
        detail,
      });
    const root: Context = {
      add,
      components: extract.components,
      path: '',
      where: event,
      componentPath: '',
    };
    const name = renamed.get(event) ?? event;
    const schema = Object.hasOwn(map, name) ? map[name] : undefined;
    if (schema === undefined) {
      if (spec.inUnion !== false) add(root, 'not-here', `${event}: no schema of that name here`);
      continue;
    }
    if (name !== event) add(root, 'renamed', `${event}: compared with our "${name}"`);
    compared.add(name);
    const { type: _type, ...fields } = spec.fields ?? {};
    compareObject({ ...spec, fields }, [schema as unknown as Schema], root, []);
  }
  for (const name of Object.keys(map)) {
    if (!compared.has(name) && !Object.hasOwn(specEvents, name)) {
      record({
        dialect,
        direction,
        event: name,
        field: '',
        componentField: '',
        kind: 'not-in-spec',
        detail: `${name}: ours has it, the spec does not`,
      });
    }
  }
  return [...found.values()];
}

/** Does the listed entry cover the difference? */
export const covers = (e: OpenApiDrift, d: Difference) =>
  e.dialect === d.dialect &&
  e.direction === d.direction &&
  e.kind === d.kind &&
  (e.event !== undefined
    ? e.event === d.event && e.field === d.field
    : e.component === d.component && e.field === d.componentField);
