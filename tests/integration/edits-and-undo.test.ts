import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainMembers, UndoState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { useTempDir } from '../helpers/files';
import { routerFor } from '../helpers/documents';
import type { Router } from '../../electron/router';
import type { DocumentSession } from '../../electron/document-session';

const tempDir = useTempDir();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function members(router: Router): Promise<ChainMembers> {
  const chains = value(await router.call('chains.list', {})) as Array<{ id: string }>;
  return value(await router.call('members.list', { chainId: chains[0]!.id })) as ChainMembers;
}

const find = (data: ChainMembers, name: string) => {
  const member = data.members.find((item) => item.name === name);
  if (!member) throw new Error(`${name} is not in the chain`);
  return member;
};

function changeLog(session: DocumentSession) {
  return session
    .context()
    .db.prepare('SELECT table_name, field, old_value, new_value, state, device FROM change_log ORDER BY seq')
    .all() as Array<Record<string, string>>;
}

describe('the members table through the real router on a real file', () => {
  it('lists the demo chain in 2013: nine members, total 1135 with one not reported', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const data = await members(router);
    expect(data.year).toBe(2013);
    expect(data.members.map((member) => member.name).sort()).toEqual(
      ['15 landkommuner', 'Arsuk', 'Eiði', 'Herning', 'Holmestrand', 'Husby', 'Kangasala', 'Siglufjörður', 'Vänersborg'].sort(),
    );
    expect(data.total).toEqual({ sum: 1135, reported: 8, notReported: 1 });
    expect(find(data, 'Eiði').memberCount).toBeNull();
    const at1950 = value(await router.call('members.list', { chainId: data.chain.id, year: 1950 })) as ChainMembers;
    expect(at1950.members.map((member) => member.name).sort()).toEqual([
      'Herning',
      'Holmestrand',
      'Siglufjörður',
      'Utajärvi',
      'Vänersborg',
    ]);
    session.close();
  });

  it('logs every edit, with old and new values, in the change log', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const data = await members(router);
    const herning = find(data, 'Herning');
    const eidi = find(data, 'Eiði');
    value(await router.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 245 }));
    value(await router.call('members.setJoinedYear', { membershipId: herning.membershipId, joinedYear: 1945 }));
    value(await router.call('members.rename', { placeId: eidi.placeId, name: 'Eidi' }));
    // A count for a year with no row yet: a new row, logged as an insert.
    value(await router.call('members.setCount', { placeId: eidi.placeId, year: 2014, memberCount: 12 }));

    const log = changeLog(session);
    expect(
      log.map(({ table_name, field, old_value, new_value }) => [
        table_name,
        field,
        old_value,
        new_value === undefined ? undefined : field === '*insert' ? 'row' : new_value,
      ]),
    ).toEqual([
      ['member_count', 'count', '230', '245'],
      ['membership', 'joined_year', '1946', '1945'],
      ['place', 'name', '"Eiði"', '"Eidi"'],
      ['member_count', '*insert', 'null', 'row'],
    ]);
    expect(new Set(log.map((row) => row.device)).size).toBe(1);
    const at2013 = value(await router.call('members.list', { chainId: data.chain.id, year: 2013 })) as ChainMembers;
    expect(find(at2013, 'Herning')).toMatchObject({ memberCount: 245, joinedYear: 1945 });
    expect(at2013.total).toEqual({ sum: 1150, reported: 8, notReported: 1 });
    // The table now opens at 2014, the newest year with a count; the others show their 2013 count.
    const latest = await members(router);
    expect(latest.year).toBe(2014);
    expect(find(latest, 'Eidi')).toMatchObject({ memberCount: 12, countYear: 2014 });
    expect(find(latest, 'Herning')).toMatchObject({ memberCount: 245, countYear: 2013 });
    session.close();
  });

  it('records "not reported" as null, never as zero, and zero as zero', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const arsuk = find(await members(router), 'Arsuk');
    value(await router.call('members.setCount', { placeId: arsuk.placeId, year: 2013, memberCount: null }));
    let data = await members(router);
    expect(find(data, 'Arsuk').memberCount).toBeNull();
    expect(data.total).toEqual({ sum: 1120, reported: 7, notReported: 2 });
    value(await router.call('members.setCount', { placeId: arsuk.placeId, year: 2013, memberCount: 0 }));
    data = await members(router);
    expect(find(data, 'Arsuk').memberCount).toBe(0);
    expect(data.total).toEqual({ sum: 1120, reported: 8, notReported: 1 });
    session.close();
  });

  it('undoes and redoes step by step, also after the file is closed and reopened', async () => {
    const dir = tempDir();
    const path = join(dir, 'demo.vanort');
    const first = await routerFor(dir, path);
    const herning = find(await members(first.router), 'Herning');
    value(await first.router.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 231 }));
    value(await first.router.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 232 }));
    value(await first.router.call('members.rename', { placeId: herning.placeId, name: 'Herning Kommune' }));
    first.session.close();

    const second = await routerFor(dir, path, false);
    expect(value(await second.router.call('undo.state', {}))).toEqual({ canUndo: true, canRedo: false });
    expect(value(await second.router.call('undo.undo', {}))).toMatchObject({ changed: true });
    expect(find(await members(second.router), 'Herning').memberCount).toBe(232);
    value(await second.router.call('undo.undo', {}));
    expect(find(await members(second.router), 'Herning').memberCount).toBe(231);
    second.session.close();

    const third = await routerFor(dir, path, false);
    expect(value(await third.router.call('undo.state', {}))).toEqual({ canUndo: true, canRedo: true });
    value(await third.router.call('undo.redo', {}));
    expect(find(await members(third.router), 'Herning').memberCount).toBe(232);
    value(await third.router.call('undo.undo', {}));
    value(await third.router.call('undo.undo', {}));
    const restored = await members(third.router);
    expect(find(restored, 'Herning').memberCount).toBe(230);
    expect(value(await third.router.call('undo.undo', {}))).toEqual({
      changed: false,
      canUndo: false,
      canRedo: true,
    } satisfies UndoState & { changed: boolean });
    expect(find(restored, 'Herning').name).toBe('Herning');
    third.session.close();
  });

  it('a new edit after undo makes the undone steps unreachable', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const herning = find(await members(router), 'Herning');
    value(await router.call('members.setJoinedYear', { membershipId: herning.membershipId, joinedYear: 1945 }));
    value(await router.call('undo.undo', {}));
    value(await router.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 231 }));
    expect(value(await router.call('undo.state', {}))).toEqual({ canUndo: true, canRedo: false });
    expect(changeLog(session).map((row) => row.state)).toEqual(['discarded', 'done']);
    value(await router.call('undo.redo', {}));
    expect(find(await members(router), 'Herning').joinedYear).toBe(1946);
    session.close();
  });

  it('undo of a new count row removes it, redo brings it back', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const data = await members(router);
    const eidi = find(data, 'Eiði');
    value(await router.call('members.setCount', { placeId: eidi.placeId, year: 2014, memberCount: 20 }));
    const at2014 = () =>
      router
        .call('members.list', { chainId: data.chain.id, year: 2014 })
        .then((result) => find(value(result) as ChainMembers, 'Eiði'));
    expect(await at2014()).toMatchObject({ memberCount: 20, countYear: 2014 });
    value(await router.call('undo.undo', {}));
    expect(await at2014()).toMatchObject({ memberCount: null, countYear: 2013 });
    value(await router.call('undo.redo', {}));
    expect(await at2014()).toMatchObject({ memberCount: 20, countYear: 2014 });
    session.close();
  });
});

