import type {
  IntrospectionField,
  IntrospectionInterfaceType,
  IntrospectionNonNullTypeRef,
  IntrospectionObjectType,
  IntrospectionOutputTypeRef,
  IntrospectionQuery,
  IntrospectionTypeRef,
  IntrospectionUnionType,
} from 'graphql';

/**
 * The schema graphcache reads, spelled compactly. codegen's introspection (src/gql/introspection.ts,
 * ~100 KB minified) names every field's type and lists its arguments; graphcache only asks which
 * object, interface and union types exist, their fields, interfaces and members, and whether a field
 * (and a list's items) may be null. The build ships this much (`compactSchema`, in vite.config.ts)
 * and the dashboard expands it when it starts (`expandSchema`), a quarter of the bytes compressed.
 *
 * One row per type: `[name, 'O' | 'I', fields, interfaces]` or `[name, 'U', members]`; lists are
 * space-separated names, and a field is its name followed by its wrappers from the outside in:
 * `!` non-null, `[` list (`apps![!` is `[App!]!`).
 */
export type CompactSchema = {
  roots: [query: string | null, mutation: string | null, subscription: string | null];
  types: ([name: string, kind: 'O' | 'I', fields: string, interfaces: string] | [name: string, kind: 'U', members: string])[];
};

/** Keeps what graphcache reads of an introspection result. */
export function compactSchema({ __schema: schema }: IntrospectionQuery): CompactSchema {
  const wrappers = (type: IntrospectionTypeRef): string =>
    type.kind === 'NON_NULL' ? `!${wrappers(type.ofType)}` : type.kind === 'LIST' ? `[${wrappers(type.ofType)}` : '';
  const names = (list: readonly { name: string }[]) => list.map((item) => item.name).join(' ');
  const types: CompactSchema['types'] = [];
  for (const type of schema.types) {
    if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') {
      const fields = type.fields.map((field) => field.name + wrappers(field.type)).join(' ');
      types.push([type.name, type.kind === 'OBJECT' ? 'O' : 'I', fields, names(type.interfaces ?? [])]);
    } else if (type.kind === 'UNION') {
      types.push([type.name, 'U', names(type.possibleTypes)]);
    }
  }
  return {
    roots: [schema.queryType?.name ?? null, schema.mutationType?.name ?? null, schema.subscriptionType?.name ?? null],
    types,
  };
}

/**
 * An introspection result graphcache accepts, from the compact form. What was left out reads as
 * the minified introspection spells scalars: every named type is `Any`, and no field has arguments.
 */
export function expandSchema({ roots, types }: CompactSchema): IntrospectionQuery {
  const list = (names: string) => (names ? names.split(' ') : []);
  const typeRef = (wrappers: string): IntrospectionOutputTypeRef => {
    if (!wrappers) return ANY;
    const inner = typeRef(wrappers.slice(1));
    if (wrappers[0] === '[') return { kind: 'LIST', ofType: inner };
    // The compact form never wraps a non-null in a non-null (GraphQL has no such type).
    return { kind: 'NON_NULL', ofType: inner as Exclude<IntrospectionOutputTypeRef, IntrospectionNonNullTypeRef> };
  };
  const field = (spelled: string): IntrospectionField => {
    const at = spelled.search(/[![]/);
    const name = at < 0 ? spelled : spelled.slice(0, at);
    return { name, args: [], type: typeRef(at < 0 ? '' : spelled.slice(at)), isDeprecated: false, deprecationReason: null };
  };
  const expanded = types.map((row): IntrospectionObjectType | IntrospectionInterfaceType | IntrospectionUnionType => {
    if (row[1] === 'U') return { kind: 'UNION', name: row[0], possibleTypes: list(row[2]).map((name) => ({ kind: 'OBJECT', name })) };
    const [name, kind, fields, interfaces] = row;
    const common = { name, fields: list(fields).map(field), interfaces: list(interfaces).map((i) => ({ kind: 'INTERFACE' as const, name: i })) };
    return kind === 'O' ? { kind: 'OBJECT', ...common } : { kind: 'INTERFACE', ...common, possibleTypes: [] };
  });
  const root = (name: string | null) => (name ? { kind: 'OBJECT' as const, name } : null);
  return {
    __schema: {
      queryType: root(roots[0]) ?? { kind: 'OBJECT', name: 'Query' },
      mutationType: root(roots[1]),
      subscriptionType: root(roots[2]),
      types: expanded,
      directives: [],
    },
  };
}

const ANY = { kind: 'SCALAR', name: 'Any' } as const;
