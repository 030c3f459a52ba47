import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from './helpers/graphql-types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '../server/src/schema/index.js';
import { databaseFingerprint } from './helpers/fingerprint.js';
import { globalId, login } from './helpers/graphql.js';
import { serverLog } from './helpers/logs.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// Thousands of hostile arguments to every mutation and to the catalog, as a partner, a reviewer
// and anonymously: no crash, every answer typed (or masked), nothing changed by a refused call.
// FUZZ_RUNS and FUZZ_SEED replay a failure; fast-check prints both when a property fails.

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const REQUESTS_PER_RUN = 8;
/** Aliased calls per request: more inputs per round trip, under any alias limit. */
const CALLS_PER_REQUEST = 5;

/** Codes a refusal may carry; anything else (INTERNAL_SERVER_ERROR above all) fails the property. */
const TYPED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  // Document-level limits (depth, cost, argument sizes) and the request-body limit.
  'QUERY_LIMIT',
  'PAYLOAD_TOO_LARGE',
]);

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  fc.constantFrom('a\u0000b', '\u0000', 'x\uD800', '\uDFFFy', '\uD83D', '\u202Eexe.gnp', 'a\u2066b\u2069', '\u200B\u200C\u200D', '\uFEFF', '\u3164', ' '),
  fc.constantFrom('javascript:alert(1)', 'http://', 'https://', 'ftp://x.y', 'https://exa mple.com', '//evil.com', 'data:text/html,<script>', `https://x.io/${'a'.repeat(3000)}`),
  fc.constantFrom(
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><use href="https://evil/x.svg#a"/></svg>',
    '<svg><foreignObject><iframe src="x"/></foreignObject></svg>',
    `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(5000)}</svg>`,
    '\u0089PNG\r\n\u001a\n',
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "x">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
  ),
  fc.constantFrom('en', 'ru', 'DE', 'US', 'orders.read', 'acme-stats', 'nordlys-crm', 'test-account', 'EUR', '1.2.3', 'PASS'),
  fc.integer({ min: 1, max: 5 }).map((exponent) => 'x'.repeat(10 ** exponent)),
);

