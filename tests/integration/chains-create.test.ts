/**
 * "New chain…" inside the open document (chains.create): through the router on a real file, as
 * the window and the browser host call it. An edit like any other: undoable, refused on a
 * read-only document, and a name the document already has for a chain is refused at the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainSummary } from '../../shared/contract';
import { createDemoDocument, plantLock, routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

const chainNames = (result: { ok: boolean; value?: unknown }) => (result.value as ChainSummary[]).map((chain) => chain.name);

describe('chains.create', () => {
  it('makes an empty chain in the open document, which Undo removes and Redo brings back', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const before = chainNames(await router.call('chains.list', {}));
    expect(before).toHaveLength(4);

    const created = await router.call('chains.create', { name: '  Nordkedjan  ' });
    expect(created).toMatchObject({ ok: true, value: { canUndo: true, canRedo: false } });
    const { chainId, touched } = (created as { value: { chainId: string; touched: string[] } }).value;
    expect(touched).toContain('chain');
    // Trimmed, after the chains the document had, with no members.
    const list = (await router.call('chains.list', {})) as { ok: true; value: ChainSummary[] };
    expect(list.value.at(-1)).toEqual({ id: chainId, name: 'Nordkedjan', memberCount: 0 });
    const members = await router.call('members.list', { chainId });
    expect(members).toMatchObject({
      ok: true,
      value: { chain: { id: chainId, name: 'Nordkedjan' }, members: [], firstYear: null },
    });

    expect(await router.call('undo.undo', {})).toMatchObject({ ok: true, value: { changed: true, touched: ['chain'] } });
    expect(chainNames(await router.call('chains.list', {}))).toEqual(before);
    expect(await router.call('undo.redo', {})).toMatchObject({ ok: true, value: { changed: true } });
    expect(chainNames(await router.call('chains.list', {}))).toEqual([...before, 'Nordkedjan']);
    session.close();
  });

  it('refuses a name the document has for a chain (case aside), and an empty one, at the name field', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const [demoChain] = chainNames(await router.call('chains.list', {}));
    expect(await router.call('chains.create', { name: 'Nordkedjan' })).toMatchObject({ ok: true });
    for (const name of ['Nordkedjan', 'NORDKEDJAN ', demoChain!]) {
      expect(await router.call('chains.create', { name })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'invalid_input', field: 'name', message: 'validation.chainExists' }),
      });
    }
    expect(await router.call('chains.create', { name: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'validation.nameEmpty' },
    });
    expect(chainNames(await router.call('chains.list', {})).filter((name) => name === 'Nordkedjan')).toHaveLength(1);
    // One undo step: the refusals added none.
    await router.call('undo.undo', {});
    expect(await router.call('undo.state', {})).toMatchObject({ ok: true, value: { canUndo: false } });
    session.close();
  });

  it('is refused on a document open in another app instance, and the file is left as it was', async () => {
    const dir = tempDir();
    const path = join(dir, 'demo.vanort');
    (await createDemoDocument(path)).close();
    // Another laptop has it open and refreshed its lock just now: live, read-only here.
    plantLock(path, { host: 'other-laptop', pid: 4242 });
    const bytes = readFileSync(path);
    const { router, session } = await routerFor(dir, path, false);
    expect(await router.call('document.info', {})).toMatchObject({
      ok: true,
      value: { readOnly: true, readOnlyReason: 'in_use' },
    });
    expect(await router.call('chains.create', { name: 'Nordkedjan' })).toMatchObject({
      ok: false,
      error: { code: 'read_only', message: 'errors.read_only' },
    });
    expect(chainNames(await router.call('chains.list', {}))).not.toContain('Nordkedjan');
    session.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
