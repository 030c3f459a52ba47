/**
 * The bench's reference server: `node:http` + graphql-js + hand-written SQL through `pg` with
 * named (prepared) statements. It serves the catalog (`sections` + `catalog`) and `postComment`
 * with the bytes Vetline answers, so the bench can measure what the same work costs done lean.
 *
 * Run as its own process: `node --import tsx test/bench/reference/server.ts`, with
 * REF_DATABASE_URL (a Postgres) or REF_PGLITE_DIR (a PGlite folder it opens and serves to itself
 * over a loopback socket, as Vetline's embedded mode does), and JWT_SECRET. Prints "Ready on <url>".
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql';
import pg from 'pg';
import * as sql from './sql.js';

const SDL = /* GraphQL */ `
  type Query {
    sections: [Section!]!
    catalog(after: String, before: String, filter: CatalogFilter, first: Int, last: Int, locale: String): QueryCatalogConnection!
  }
  type Mutation {
    postComment(body: String!, threadId: ID!): MutationPostCommentResult!
  }
  input CatalogFilter { apiVersion: Int, country: String, freeOnly: Boolean, search: String, section: String }
  type Section { key: String!, name(locale: String): String! }
  type QueryCatalogConnection { edges: [QueryCatalogConnectionEdge!]!, pageInfo: PageInfo! }
  type QueryCatalogConnectionEdge { cursor: String!, node: App! }
  type PageInfo { endCursor: String, hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String }
  type App {
    id: ID!
    code: String!
    listing(locale: String): ListingText
    section: Section
    logoSvg: String
    countries: [String!]!
    minApiVersion: Int
    pricing: Pricing!
  }
  type ListingText { locale: String!, name: String!, description: String! }
  type Pricing { currency: String!, discountedPriceMinor: Int, free: Boolean!, priceMinor: Int!, trialDays: Int }
  union MutationPostCommentResult = MutationPostCommentSuccess
  type MutationPostCommentSuccess { data: Comment! }
  type Comment { body: String!, author: User! }
  type User { name: String! }
`;
const schema = buildSchema(SDL);

type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: string; name: string; staff: boolean; partners: string[] }
  | { kind: 'key'; country: string | null; apiVersion: number | null };

