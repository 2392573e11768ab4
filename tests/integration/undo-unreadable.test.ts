import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainMembers } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

describe('an undo step whose change-log entries cannot be read', () => {
  for (const [what, corrupt] of [
    ['a column the table does not have', `field = 'no_such_column'`],
    ['a table the log may not name', `table_name = 'sqlite_schema'`],
    ['a value that is not JSON', `old_value = '{not json'`],
    // Undo would write it into the table: longer than a document may hold (10,000 characters).
    ['a value longer than a document may hold', `old_value = json_quote(hex(zeroblob(5001)))`],
    ['a value of megabytes', `old_value = json_quote(hex(zeroblob(10 * 1024 * 1024)))`],
  ] as const) {
    it(`is set aside with a notice, and the steps before it stay reachable: ${what}`, async () => {
      const dir = tempDir();
      const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
      const chains = (await router.call('chains.list', {})) as Result<Array<{ id: string }>>;
      const chainId = chains.ok ? chains.value[0]!.id : '';
      const list = (await router.call('members.list', { chainId })) as Result<ChainMembers>;
      const herning = list.ok ? list.value.members.find((member) => member.name === 'Herning')! : null;
      expect(await router.call('members.rename', { placeId: herning!.placeId, name: 'Herning Kommune' })).toMatchObject({
        ok: true,
      });
      expect(await router.call('members.setCount', { placeId: herning!.placeId, year: 2013, memberCount: 245 })).toMatchObject({
        ok: true,
      });
      // The newest action's entry damaged, as a crafted or broken file could have it.
      const db = session.context().db;
      db.prepare(`UPDATE change_log SET ${corrupt} WHERE seq = (SELECT MAX(seq) FROM change_log)`).run();

      expect(await router.call('undo.undo', {})).toMatchObject({
        ok: true,
        value: { changed: false, skippedUnreadable: true, canUndo: true },
      });
      // The count stays as it is (nothing of the unreadable step applied); the rename before it undoes.
      expect(await router.call('undo.undo', {})).toMatchObject({ ok: true, value: { changed: true, touched: ['place'] } });
      const after = (await router.call('members.list', { chainId })) as Result<ChainMembers>;
      const shown = after.ok ? after.value.members.find((member) => member.placeId === herning!.placeId) : undefined;
      expect(shown).toMatchObject({ name: 'Herning', memberCount: 245 });
      expect(await router.call('undo.state', {})).toMatchObject({ ok: true, value: { canUndo: false } });
      session.close();
    });
  }
});
