import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/embedded.js';
import { gql, login } from './helpers/graphql.js';
import { runFailingServer, startBuiltServer, SERVER_STARTS } from './helpers/process.js';
import { wsClient } from './helpers/ws.js';

const CATALOG = `{ catalog(first: 50) { edges { node { code listing(locale: "ru") { locale name } } } } }`;

describe('the built server with the embedded database', SERVER_STARTS, () => {
  let data: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    data = await tempDir();
  });
  afterAll(async () => {
    await data.remove();
  });

  it('should start on a free port, answer /health, /ready, GraphQL and the dashboard, and stop on SIGTERM', async () => {
    const server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    try {
      expect(server.output()).toMatch(/Applied migrations|copied from a prepared template/);
      expect(server.output()).toContain('Seeded the demo marketplace');

      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });

      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });

      const catalog = await gql(server.url, CATALOG);
      expect(catalog.errors).toBeUndefined();
      const codes = catalog.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code);
      expect(codes).toContain('acme-pay');
      // Not available: partner switched it off, staff suspended it, or nothing is live.
      expect(codes).not.toContain('acme-legacy');
      expect(codes).not.toContain('nordlys-sms');
      expect(codes).not.toContain('acme-stats');
      expect(catalog.data!.catalog.edges[0].node.listing.locale).toBe('ru');

      const graphiql = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).toContain('Vetline GraphQL');

      const dashboard = await fetch(`${server.url}/some/client/route`);
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain('<div id="root">');

      const token = await login(server.url, 'anna@acme.dev');
      const viewer = await gql(server.url, '{ viewer { name ... on User { email } } }', {}, { token });
      expect(viewer.data).toEqual({ viewer: { name: expect.any(String), email: 'anna@acme.dev' } });

      // The same schema and auth over graphql-ws, on the same port and path.
      const ws = wsClient(server.url, { authorization: `Bearer ${token}` });
      try {
        const overWs = await ws.iterate({ query: '{ viewer { ... on User { email } } }' }).next();
        expect(overWs.value).toEqual({ data: { viewer: { email: 'anna@acme.dev' } } });
      } finally {
        await ws.dispose();
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('should keep the data and sessions when started again on the same folder', async () => {
    const first = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    const token = await login(first.url, 'rita@vetline.dev');
    const before = await gql(first.url, CATALOG);
    expect(await first.stop()).toBe(0);

    const second = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    try {
      expect(second.output()).toContain('Database schema is up to date');
      expect(second.output()).not.toContain('Seeded');
      expect(await gql(second.url, CATALOG)).toEqual(before);
      const viewer = await gql(second.url, '{ viewer { ... on User { email } } }', {}, { token });
      expect(viewer.data).toEqual({ viewer: { email: 'rita@vetline.dev' } });
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});

describe('start-up with bad settings', () => {
  const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it('should name a bad PORT and say why', async () => {
    const result = await runFailingServer({ PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT: must be a number');
    noStackTrace(result.stderr);
  });

  it('should refuse a DATABASE_URL that is not a Postgres URL', async () => {
    const result = await runFailingServer({ DATABASE_URL: 'mysql://localhost/app', JWT_SECRET: 'x'.repeat(32) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    noStackTrace(result.stderr);
  });

  it('should say when the database cannot be reached', async () => {
    const result = await runFailingServer({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nothing',
      JWT_SECRET: 'x'.repeat(32),
      // Start-up waits for the database this long, one line per attempt, then says why it gave up.
      VETLINE_DATABASE_WAIT_SECONDS: '2',
    });
    expect(result.stdout).toMatch(/Database not reachable \(ECONNREFUSED\); attempt 1, retrying in 0\.5 s/);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot connect to the database at postgresql://postgres@127.0.0.1:1/nothing');
    expect(result.stderr).toContain('connection refused');
    noStackTrace(result.stderr);
  });

  it('should say when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const data = await tempDir();
    try {
      const result = await runFailingServer({ PORT: String(port), VETLINE_DATA_DIR: data.dir, VETLINE_SEED_DEMO: 'false' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      noStackTrace(result.stderr);
    } finally {
      blocker.close();
      await data.remove();
    }
  });
});
