import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentSession } from '../../electron/document-session';
import { DocumentError } from '../../electron/db/errors';
import { openDocument } from '../../electron/db/open';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { chainMembers, listChains } from '../../electron/services/chains';
import { setMemberCount } from '../../electron/services/members';
import { DEMO_PATH } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';

const tempDir = useTempDir();
const seed = (db: Parameters<typeof seedDemo>[0]) => seedDemo(db, loadDemo(DEMO_PATH));

describe('the open document (File menu actions)', () => {
  it('a file that fails to open leaves the current document open and the file untouched', async () => {
    const dir = tempDir();
    const session = new DocumentSession({ device: () => 'laptop' });
    await session.create(join(dir, 'demo.vanort'), seed);
    const bad = join(dir, 'bad.vanort');
    writeFileSync(bad, 'not a database');
    const before = sha256(bad);
    await expect(session.open(bad)).rejects.toMatchObject({ code: 'not_a_document' });
    expect(session.info().fileName).toBe('demo.vanort');
    expect(sha256(bad)).toBe(before);
    session.close();
  });

  it('with nothing open, the reason is kept for the window to show', async () => {
    const dir = tempDir();
    const session = new DocumentSession({ device: () => 'laptop' });
    await expect(session.open(join(dir, 'missing.vanort'))).rejects.toBeInstanceOf(DocumentError);
    expect(() => session.info()).toThrow();
    let thrown: unknown = null;
    try {
      session.context();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      apiError: { code: 'file_missing', message: 'errors.file_missing', params: { file: 'missing.vanort' } },
    });
  });

  it('Save a copy as writes a complete, openable document, including the latest edits', async () => {
    const dir = tempDir();
    const session = new DocumentSession({ device: () => 'laptop' });
    await session.create(join(dir, 'demo.vanort'), seed);
    const ctx = session.context();
    const chain = listChains(ctx)[0]!;
    const herning = chainMembers(ctx, chain.id).members.find((member) => member.name === 'Herning')!;
    setMemberCount(ctx, herning.placeId, 2013, 999);
    const copyPath = join(dir, 'copy.vanort');
    await session.saveCopy(copyPath);
    await expect(session.saveCopy(join(dir, 'demo.vanort'))).rejects.toBeInstanceOf(DocumentError);
    session.close();

    const copy = await openDocument(copyPath);
    const copyCtx = { db: copy.db, readOnly: false, device: 'x', now: () => new Date().toISOString() };
    const members = chainMembers(copyCtx, chain.id).members;
    expect(members.find((member) => member.name === 'Herning')?.memberCount).toBe(999);
    expect(members).toHaveLength(9);
    copy.close();
  });

  it('New chain replaces a chosen existing file only when told to, and opens the new document', async () => {
    const dir = tempDir();
    const path = join(dir, 'ny.vanort');
    writeFileSync(path, 'old content');
    const session = new DocumentSession({ device: () => 'laptop' });
    await expect(session.create(path)).rejects.toBeInstanceOf(DocumentError);
    await session.create(
      path,
      (db) => {
        db.prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Ny kedja', 'now', 'now')`).run(
          crypto.randomUUID(),
        );
      },
      true,
    );
    expect(listChains(session.context()).map((chain) => chain.name)).toEqual(['Ny kedja']);
    session.close();
  });
});
