/** What a Pothos Prisma connection passes to its resolver: the page (take, skip, cursor) and the selection. */
interface ConnectionQuery {
  take?: number;
  skip?: number;
  cursor?: unknown;
  include?: unknown;
  select?: unknown;
}

/**
 * Reads one page of a connection in two statements: the page's ids (filter, order, cursor, size,
 * no relations), then those rows with the selection GraphQL asked for.
 *
 * Why: Prisma loads relations with LATERAL subqueries, and PostgreSQL evaluates them for every row
 * that passes the filter before it sorts and cuts the page. On the catalog (≈ 170 listed apps, 20
 * per page) that was 28 ms of database time per page against 2 ms this way
 * (`test/bench/RESULTS.md`, "Stop 17"). The moderation queues page the same way: they grow with the backlog.
 */
export async function findPage<Q extends ConnectionQuery, Row extends { id: string }>(
  query: Q,
  pageIds: (page: Omit<Q, 'include' | 'select'>) => Promise<{ id: string }[]>,
  rows: (selection: Omit<Q, 'take' | 'skip' | 'cursor'>, ids: string[]) => Promise<Row[]>,
): Promise<Row[]> {
  const { include: _include, select: _select, ...page } = query;
  const { take: _take, skip: _skip, cursor: _cursor, ...selection } = query;
  const ids = (await pageIds(page)).map((row) => row.id);
  if (!ids.length) return [];
  const byId = new Map((await rows(selection, ids)).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
