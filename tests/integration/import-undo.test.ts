import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { chainMembers, listChains } from '../../electron/services/chains';
import { redo, undo } from '../../electron/services/change-log';
import { Gazetteer } from '../../electron/services/gazetteer';
import { readTable } from '../../electron/services/importing/read';
import { previewImport } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { contextOf, createDemoDocument, openDocument, RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();
let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = Gazetteer.open(join(RESOURCES_DIR, 'generated', 'gazetteer.sqlite'));
});

/**
 * What a user can see of the document: every row not deleted, every column but updated_at (undo
 * stamps the rows it touches with the time of the undo).
 */
function visibleState(db: Database.Database): Record<string, unknown[]> {
  const state: Record<string, unknown[]> = {};
  for (const table of ['chain', 'place', 'membership', 'branch', 'member_count']) {
    state[table] = (
      db.prepare(`SELECT * FROM ${table} WHERE deleted_at IS NULL ORDER BY id`).all() as Array<Record<string, unknown>>
    ).map(({ updated_at: _updatedAt, ...row }) => row);
  }
  return state;
}

// A member the demo has (Herning: a new year and count), new places with a position, a place from
// the gazetteer, and a place the file names twice (the repeat says the same and is left out).
const SHEET =
  'Vänort;Land;Kontaktår;Medlemsantal;Latitud;Longitud\r\n' +
  'Herning;Danmark;1945;250;;\r\n' +
  'Nyby;Sverige;2001;12;59.1;15.2\r\n' +
  'Västerby;Sverige;2002;Uppgift saknas;59.2;15.3\r\n' +
  'Vanda;Finland;2003;40;;\r\n' +
  'Vanda;Finland;2003;40;;\r\n';

describe('undoing an import', () => {
  it('restores exactly the state before, redo brings the import back, also after reopening', async () => {
    const dir = tempDir();
    const path = join(dir, 'demo.vanort');
    const document = await createDemoDocument(path);
    const ctx = contextOf(document);
    const chainId = listChains(ctx)[0]!.id;
    const before = visibleState(document.db);
    const membersBefore = chainMembers(ctx, chainId, 2013);

    writeFileSync(join(dir, 'sheet.csv'), SHEET);
    const preview = previewImport(ctx, await readTable(join(dir, 'sheet.csv')), { gazetteer });
    expect(preview.rows.flatMap((row) => row.problems)).toEqual([]);
    expect(applyImport(ctx, chainId, preview, { countYear: 2013, gazetteer })).toEqual({ added: 3, updated: 1, unchanged: 1 });
    const after = visibleState(document.db);
    expect(after).not.toEqual(before);
    const names = chainMembers(ctx, chainId, 2013).members.map((member) => member.name);
    expect(names).toEqual(expect.arrayContaining(['Nyby', 'Västerby', 'Vanda']));
    expect(chainMembers(ctx, chainId, 2013).members.find((member) => member.name === 'Herning')).toMatchObject({
      joinedYear: 1945,
      memberCount: 250,
    });

    // One undo step; the rows it inserted are all named in its log entries.
    const log = document.db.prepare('SELECT group_id, table_name, field, new_value FROM change_log').all() as Array<{
      group_id: string;
      table_name: string;
      field: string;
      new_value: string;
    }>;
    expect(new Set(log.map((entry) => entry.group_id)).size).toBe(1);
    const inserted = log
      .filter((entry) => entry.field === '*insert_rows')
      .flatMap((entry) => (JSON.parse(entry.new_value) as { ids: string[] }).ids.map((id) => `${entry.table_name}:${id}`));
    const newRows = Object.entries(after).flatMap(([table, rows]) =>
      rows
        .filter((row) => !before[table]!.some((old) => (old as { id: string }).id === (row as { id: string }).id))
        .map((row) => `${table}:${(row as { id: string }).id}`),
    );
    expect(inserted.sort()).toEqual(newRows.sort());

    expect(undo(ctx)).toBe(true);
    expect(visibleState(document.db)).toEqual(before);
    expect(chainMembers(ctx, chainId, 2013)).toEqual(membersBefore);
    expect(redo(ctx)).toBe(true);
    expect(visibleState(document.db)).toEqual(after);
    document.close();

    const reopened = await openDocument(path);
    const reopenedCtx = contextOf(reopened);
    expect(undo(reopenedCtx)).toBe(true);
    expect(visibleState(reopened.db)).toEqual(before);
    expect(redo(reopenedCtx)).toBe(true);
    expect(visibleState(reopened.db)).toEqual(after);
    reopened.close();
  });
});
