import { hashKey, useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isQueryMethod,
  readsAny,
  SUBJECTS,
  type EditAnswer,
  type EditMethod,
  type MethodInput,
  type MethodOutput,
  type StepAnswer,
  type Subject,
} from '../../../shared/contract';
import { ok, type ApiError, type Result } from '../../../shared/result';
import { call } from './client';
import { apiQuery } from './queries';
import { useNotify } from '../document/DocumentProvider';
import { describeError } from '../i18n';

const methodOf = (query: Query) => {
  const method = query.queryKey[0];
  return typeof method === 'string' && isQueryMethod(method) ? method : null;
};

/**
 * Fetches again where shown, and forgets where not shown, the queries that read a touched
 * subject, except those whose answers came with the edit (`answered`: their query hashes).
 */
async function refresh(queryClient: QueryClient, touched: readonly Subject[], answered: ReadonlySet<string>): Promise<void> {
  const stale = (query: Query) => {
    const method = methodOf(query);
    return method !== null && !answered.has(query.queryHash) && readsAny(method, touched);
  };
  // An answer not on screen (another year the slider showed or fetched ahead, a tab left) is
  // dropped rather than kept stale: shown again, it would be drawn as it was before the edit
  // until it is fetched again. The window fetches it when it shows it.
  queryClient.removeQueries({ predicate: (query) => stale(query) && query.getObserversCount() === 0 });
  if (!touched.includes('document')) {
    await queryClient.invalidateQueries({ predicate: stale });
    return;
  }
  // Another document, or another state of this one: its info and chains first, so that a chain
  // it does not have is not asked for (the window moves to one it has).
  const first = (query: Query) => methodOf(query) === 'document.info' || methodOf(query) === 'chains.list';
  await queryClient.invalidateQueries({ predicate: (query) => first(query) && stale(query) });
  const chains = queryClient.getQueryData(apiQuery('chains.list', {}).queryKey);
  const known = new Set(chains?.ok ? chains.value.map((chain) => chain.id) : []);
  const gone = (query: Query) => {
    const input = query.queryKey[1] as { chainId?: unknown } | undefined;
    return typeof input?.chainId === 'string' && !known.has(input.chainId);
  };
  await Promise.all([
    queryClient.invalidateQueries({ predicate: (query) => !first(query) && stale(query) && gone(query), refetchType: 'none' }),
    queryClient.invalidateQueries({ predicate: (query) => !first(query) && stale(query) && !gone(query) }),
  ]);
}

/** After an edit: the undo state from its answer, and fresh answers where it touched what they read. */
export function refreshAfterEdit(queryClient: QueryClient, answer: EditAnswer | StepAnswer): Promise<void> {
  const undoState = apiQuery('undo.state', {}).queryKey;
  queryClient.setQueryData(undoState, ok({ canUndo: answer.canUndo, canRedo: answer.canRedo }));
  const known = new Set([hashKey(undoState)]);
  for (const { method, input, value } of 'fresh' in answer ? (answer.fresh ?? []) : []) {
    if (!isQueryMethod(method)) continue;
    const key = [method, input] as const;
    queryClient.setQueryData(key, ok(value));
    known.add(hashKey(key));
  }
  return refresh(queryClient, 'touched' in answer ? answer.touched : [], known);
}

/** Another document opened (or this one opened again): everything read from it. */
export function refreshDocument(queryClient: QueryClient): Promise<void> {
  return refresh(queryClient, SUBJECTS, new Set());
}

function documentMoved(error: ApiError): boolean {
  return error.code === 'read_only' || error.code === 'locked' || error.message === 'errors.fileReplaced';
}

/**
 * Makes an edit through the client. When it is saved, the queries it made stale are fetched
 * again (not waited for, as the table shows the change when its members come).
 */
export function useEdit() {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const { showError } = useNotify();
  return useCallback(
    async <M extends EditMethod>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> => {
      const result = await call(method, input);
      // Every edit method answers an EditAnswer or a StepAnswer (the contract's edit() says so).
      if (result.ok) void refreshAfterEdit(queryClient, result.value as EditAnswer | StepAnswer);
      else if (documentMoved(result.error)) {
        // Refused because the document is no longer what the window shows: it turned read-only
        // (another app instance took its lock), its lock holder came back, or it was read again
        // (another file at its path). The field that was edited goes with the refresh, so the
        // refusal is said on the notice line.
        showError(describeError(t, result.error));
        void refreshDocument(queryClient);
      }
      return result;
    },
    [queryClient, showError, t],
  );
}
