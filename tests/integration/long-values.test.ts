import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../electron/db/errors';
import { openDocument } from '../../electron/db/open';
import { DOCUMENT_VALUE_LIMIT } from '../../electron/db/value-limits';
import { createI18n } from '../../shared/i18n';
import { createDemoDocument, routerFor } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';

const tempDir = useTempDir();

/** The demo, changed by hand with the app's marks kept, as an old version or a crafted file could have it. */
async function demoWith(sql: string): Promise<string> {
  const path = join(tempDir(), 'long.vanort');
  (await createDemoDocument(path)).close();
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  db.pragma('ignore_check_constraints = ON');
  db.exec(sql);
  db.pragma('journal_mode = DELETE');
  db.close();
  return path;
}

/** What opening ends in: opened, or the refusal; and that a refused file and its folder are as they were. */
async function open(path: string): Promise<{ ms: number; refusal: DocumentError | null }> {
  const before = sha256(path);
  const folder = readdirSync(join(path, '..')).sort();
  const started = performance.now();
  let refusal: DocumentError | null = null;
  try {
    (await openDocument(path)).close();
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    refusal = error;
  }
  const ms = performance.now() - started;
  if (refusal) {
    expect(sha256(path)).toBe(before);
    expect(readdirSync(join(path, '..')).sort()).toEqual(folder);
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
  }
  return { ms, refusal };
}

// hex(zeroblob(n)) is a text of 2n characters.
const herning = `(SELECT id FROM place WHERE name = 'Herning')`;

describe('a document that holds a value longer than the app reads', () => {
  it('a place name of 100 MB is refused within 5 s, naming the table and field, and the file is left as it was', async () => {
    const path = await demoWith(`UPDATE place SET name = hex(zeroblob(50 * 1024 * 1024)) WHERE id = ${herning}`);
    const { ms, refusal } = await open(path);
    expect(refusal).toMatchObject({
      code: 'value_too_long',
      params: { table: 'place', field: 'name', limit: DOCUMENT_VALUE_LIMIT },
    });
    expect(refusal!.message).toContain(`place.name holds a value of ${100 * 1024 * 1024} bytes`);
    expect(ms).toBeLessThan(5_000);
  });

  it('a value at the limit opens; one character more is refused, in a text, an id or a number column', async () => {
    expect(
      (await open(await demoWith(`UPDATE membership SET note = hex(zeroblob(${DOCUMENT_VALUE_LIMIT / 2}))`))).refusal,
    ).toBeNull();
    for (const [sql, table, field] of [
      [`UPDATE membership SET note = hex(zeroblob(${DOCUMENT_VALUE_LIMIT / 2})) || 'x'`, 'membership', 'note'],
      [`UPDATE event SET title = hex(zeroblob(${DOCUMENT_VALUE_LIMIT}))`, 'event', 'title'],
      [`UPDATE member_count SET id = hex(zeroblob(${DOCUMENT_VALUE_LIMIT})) WHERE rowid = 1`, 'member_count', 'id'],
      // A crafted file may hold text where the app keeps numbers; the answer would carry it all the same.
      [`UPDATE membership SET joined_year = 'x' || hex(zeroblob(${DOCUMENT_VALUE_LIMIT}))`, 'membership', 'joined_year'],
    ] as const) {
      expect((await open(await demoWith(sql))).refusal, sql).toMatchObject({ code: 'value_too_long', params: { table, field } });
    }
  });

  it('the window says so in words, naming the file, table and field, and the next document opens', async () => {
    const dir = tempDir();
    const path = await demoWith(`UPDATE chain SET description = hex(zeroblob(20000))`);
    const { router, session } = await routerFor(dir, path, false);
    const info = await router.call('document.info', {});
    expect(info).toMatchObject({
      ok: false,
      error: {
        code: 'value_too_long',
        message: 'errors.value_too_long',
        params: { file: 'long.vanort', table: 'chain', field: 'description', limit: DOCUMENT_VALUE_LIMIT },
      },
    });
    const { params } = (info as { error: { params: Record<string, string | number> } }).error;
    expect((await createI18n('sv')).t('errors.value_too_long', params)).toBe(
      'long.vanort har ett värde i chain.description som är längre än 10000 tecken, och öppnas därför inte. Filen har inte ändrats.',
    );
    expect((await createI18n('en')).t('errors.value_too_long', params)).toContain(
      'chain.description longer than 10000 characters',
    );
    await session.create(join(dir, 'fresh.vanort'));
    expect(await router.call('chains.list', {})).toMatchObject({ ok: true });
    session.close();
  });
});
