import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { UndoState } from '../../../shared/contract';
import { apiQuery, useApiQuery } from '../api/queries';

/** A chain and a year the user chose, in the document they were chosen in. */
interface Choice {
  path: string | null;
  chainId: string | null;
  /** The year shown (the year slider); null: the chain's latest known state. */
  year: number | null;
}

const NOTHING_UNDONE: UndoState = { canUndo: false, canRedo: false };

/**
 * The open document, its chains, the chosen chain's members at the chosen year and its history,
 * from the query cache. Another document opened shows its own first chain at its latest state.
 */
export function useChainDocument() {
  const info = useApiQuery('document.info', {});
  const chains = useApiQuery('chains.list', {});
  const undo = useApiQuery('undo.state', {});
  const path = info.data?.ok ? info.data.value.path : null;
  const [choice, setChoice] = useState<Choice>({ path: null, chainId: null, year: null });
  const chosen = choice.path === path ? choice : { path, chainId: null, year: null };
  const chainList = chains.data?.ok ? chains.data.value : [];
  const chainId = chainList.find((chain) => chain.id === chosen.chainId)?.id ?? chainList[0]?.id ?? null;
  const year = chosen.year;

  // A year-slider step asks for the members at that year and nothing else; the table and the map
  // keep the previous year's until they come, so nothing flashes empty.
  const members = useApiQuery('members.list', year === null ? { chainId: chainId ?? '' } : { chainId: chainId ?? '', year }, {
    enabled: chainId !== null,
    keepPrevious: true,
  });
  // The years either side of the one shown are asked for as soon as it is: the slider's next step
  // (an arrow key, Play) then draws from the cache, without waiting for the document. A year in
  // the cache stays until an edit touches the members.
  const queryClient = useQueryClient();
  const shownYear = members.data?.ok ? members.data.value.year : null;
  useEffect(() => {
    if (chainId === null || shownYear === null) return;
    for (const near of [shownYear - 1, shownYear + 1]) {
      void queryClient.prefetchQuery(apiQuery('members.list', { chainId, year: near }));
    }
  }, [queryClient, chainId, shownYear]);
  const chainHistory = useApiQuery(
    'chains.history',
    { chainId: chainId ?? '' },
    { enabled: chainId !== null, keepPrevious: true },
  );

  const selectChain = useCallback((id: string) => setChoice({ path, chainId: id, year: null }), [path]);
  const setYear = useCallback(
    (next: number | null) =>
      setChoice((current) => ({ path, chainId: current.path === path ? current.chainId : null, year: next })),
    [path],
  );

  const shownChain = chainId !== null;
  const failed = [info.data, chains.data, undo.data, shownChain ? members.data : undefined].find(
    (result) => result !== undefined && !result.ok,
  );
  // The first answers: until they are all there the window says it is loading.
  const loading =
    info.isPending ||
    (info.data?.ok === true &&
      (chains.isPending || undo.isPending || (shownChain && (members.isPending || chainHistory.isPending))));

  return {
    loading,
    /** Why no document is shown (not a chain document, damaged, newer version …). */
    problem: failed && !failed.ok ? failed.error : null,
    info: info.data?.ok ? info.data.value : null,
    chains: chainList,
    chainId,
    members: shownChain && members.data?.ok ? members.data.value : null,
    /** Meetings, next host and timeline of the shown chain. */
    chainHistory: shownChain && chainHistory.data?.ok ? chainHistory.data.value : null,
    history: undo.data?.ok ? undo.data.value : NOTHING_UNDONE,
    year,
    setYear,
    selectChain,
  };
}