interface Context {
  pool: pg.Pool;
  viewer: Viewer;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString();
/** Pothos' encodings: Relay global ids `Type:id`, Prisma connection cursors `GPC:S:id`. */
const globalId = (type: string, id: string) => base64(`${type}:${id}`);
const cursorOf = (id: string) => base64(`GPC:S:${id}`);

interface CatalogRow {
  id: string;
  code: string;
  logoSvg: string | null;
  countries: string[];
  priceMinor: number;
  discountedPriceMinor: number | null;
  trialDays: number | null;
  currency: string;
  minApiVersion: number;
  sectionKey: string | null;
  sectionNames: Record<string, string> | null;
  fallback: string;
  locale: string | null;
  name: string;
  description: string;
}

const root = {
  async sections(_args: unknown, ctx: Context) {
    const { rows } = await ctx.pool.query<{ key: string; names: Record<string, string>; fallback: string }>(sql.sections([]));
    return rows.map((row) => section(row.key, row.names, row.fallback));
  },
  async catalog(
    args: { first?: number | null; after?: string | null; locale?: string | null; filter?: Record<string, unknown> | null },
    ctx: Context,
  ) {
    const filter = args.filter ?? {};
    if (filter.search != null) throw new GraphQLError('The reference does not implement search');
    const first = Math.min(Math.max(args.first ?? 20, 0), 100);
    let after: string | null = null;
    if (args.after != null) {
      const decoded = fromBase64(args.after);
      if (!decoded.startsWith('GPC:S:')) throw new GraphQLError(`Invalid cursor: ${args.after}`);
      after = decoded.slice('GPC:S:'.length);
    }
    const account = ctx.viewer.kind === 'key' ? ctx.viewer : null;
    const country = (filter.country as string | null | undefined) ?? account?.country ?? null;
    const apiVersion = (filter.apiVersion as number | null | undefined) ?? account?.apiVersion ?? null;
    const { rows } = await ctx.pool.query<CatalogRow>(
      sql.catalogPage([args.locale ?? null, filter.section ?? null, country?.toUpperCase() ?? null, Boolean(filter.freeOnly), apiVersion, after, first + 1]),
    );
    const page = rows.slice(0, first);
    return {
      edges: page.map((row) => ({ cursor: cursorOf(row.id), node: appNode(row, args.locale ?? null) })),
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: false,
        startCursor: page[0] ? cursorOf(page[0].id) : null,
        endCursor: page.at(-1) ? cursorOf(page.at(-1)!.id) : null,
      },
    };
  },
  async postComment(args: { threadId: string; body: string }, ctx: Context) {
    const viewer = ctx.viewer;
    if (viewer.kind !== 'user') throw new GraphQLError('Sign in to comment');
    const [type, threadId] = fromBase64(args.threadId).split(':');
    if (type !== 'Thread' || !threadId) throw new GraphQLError('No such thread');
    const body = args.body.trim();
    if (!body || body.length > 20_000) throw new GraphQLError('The body is required, up to 20000 characters');
    const client = await ctx.pool.connect();
    try {
      await client.query('BEGIN');
      const thread = (await client.query(sql.lockThread([threadId]))).rows[0] as
        | { status: string; versionId: string; appId: string; partnerId: string }
        | undefined;
      if (!thread || !(viewer.staff || viewer.partners.includes(thread.partnerId))) throw new GraphQLError('No such thread');
      if (thread.status !== 'OPEN') throw new GraphQLError('The thread is resolved');
      const commentId = `c${randomBytes(12).toString('hex')}`;
      const comment = (await client.query(sql.insertComment([commentId, threadId, viewer.id, body]))).rows[0] as { body: string };
      await client.query(sql.eventOrderLock([]));
      await client.query(
        sql.insertEvent(['thread.comment_posted', thread.appId, thread.versionId, thread.partnerId, viewer.id, JSON.stringify({ threadId, commentId })]),
      );
      await client.query('COMMIT');
      return { __typename: 'MutationPostCommentSuccess', data: { body: comment.body, author: { name: viewer.name } } };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  },
};

/** A section whose `name(locale:)` falls back to the first required locale, then the key. */
function section(key: string, names: Record<string, string>, fallback: string) {
  return { key, name: ({ locale }: { locale?: string | null }) => names[locale ?? ''] ?? names[fallback] ?? key };
}

/** An app of a catalog page; its listing was picked in SQL for the catalog's own locale. */
function appNode(row: CatalogRow, locale: string | null) {
  const listing = row.locale === null ? null : { locale: row.locale, name: row.name, description: row.description };
  return {
    id: globalId('App', row.id),
    code: row.code,
    listing: (args: { locale?: string | null }) => {
      if ((args.locale ?? null) !== locale) throw new GraphQLError('The reference serves listing(locale:) in the catalog’s locale only');
      return listing;
    },
    section: row.sectionKey === null ? null : section(row.sectionKey, row.sectionNames ?? {}, row.fallback),
    logoSvg: row.logoSvg,
    countries: row.countries,
    minApiVersion: row.minApiVersion,
    pricing: {
      priceMinor: row.priceMinor,
      discountedPriceMinor: row.discountedPriceMinor,
      trialDays: row.trialDays,
      currency: row.currency,
      free: row.priceMinor === 0,
    },
  };
}

class Unauthenticated extends Error {}

/** Verifies an HS256 session token as Vetline signs them (issuer `vetline`, `sub` = user id, `exp`). */
function verifyToken(token: string, secret: Buffer): string {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Unauthenticated();
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Unauthenticated();
  const alg = JSON.parse(Buffer.from(header, 'base64url').toString()).alg;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string; iss?: string; exp?: number };
  if (alg !== 'HS256' || claims.iss !== 'vetline' || !claims.sub || !claims.exp || claims.exp * 1000 < Date.now()) throw new Unauthenticated();
  return claims.sub;
}

