import type { IntrospectionQuery, IntrospectionTypeRef } from 'graphql';
import { describe, expect, it } from 'vitest';
import introspection from '../../web/src/gql/introspection.js';
import { compactSchema, expandSchema } from '../../web/src/lib/compact-schema.js';

/** What graphcache reads of a schema: kinds, fields with their null/list wrappers, interfaces, union members. */
function graphcacheView({ __schema: schema }: IntrospectionQuery) {
  const wrappers = (type: IntrospectionTypeRef): string =>
    type.kind === 'NON_NULL' ? `!${wrappers(type.ofType)}` : type.kind === 'LIST' ? `[${wrappers(type.ofType)}` : '';
  return {
    roots: [schema.queryType?.name, schema.mutationType?.name, schema.subscriptionType?.name],
    types: schema.types.flatMap((type): object[] => {
      if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') {
        return [{ name: type.name, kind: type.kind, fields: type.fields.map((f) => [f.name, wrappers(f.type)]), interfaces: (type.interfaces ?? []).map((i) => i.name) }];
      }
      return type.kind === 'UNION' ? [{ name: type.name, kind: type.kind, members: type.possibleTypes.map((p) => p.name) }] : [];
    }),
  };
}

describe('the compact schema the dashboard ships for graphcache', () => {
  it('should expand to what graphcache reads of the full introspection', () => {
    const expanded = expandSchema(compactSchema(introspection));
    expect(graphcacheView(expanded)).toEqual(graphcacheView(introspection));
    // Every id-less object stays an embedded value object (urql.ts keys them by the fields it reads).
    const withId = (q: IntrospectionQuery) => q.__schema.types.filter((t) => t.kind === 'OBJECT' && t.fields.some((f) => f.name === 'id')).map((t) => t.name);
    expect(withId(expanded)).toEqual(withId(introspection));
  });

  it('should be a fraction of the introspection it replaces', () => {
    expect(JSON.stringify(compactSchema(introspection)).length).toBeLessThan(JSON.stringify(introspection).length / 3);
  });
});
