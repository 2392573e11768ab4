import { keepPreviousData, QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type { MethodInput, MethodOutput, QueryMethod } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { call } from './client';

/**
 * The window's cache of query answers, keyed [method, input]. An answer is kept until an edit
 * touches a subject it reads (edits.ts): nothing but the app's own edits changes the open
 * document. A refusal ({ ok: false }) is an answer like any other, so a query never throws.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // The app works offline: with the default ('online') a query waits for a network.
        networkMode: 'always',
      },
      mutations: { networkMode: 'always' },
    },
  });
}

export function apiQuery<M extends QueryMethod>(method: M, input: MethodInput<M>) {
  return queryOptions({ queryKey: [method, input] as const, queryFn: () => call(method, input) });
}

interface ApiQueryOptions<M extends QueryMethod> {
  enabled?: boolean;
  /** Show the previous input's answer until this one's comes (a year-slider step, another chain). */
  keepPrevious?: boolean;
  /**
   * Asks again every so many ms, as the last answer says (something outside the window changes
   * it), or never (false).
   */
  refetchInterval?: (answer: Result<MethodOutput<M>> | undefined) => number | false;
}

/** A query's answer from the cache, fetched through the client when it is not there (or stale). */
export function useApiQuery<M extends QueryMethod>(method: M, input: MethodInput<M>, options: ApiQueryOptions<M> = {}) {
  const { refetchInterval } = options;
  return useQuery({
    ...apiQuery(method, input),
    enabled: options.enabled ?? true,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    refetchInterval: refetchInterval ? (query) => refetchInterval(query.state.data) : false,
  });
}