async function resolveViewer(pool: pg.Pool, secret: Buffer, req: IncomingMessage): Promise<Viewer> {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) {
    const row = (await pool.query(sql.userById([verifyToken(bearer, secret)]))).rows[0] as
      | { id: string; name: string; staffRole: string | null; partners: string[] }
      | undefined;
    if (!row) throw new Unauthenticated();
    return { kind: 'user', id: row.id, name: row.name, staff: row.staffRole !== null, partners: row.partners };
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) {
    const hash = createHash('sha256').update(apiKey).digest('hex');
    const row = (await pool.query(sql.apiKeyByHash([hash]))).rows[0] as
      | { kind: string; revokedAt: Date | null; country: string | null; apiVersion: number | null }
      | undefined;
    if (!row || row.revokedAt) throw new Unauthenticated();
    return row.kind === 'ACCOUNT' ? { kind: 'key', country: row.country, apiVersion: row.apiVersion } : { kind: 'key', country: null, apiVersion: null };
  }
  return { kind: 'anonymous' };
}

/** Parsed and validated documents by their text, as Yoga's parse and validation caches keep them. */
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
function document(query: string): DocumentNode | readonly GraphQLError[] {
  let entry = documents.get(query);
  if (!entry) {
    try {
      const parsed = parse(query);
      const errors = validate(schema, parsed);
      entry = errors.length ? errors : parsed;
    } catch (error) {
      entry = [error as GraphQLError];
    }
    if (documents.size < 100) documents.set(query, entry);
  }
  return entry;
}

function send(res: ServerResponse, status: number, result: ExecutionResult | { errors: unknown[] }) {
  res.writeHead(status, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
  res.end(JSON.stringify(result));
}

async function handle(pool: pg.Pool, secret: Buffer, req: IncomingMessage, res: ServerResponse) {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url?.split('?')[0] !== '/graphql') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) return send(res, 413, { errors: [{ message: 'Request body too large' }] });
    chunks.push(chunk as Buffer);
  }
  const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString()) as {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  const doc = document(query);
  if (!('kind' in doc)) return send(res, 400, { errors: doc.map((e) => ({ message: e.message })) });
  let viewer: Viewer;
  try {
    viewer = await resolveViewer(pool, secret, req);
  } catch (error) {
    if (error instanceof Unauthenticated) return send(res, 401, { errors: [{ message: 'The credentials are not valid' }] });
    throw error;
  }
  const result = await execute({ schema, document: doc, rootValue: root, contextValue: { pool, viewer }, variableValues: variables ?? null, operationName: operationName ?? null });
  send(res, 200, result);
}

async function main() {
  const secret = Buffer.from(process.env.JWT_SECRET ?? '');
  let databaseUrl = process.env.REF_DATABASE_URL;
  let stopEmbedded = async () => {};
  if (!databaseUrl) {
    const dir = process.env.REF_PGLITE_DIR;
    if (!dir) throw new Error('REF_DATABASE_URL or REF_PGLITE_DIR is required');
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(dir);
    const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    await socket.start();
    databaseUrl = `postgresql://postgres:postgres@${socket.getServerConn()}/postgres?sslmode=disable`;
    stopEmbedded = async () => {
      await socket.stop();
      await db.close();
    };
  }
  // PGlite is one backend session: one connection, as Vetline's embedded mode uses.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: process.env.REF_PGLITE_DIR && !process.env.REF_DATABASE_URL ? 1 : 10 });
  const server = createServer((req, res) => {
    handle(pool, secret, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'Unexpected error' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  console.log(`Ready on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void pool
      .end()
      .then(stopEmbedded)
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