describe('bad input is refused at the boundary, and nothing is saved', () => {
  it.each([
    ['a year before 1900', 'members.setJoinedYear', { joinedYear: 1899 }, 'joinedYear', 'validation.yearRange'],
    [
      'a year in the future',
      'members.setJoinedYear',
      { joinedYear: new Date().getFullYear() + 2 },
      'joinedYear',
      'validation.yearRange',
    ],
    ['a year as text', 'members.setJoinedYear', { joinedYear: '1946' }, 'joinedYear', 'validation.yearNotNumber'],
    ['a negative count', 'members.setCount', { year: 2013, memberCount: -3 }, 'memberCount', 'validation.countNegative'],
    ['a fractional count', 'members.setCount', { year: 2013, memberCount: 2.5 }, 'memberCount', 'validation.countNotNumber'],
    ['an empty name', 'members.rename', { name: '   ' }, 'name', 'validation.nameEmpty'],
  ])('%s', async (_label, method, extra, field, message) => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const before = await members(router);
    const husby = find(before, 'Husby');
    const input = {
      ...(method === 'members.setJoinedYear' ? { membershipId: husby.membershipId } : { placeId: husby.placeId }),
      ...extra,
    };
    const result = await router.call(method, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field, message } });
    expect(await members(router)).toEqual(before);
    expect(changeLog(session)).toEqual([]);
    session.close();
  });

  it('a year joined after the year the member left', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chainId = (await members(router)).chain.id;
    const utajarvi = find(value(await router.call('members.list', { chainId, year: 1960 })) as ChainMembers, 'Utajärvi');
    const result = await router.call('members.setJoinedYear', { membershipId: utajarvi.membershipId, joinedYear: 1980 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'joinedYear', message: 'validation.joinedAfterLeft' },
    });
    expect(changeLog(session)).toEqual([]);
    session.close();
  });

  it('unknown methods, unknown rows and malformed input come back as structured errors', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    expect(await router.call('members.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await router.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await router.call('members.list', { chainId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await router.call('members.rename', { placeId: crypto.randomUUID(), name: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await router.call('members.list', null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'chainId' },
    });
    expect(await router.call('members.list', 'text')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await router.call('chains.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await router.call('file.open', {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    session.close();
  });
});

