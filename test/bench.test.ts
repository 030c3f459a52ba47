import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_LISTED, benchApps, benchDataSql } from './bench/data.js';
import { assertIdentical } from './bench/lib/compare.js';
import { REFERENCE_ARGS, startServer, type Child } from './bench/lib/processes.js';
import { catalogRequest } from './bench/scenarios/requests.js';
import { gql } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** A server answering fixed bytes, standing in for Vetline or the reference. */
async function bytesServer(body: string): Promise<{ child: Child; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, child: { url } as Child };
}

describe('the bench’s byte-equality check', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('should fail loudly, naming the first differing byte, when the reference answers other bytes', async () => {
    const ours = await bytesServer('{"data":{"catalog":{"edges":[{"node":{"code":"a"}}]}}}');
    const reference = await bytesServer('{"data":{"catalog":{"edges":[{"node":{"code":"b"}}]}}}');
    servers.push(ours.server, reference.server);
    await expect(assertIdentical('catalog', ours.child, reference.child, catalogRequest(20))).rejects.toThrow(/differs.*byte 46/s);
  });

  it('should pass when both answer the same bytes', async () => {
    const ours = await bytesServer('{"data":{}}');
    const reference = await bytesServer('{"data":{}}');
    servers.push(ours.server, reference.server);
    await expect(assertIdentical('catalog', ours.child, reference.child, catalogRequest(20))).resolves.toBeDefined();
  });
});

const available = await postgresAvailable();

describe.runIf(available)('the bench’s reference server on PostgreSQL', () => {
  let database: TestDatabase;
  let vetline: TestServer;
  let reference: Child;

  beforeAll(async () => {
    database = await createTestDatabase();
    vetline = await startTestServer({ databaseUrl: database.url });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(benchDataSql());
    await client.end();
    reference = await startServer('reference', REFERENCE_ARGS, { REF_DATABASE_URL: database.url, JWT_SECRET: 'test-secret-that-is-at-least-32-chars' });
  });
  afterAll(async () => {
    await reference?.stop();
    await vetline?.stop();
    await database?.drop();
  });

  it('should add the generated apps, listed ones in the catalog and the others not', async () => {
    const result = await gql<{ catalog: { edges: { node: { code: string } }[] } }>(vetline.url, '{ catalog(first: 100) { edges { node { code } } } }');
    const codes = new Set(result.data!.catalog.edges.map((e) => e.node.code));
    const seen = benchApps().filter((app) => codes.has(app.code));
    expect(seen.length).toBeGreaterThan(80);
    expect(seen.every((app) => app.listed)).toBe(true);
    expect(benchApps().filter((app) => app.listed)).toHaveLength(BENCH_LISTED);
  });

  it.each([
    ['the first page, anonymous', catalogRequest(5)],
    ['a page of 100, anonymous', catalogRequest(100)],
    ['the first page with an account key', catalogRequest(20, { 'x-api-key': 'vl_account_corner_shop' })],
  ])('should answer the dashboard’s catalog query with Vetline’s exact bytes: %s', async (_name, request) => {
    const answer = await assertIdentical('catalog', { url: vetline.url } as Child, reference, request);
    expect(answer.bytes.toString()).toContain('"hasNextPage":true');
  });

  it('should answer the second page, after the first page’s cursor, with Vetline’s exact bytes', async () => {
    const first = await gql<{ catalog: { pageInfo: { endCursor: string } } }>(vetline.url, '{ catalog(first: 20) { pageInfo { endCursor } } }');
    const request = catalogRequest(20);
    const body = JSON.parse(request.body);
    body.variables.after = first.data!.catalog.pageInfo.endCursor;
    body.variables.locale = 'ru';
    await assertIdentical('catalog', { url: vetline.url } as Child, reference, { ...request, body: JSON.stringify(body) });
  });
});
