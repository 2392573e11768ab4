/**
 * The window's query cache after an edit or another document (renderer/src/api/edits.ts): only
 * the queries on screen that read a touched subject are fetched again, the undo state comes from
 * the edit's answer, and a new document's info and chains come before its chains' members.
 */
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtlasClient, MethodName } from '../../shared/contract';
import { CLIENT_GLOBAL } from '../../shared/client-global';
import { fail, ok } from '../../shared/result';
import { refreshAfterEdit, refreshDocument } from '../../renderer/src/api/edits';
import { apiQuery, createQueryClient } from '../../renderer/src/api/queries';

/** What the fake window's client has open, and every method it was asked, in order. */
let open = { path: '/a.vanort', chains: ['chain-1', 'chain-2'] };
let calls: string[] = [];

const fakeClient: AtlasClient = {
  invoke(method: MethodName, input: unknown) {
    calls.push(method);
    const chainId = (input as { chainId?: string }).chainId;
    if (chainId !== undefined && !open.chains.includes(chainId))
      return Promise.resolve(fail({ code: 'not_found', message: 'errors.not_found' }));
    const answers: Partial<Record<MethodName, unknown>> = {
      'document.info': { path: open.path },
      'chains.list': open.chains.map((id) => ({ id, name: id, memberCount: 1 })),
      'undo.state': { canUndo: false, canRedo: false },
    };
    return Promise.resolve(ok(answers[method] ?? { method, input, path: open.path })) as never;
  },
  onEvent: () => () => undefined,
};

let queryClient: QueryClient;
let unsubscribe: Array<() => void> = [];

/** The queries the window has on screen with Herning selected in chain-1 (observed, so active). */
const SHOWN = [
  apiQuery('document.info', {}),
  apiQuery('chains.list', {}),
  apiQuery('undo.state', {}),
  apiQuery('members.list', { chainId: 'chain-1' }),
  apiQuery('chains.history', { chainId: 'chain-1' }),
  apiQuery('members.counts', { placeId: 'herning' }),
  apiQuery('facts.alternatives', { table: 'membership', rowId: 'herning-1946', field: 'joined_year' }),
] as const;
/** Fetched once and no longer on screen (the counts tab was left). */
const CACHED = apiQuery('chains.countSeries', { chainId: 'chain-1' });

beforeEach(async () => {
  open = { path: '/a.vanort', chains: ['chain-1', 'chain-2'] };
  (globalThis as Record<string, unknown>).window = { [CLIENT_GLOBAL]: fakeClient };
  queryClient = createQueryClient();
  for (const query of [...SHOWN, CACHED]) await queryClient.fetchQuery(query as never);
  unsubscribe = SHOWN.map((query) => new QueryObserver(queryClient, query as never).subscribe(() => undefined));
  calls = [];
});

afterEach(() => {
  for (const stop of unsubscribe) stop();
  queryClient.clear();
  delete (globalThis as Record<string, unknown>).window;
});

describe('the query cache after an edit', () => {
  it('fetches again only the shown queries that read a touched subject; the undo state is the answer', async () => {
    await refreshAfterEdit(queryClient, { canUndo: true, canRedo: false, touched: ['member_count'] });
    expect(calls.sort()).toEqual(['members.counts', 'members.list']);
    expect(queryClient.getQueryData(apiQuery('undo.state', {}).queryKey)).toEqual(ok({ canUndo: true, canRedo: false }));
    // Not on screen: forgotten, so that it is not shown as it was before the edit; fetched when
    // it is shown again.
    expect(queryClient.getQueryState(CACHED.queryKey)).toBeUndefined();
    calls = [];
    await queryClient.ensureQueryData(CACHED as never);
    expect(calls).toEqual(['chains.countSeries']);
    expect(queryClient.getQueryState(apiQuery('chains.history', { chainId: 'chain-1' }).queryKey)?.isInvalidated).toBe(false);
  });

  it('keeps the answers that came with the edit instead of asking again', async () => {
    const counts = [{ year: 2013, count: 245 }];
    await refreshAfterEdit(queryClient, {
      canUndo: true,
      canRedo: false,
      touched: ['member_count'],
      fresh: [{ method: 'members.counts', input: { placeId: 'herning' }, value: counts }],
    });
    expect(calls).toEqual(['members.list']);
    expect(queryClient.getQueryData(apiQuery('members.counts', { placeId: 'herning' }).queryKey)).toEqual(ok(counts));
  });

  it('a rename fetches the chains, the members and the history again; a step that did nothing, nothing', async () => {
    await refreshAfterEdit(queryClient, { canUndo: true, canRedo: false, touched: ['place'] });
    expect(calls.sort()).toEqual(['chains.history', 'chains.list', 'members.list']);
    calls = [];
    await refreshAfterEdit(queryClient, { changed: false, canUndo: false, canRedo: true });
    expect(calls).toEqual([]);
    expect(queryClient.getQueryData(apiQuery('undo.state', {}).queryKey)).toEqual(ok({ canUndo: false, canRedo: true }));
  });

  it('another document: its info and chains first, and no chain it does not have is asked for', async () => {
    open = { path: '/b.vanort', chains: ['chain-9'] };
    await refreshDocument(queryClient);
    expect(calls.slice(0, 2).sort()).toEqual(['chains.list', 'document.info']);
    expect(calls.slice(2).sort()).toEqual(['facts.alternatives', 'members.counts', 'undo.state']);
    // Stale, so that the window asks again should it show that chain.
    expect(queryClient.getQueryState(apiQuery('members.list', { chainId: 'chain-1' }).queryKey)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryData(apiQuery('chains.list', {}).queryKey)).toEqual(
      ok([{ id: 'chain-9', name: 'chain-9', memberCount: 1 }]),
    );
  });

  it('the same document again (a restored backup): everything read from it, the chain shown too', async () => {
    await refreshDocument(queryClient);
    expect(calls.slice(0, 2).sort()).toEqual(['chains.list', 'document.info']);
    expect(calls.slice(2).sort()).toEqual([
      'chains.history',
      'facts.alternatives',
      'members.counts',
      'members.list',
      'undo.state',
    ]);
  });
});
