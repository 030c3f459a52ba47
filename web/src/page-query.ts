import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useState } from 'react';
import { type AnyVariables, useQuery } from 'urql';

/**
 * A page's one query, whose history connection pages backwards with `$historyBefore` (the
 * timeline shows the newest events first; "load older" asks for the page before). Shown from the cache at
 * once and revalidated: what changed while the page was closed (another page's edit, someone
 * else's action) is not in its live stream. A live subscription calls `refetch`.
 */
export function usePageQuery<Data, Variables extends AnyVariables & { historyBefore?: string | null }, Subject>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'historyBefore'>,
  pick: (data: Data | undefined) => Subject | null,
  historyOf: (subject: Subject) => { pageInfo: { startCursor?: string | null } },
) {
  const [historyBefore, setHistoryBefore] = useState<string | null>(null);
  const [result, reexecute] = useQuery<Data, Variables>({
    query,
    variables: { ...variables, historyBefore } as Variables,
    requestPolicy: 'cache-and-network',
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const subject = pick(result.data);
  const loadMoreHistory = useCallback(() => {
    const cursor = subject ? historyOf(subject).pageInfo.startCursor : null;
    if (cursor) setHistoryBefore(cursor);
  }, [subject, historyOf]);
  return { ...result, subject, refetch, loadMoreHistory };
}