describe('settings', () => {
  it('remembers the language in the settings file', async () => {
    const dir = tempDir();
    const first = await routerFor(dir, join(dir, 'demo.vanort'));
    expect(value(await first.router.call('settings.get', {}))).toEqual({ language: 'sv', languageChosen: false, laptopName: '' });
    expect(value(await first.router.call('settings.setLanguage', { language: 'en' }))).toEqual({
      language: 'en',
      languageChosen: true,
      laptopName: '',
    });
    expect(value(await first.router.call('settings.setLaptopName', { laptopName: ' Herning – Karen ' }))).toEqual({
      language: 'en',
      languageChosen: true,
      laptopName: 'Herning – Karen',
    });
    expect(await first.router.call('settings.setLanguage', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    first.session.close();
    const second = await routerFor(dir, join(dir, 'demo.vanort'), false);
    expect(value(await second.router.call('settings.get', {}))).toEqual({
      language: 'en',
      languageChosen: true,
      laptopName: 'Herning – Karen',
    });
    second.session.close();
  });
});

describe('a crafted document', () => {
  it('cannot make Undo run SQL hidden in a column name', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const db = session.context().db;
    const evil = `name='pwned', note=(SELECT group_concat(name) FROM sqlite_schema) WHERE ? OR ? OR ? --`;
    db.exec(`ALTER TABLE place ADD COLUMN "${evil.replace(/"/g, '""')}" TEXT`);
    const placeId = (db.prepare(`SELECT id FROM place WHERE name = 'Herning'`).get() as { id: string }).id;
    db.prepare(
      `INSERT INTO change_log (id, seq, group_id, table_name, row_id, field, old_value, new_value, at, device, state, created_at, updated_at)
       VALUES ('x', 1, 'g', 'place', ?, ?, '"a"', '"b"', 'now', 'd', 'done', 'now', 'now')`,
    ).run(placeId, evil);
    const before = db.prepare('SELECT name, note FROM place ORDER BY id').all();
    // The entry names no column the log may change: the step is set aside unapplied, and said so.
    const result = await router.call('undo.undo', {});
    expect(result).toMatchObject({ ok: true, value: { changed: false, skippedUnreadable: true } });
    expect(db.prepare('SELECT name, note FROM place ORDER BY id').all()).toEqual(before);
    session.close();
  });
});

describe('a year edited in the table, where sources were recorded', () => {
  it('moves the "shown" mark to the source that says that year, or to a new entry', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const data = await members(router);
    const husby = find(data, 'Husby');
    const fact = { table: 'membership', rowId: husby.membershipId, field: 'joined_year' };
    const shown = async () =>
      (value(await router.call('facts.alternatives', fact)) as Array<{ value: number; shown: boolean }>)
        .filter((item) => item.shown)
        .map((item) => item.value);
    value(await router.call('members.setJoinedYear', { membershipId: husby.membershipId, joinedYear: 1989 }));
    expect(await shown()).toEqual([1989]);
    value(await router.call('members.setJoinedYear', { membershipId: husby.membershipId, joinedYear: 1990 }));
    expect(await shown()).toEqual([1990]);
    value(await router.call('undo.undo', {}));
    expect(await shown()).toEqual([1989]);
    session.close();
  });
});