describe('input fuzz', () => {
  let server: TestServer;
  let callers: { role: string; token?: string }[];
  let idPool: string[];
  const log = serverLog();

  beforeAll(async () => {
    server = await startTestServer({ logger: log.logger });
    const [anna, rita] = await Promise.all([login(server.url, 'anna@acme.dev'), login(server.url, 'rita@vetline.dev')]);
    callers = [{ role: 'partner', token: anna }, { role: 'reviewer', token: rita }, { role: 'anonymous' }];
    const db = server.prisma;
    const [apps, versions, threads, users, partners] = await Promise.all([
      db.app.findMany({ take: 6, orderBy: { code: 'asc' }, where: { code: { in: ['acme-stats', 'acme-pay', 'nordlys-crm', 'nordlys-sms'] } } }),
      db.appVersion.findMany({ take: 6, orderBy: { id: 'asc' } }),
      db.thread.findMany({ take: 4, orderBy: { id: 'asc' } }),
      db.user.findMany({ take: 3, orderBy: { id: 'asc' } }),
      db.partner.findMany(),
    ]);
    idPool = [
      ...apps.map((a) => globalId('App', a.id)),
      ...versions.map((v) => globalId('AppVersion', v.id)),
      ...threads.map((t) => globalId('Thread', t.id)),
      ...users.map((u) => globalId('User', u.id)),
      ...partners.map((p) => globalId('Partner', p.id)),
      globalId('App', 'cl0000000000000000nothing'),
      globalId('AppVersion', apps[0]!.id),
      globalId('Section', 'x'),
      globalId('Nope', '1'),
      'not-an-id',
      '',
    ];
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A small valid-looking value of `type`, to repeat in long lists. */
  function minimalOf(type: GraphQLInputType): unknown {
    if (isNonNullType(type)) return minimalOf(type.ofType);
    if (isListType(type)) return [];
    if (isEnumType(type)) return type.getValues()[0]!.value;
    if (isInputObjectType(type)) {
      const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
      return Object.fromEntries(required.map((f) => [f.name, minimalOf(f.type)]));
    }
    return type.name === 'Int' ? 1 : type.name === 'Boolean' ? true : type.name === 'ID' ? idPool[0] : 'DE';
  }

  /** Values for an argument of `type`, biased to the hostile. */
  function valueOf(type: GraphQLInputType, required = false): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) return valueOf(type.ofType, true);
    const nullable = <T>(arbitrary: fc.Arbitrary<T>) =>
      required ? arbitrary : fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
    if (isListType(type)) {
      const item = valueOf(type.ofType);
      return nullable(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) },
          // Long lists repeat one short value: their length is what is under test, not their bytes.
          { weight: 1, arbitrary: fc.constantFrom(251, 1000, 5000, 20_000).map((n) => Array<unknown>(n).fill(minimalOf(type.ofType))) },
        ),
      );
    }
    if (isEnumType(type)) return nullable(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.value as string)) }, { weight: 1, arbitrary: hostileText }));
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      return nullable(
        fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type)])), {
          requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
        }),
      );
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'ID':
          return nullable(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...idPool) }, { weight: 1, arbitrary: hostileText }));
        case 'Int':
          return nullable(
            fc.oneof(fc.integer({ min: -5, max: 400 }), fc.integer(), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 2 ** 40, -1, 0, 1.5)),
          );
        case 'Boolean':
          return nullable(fc.boolean());
        default:
          return nullable(hostileText);
      }
    }
    return fc.constant(null);
  }

  interface Call {
    name: string;
    operation: 'mutation' | 'query';
    args: readonly GraphQLArgument[];
    variables: Record<string, unknown>;
  }

  /** One call of `field` with generated values for its arguments. */
  function callOf(field: GraphQLField<unknown, unknown>, operation: Call['operation']): fc.Arbitrary<Call> {
    return fc
      .record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])), {
        requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
      })
      .map((variables) => ({ name: field.name, operation, args: field.args, variables: variables as Record<string, unknown> }));
  }

  /** One request: the calls as aliases `r0`, `r1`, … with their variables prefixed alike. */
  function requestOf(calls: Call[]): { query: string; variables: Record<string, unknown> } {
    const declarations: string[] = [];
    const fields: string[] = [];
    const variables: Record<string, unknown> = {};
    calls.forEach((call, i) => {
      const passing = call.args.map((a) => `${a.name}: $r${i}_${a.name}`).join(', ');
      for (const a of call.args) {
        declarations.push(`$r${i}_${a.name}: ${String(a.type)}`);
        if (a.name in call.variables) variables[`r${i}_${a.name}`] = call.variables[a.name];
      }
      const selection = call.operation === 'mutation' ? '{ __typename ... on Error { message } }' : '{ edges { cursor node { code } } }';
      fields.push(`r${i}: ${call.name}${passing ? `(${passing})` : ''} ${selection}`);
    });
    return { query: `${calls[0]!.operation}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${fields.join(' ')} }`, variables };
  }

  it('should answer every hostile argument with a typed or masked error and change nothing when it refuses', async () => {
    // Mutations with no arguments (logout, logoutEverywhere) take no input to fuzz, and ending the
    // callers' sessions would leave the rest of the run unauthenticated.
    const mutations = Object.values(schema.getMutationType()!.getFields()).filter((field) => field.args.length > 0);
    const mutationCall = fc.oneof(...mutations.map((f) => callOf(f, 'mutation')));
    const requests = fc.oneof(
      { weight: 5, arbitrary: fc.array(mutationCall, { minLength: 1, maxLength: CALLS_PER_REQUEST }) },
      { weight: 1, arbitrary: fc.array(callOf(schema.getQueryType()!.getFields().catalog!, 'query'), { minLength: 1, maxLength: CALLS_PER_REQUEST }) },
    );
    const errorLog = vi.spyOn(console, 'error');
    const logged = log.mark();
    let sent = 0;
    const started = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(requests, fc.constantFrom(...callers)), { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }), async (batch) => {
          const before = await databaseFingerprint(server);
          let anyApplied = false;
          for (const [calls, caller] of batch) {
            sent += calls.length;
            const response = await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}) },
              body: JSON.stringify(requestOf(calls)),
            });
            const label = `${calls.map((c) => c.name).join(', ')} as ${caller.role}`;
            expect(response.status, label).toBeLessThan(500);
            const text = await response.text();
            expect(text, label).not.toMatch(/\n\s+at |Prisma|Invalid `|DriverAdapter|node_modules/);
            const body = JSON.parse(text) as { data?: Record<string, { __typename?: string } | null> | null; errors?: { message: string; extensions?: { code?: string } }[] };
            for (const error of body.errors ?? []) {
              // GraphQL's own refusals of a variable (a 2^40 Int, an unknown enum value) come before any resolver.
              const requestError = body.data === undefined && /^Variable "\$\w+" /.test(error.message);
              const typed = TYPED_CODES.has(String(error.extensions?.code)) || requestError || /^Not authorized/.test(error.message);
              expect(typed, `${label}: ${JSON.stringify(error).slice(0, 300)}`).toBe(true);
            }
            for (const result of Object.values(body.data ?? {})) {
              if (result?.__typename && !result.__typename.endsWith('Error')) anyApplied = true;
            }
            // An error on a non-null root field nulls the whole answer: the calls before it may have
            // applied, and their results are gone, so this batch proves nothing about refusals.
            if (body.data === null) anyApplied = true;
          }
          // A batch in which every call was refused left the database exactly as it was.
          if (!anyApplied) expect(await databaseFingerprint(server)).toBe(before);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    } finally {
      console.info(`input fuzz: ${sent} calls in ${Math.round(performance.now() - started)} ms (seed ${SEED}, ${RUNS} runs)`);
      errorLog.mockRestore();
    }
    // The server's failures (a resolver's, the feed's, live delivery's) go to its logger, not the console.
    expect(log.errors(logged)).toEqual([]);
    expect(errorLog).not.toHaveBeenCalled();
    expect(sent).toBeGreaterThanOrEqual(RUNS * REQUESTS_PER_RUN);
  }, 240_000); // bounded by its runs, not by time: a loaded machine only makes it slower
});
