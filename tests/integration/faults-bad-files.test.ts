/**
 * Files that are not (this version of) a chain document, opened the way the app opens them: each
 * gets its own message (an i18n key through the router's structured error, with the file's name),
 * and the file and its folder are left byte for byte as they were (no lock, -wal or -shm left).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../electron/db/open';
import { createI18n, isTranslationKey, translateKey } from '../../shared/i18n';
import { createDemoDocument, routerFor } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';

const tempDir = useTempDir();

async function badFiles(dir: string): Promise<Record<string, string>> {
  const whole = join(dir, 'whole.vanort');
  (await createDemoDocument(whole)).close();
  const bytes = readFileSync(whole);
  const files: Record<string, string> = {};
  const write = (name: string, content: Buffer | string) => {
    files[name] = join(dir, `${name}.vanort`);
    writeFileSync(files[name]!, content);
  };
  write('zero-byte', '');
  write('random', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
  write('text', 'Vänort;Land;Kontaktår\nHerning;DK;1946\n');
  write('truncated', bytes.subarray(0, Math.floor(bytes.length / 2)));
  write('header-only', bytes.subarray(0, 60));
  const damaged = Buffer.from(bytes);
  for (let i = damaged.readUInt16BE(16) * 2; i < damaged.length; i += 1) damaged[i] = (i * 31) % 251;
  write('damaged-pages', damaged);
  files['foreign'] = join(dir, 'foreign.vanort');
  const foreign = new Database(files['foreign']);
  foreign.exec(`CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hej')`);
  foreign.close();
  files['newer'] = join(dir, 'newer.vanort');
  const newer = new Database(files['newer']);
  newer.pragma(`application_id = ${APPLICATION_ID}`);
  newer.pragma('user_version = 999');
  newer.exec('CREATE TABLE from_the_future (x)');
  newer.close();
  return files;
}

const EXPECTED: Record<string, string> = {
  'zero-byte': 'not_a_document',
  random: 'not_a_document',
  text: 'not_a_document',
  foreign: 'not_a_document',
  truncated: 'damaged',
  'header-only': 'damaged',
  'damaged-pages': 'damaged',
  newer: 'newer_version',
};

describe('files that are not a chain document, opened through the app', () => {
  it('each gets its own plain message naming the file, and is left exactly as it was', async () => {
    const dir = tempDir();
    const files = await badFiles(dir);
    const i18n = await createI18n('sv');
    const shown = new Map<string, string>();
    for (const [name, code] of Object.entries(EXPECTED)) {
      const path = files[name]!;
      const before = sha256(path);
      const listing = readdirSync(dir).sort();
      const { router, session } = await routerFor(dir, path, false);
      const info = await router.call('document.info', {});
      expect(info, name).toMatchObject({
        ok: false,
        error: { code, message: `errors.${code}`, params: { file: `${name}.vanort` } },
      });
      const error = (info as { ok: false; error: { message: string; params: Record<string, string> } }).error;
      expect(isTranslationKey(error.message), error.message).toBe(true);
      const text = translateKey(i18n.t, error.message, error.params);
      expect(text, name).toContain(`${name}.vanort`);
      shown.set(code, text.replace(`${name}.vanort`, 'FILE'));
      session.close();
      expect(sha256(path), name).toBe(before);
      // settings.json is the test's own; nothing else appeared (no lock, -wal or -shm).
      expect(
        readdirSync(dir)
          .sort()
          .filter((file) => file !== 'settings.json'),
        name,
      ).toEqual(listing.filter((file) => file !== 'settings.json'));
    }
    // Three different messages for the three kinds of problem.
    expect(new Set(shown.values()).size).toBe(3);
  });
});
