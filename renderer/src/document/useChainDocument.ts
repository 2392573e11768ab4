import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChainHistory, ChainMembers, ChainSummary, DocumentInfo, UndoState } from '../../../shared/contract';
import type { ApiError } from '../../../shared/result';
import { call } from '../api/client';

export interface ChainDocumentState {
  loading: boolean;
  /** Why no document is shown (not a chain document, damaged, newer version …). */
  problem: ApiError | null;
  info: DocumentInfo | null;
  chains: ChainSummary[];
  chainId: string | null;
  members: ChainMembers | null;
  /** Meetings, next host and timeline of the shown chain. */
  chainHistory: ChainHistory | null;
  history: UndoState;
}

const initial: ChainDocumentState = {
  loading: true,
  problem: null,
  info: null,
  chains: [],
  chainId: null,
  members: null,
  chainHistory: null,
  history: { canUndo: false, canRedo: false },
};

/** Loads the open document, its chains and the chosen chain's members; reload() after any change. */
export function useChainDocument() {
  const [state, setState] = useState<ChainDocumentState>(initial);
  const [chainId, setChainId] = useState<string | null>(null);
  /** The year shown (the year slider); null: the chain's latest known state. */
  const [year, setYear] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  // Another document opened (File > Open): its own first chain, at its latest state.
  const shownPath = useRef<string | null>(null);
  // What the last full load was for: when only the year has changed since, the year slider's
  // step fetches the members at that year and nothing else (the document, its chains, the undo
  // state and the chain's history do not depend on the year).
  const loadedFor = useRef<{ generation: number; chainId: string | null; shownChain: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const loaded = loadedFor.current;
      if (loaded && loaded.generation === generation && loaded.chainId === chainId) {
        const members = await call(
          'members.list',
          year === null ? { chainId: loaded.shownChain } : { chainId: loaded.shownChain, year },
        );
        if (cancelled) return;
        setState((previous) => ({
          ...previous,
          problem: members.ok ? null : members.error,
          members: members.ok ? members.value : null,
        }));
        return;
      }
      loadedFor.current = null;
      const info = await call('document.info', {});
      if (!info.ok) {
        if (!cancelled) setState({ ...initial, loading: false, problem: info.error });
        return;
      }
      const [chains, history] = await Promise.all([call('chains.list', {}), call('undo.state', {})]);
      if (!chains.ok || !history.ok) {
        const problem = !chains.ok ? chains.error : !history.ok ? history.error : null;
        if (!cancelled) setState({ ...initial, loading: false, info: info.value, problem });
        return;
      }
      const samePath = shownPath.current === null || shownPath.current === info.value.path;
      shownPath.current = info.value.path;
      if (!samePath) {
        setChainId(null);
        setYear(null);
      }
      const wantedChain = samePath ? chainId : null;
      const wantedYear = samePath ? year : null;
      const shownChain = chains.value.find((chain) => chain.id === wantedChain)?.id ?? chains.value[0]?.id ?? null;
      const [members, chainHistory] = shownChain
        ? await Promise.all([
            call('members.list', wantedYear === null ? { chainId: shownChain } : { chainId: shownChain, year: wantedYear }),
            call('chains.history', { chainId: shownChain }),
          ])
        : [null, null];
      if (cancelled) return;
      loadedFor.current = shownChain && members?.ok && samePath ? { generation, chainId, shownChain } : null;
      setState({
        loading: false,
        problem: members && !members.ok ? members.error : null,
        info: info.value,
        chains: chains.value,
        chainId: shownChain,
        members: members?.ok ? members.value : null,
        chainHistory: chainHistory?.ok ? chainHistory.value : null,
        history: history.value,
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [generation, chainId, year]);

  const selectChain = useCallback((id: string) => {
    setChainId(id);
    setYear(null);
  }, []);

  return { ...state, year, setYear, reload, selectChain, generation };
}
