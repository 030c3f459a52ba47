import { describe, expect, it } from 'vitest';
import { buildSchema, GraphQLError, parse, type ExecutionResult } from 'graphql';
import { DatabaseOutage } from '../server/src/db/outage.js';
import { subscribeMasked } from '../server/src/ws-operations.js';

// graphql-ws' subscribe path (server/src/ws-operations.ts): graphql-js' source stream with Yoga's masking.
const schema = buildSchema('type Query { ok: Boolean } type Subscription { typed: Int  internal: Int  ticks: Int }');
// The server's own masking: an outage becomes DATABASE_UNAVAILABLE, anything else unexpected Yoga's message.
const outage = new DatabaseOutage(async () => {}, () => {});
const mask = (error: unknown) => outage.maskError(error, 'Unexpected error.');
const args = (query: string, subscribe: () => unknown, resolve: (value: unknown) => unknown = (value) => value) => {
  for (const field of Object.values(schema.getSubscriptionType()!.getFields())) Object.assign(field, { subscribe, resolve });
  return { schema, document: parse(query) };
};

describe('graphql-ws subscribe with Yoga masking', () => {
  it('should pass a typed error from the subscribe resolver and mask an unexpected one', async () => {
    const typed = (await subscribeMasked(args('subscription { typed }', () => {
      throw new GraphQLError('No such version', { extensions: { code: 'NOT_FOUND' } });
    }), mask)) as ExecutionResult;
    expect(typed.errors?.map((e) => [e.message, e.extensions['code']])).toEqual([['No such version', 'NOT_FOUND']]);
    const internal = (await subscribeMasked(args('subscription { internal }', () => {
      throw new Error('relation "Secret" does not exist');
    }), mask)) as ExecutionResult;
    expect(internal.errors?.map((e) => e.message)).toEqual(['Unexpected error.']);
    const unreachable = (await subscribeMasked(args('subscription { internal }', () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }), mask)) as ExecutionResult;
    outage.stop();
    expect(unreachable.errors?.map((e) => e.extensions['code'])).toEqual(['DATABASE_UNAVAILABLE']);
  });

  it('should execute each event of a stream the hub does not write, mask its errors, and end the source on return', async () => {
    let ended = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
      } finally {
        ended = true;
      }
    }
    const stream = (await subscribeMasked(args('subscription { ticks }', source, (value) => {
      if (value === 2) throw new Error('connection string with password');
      return value;
    }), mask)) as AsyncIterableIterator<ExecutionResult>;
    const first = await stream.next();
    expect(first.value).toEqual({ data: { ticks: 1 } });
    const second = await stream.next();
    expect((second.value as ExecutionResult).errors?.map((e) => e.message)).toEqual(['Unexpected error.']);
    await stream.return?.();
    expect(ended).toBe(true);
  });
});
