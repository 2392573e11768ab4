import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentSession } from '../../electron/document-session';
import { openDocument } from '../../electron/db/open';
import { createChain, listChains } from '../../electron/services/chains';
import { undoState } from '../../electron/services/change-log';
import { contextOf } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('File > New document', () => {
  it('makes a document that opens with its one chain, named after the file, with a time-ordered id', async () => {
    const path = join(tempDir(), 'Lichs vänorter.vanort');
    const session = new DocumentSession({ device: () => 'laptop' });
    const before = Date.now();
    // As the desktop's File > New document makes it.
    await session.create(path, (db) => createChain(db, basename(path, '.vanort')), true);
    const after = Date.now();
    session.close();

    const document = await openDocument(path);
    try {
      const ctx = contextOf(document);
      expect(listChains(ctx)).toEqual([{ id: expect.stringMatching(UUID_V7), name: 'Lichs vänorter', memberCount: 0 }]);
      const chain = document.db.prepare('SELECT id, created_at, updated_at FROM chain').get() as {
        id: string;
        created_at: string;
        updated_at: string;
      };
      // The id carries the time it was made, as every row's id does (electron/db/time-ordered-id.ts).
      const madeAt = parseInt(chain.id.replace(/-/g, '').slice(0, 12), 16);
      expect(madeAt).toBeGreaterThanOrEqual(before);
      expect(madeAt).toBeLessThanOrEqual(after);
      expect(chain.updated_at).toBe(chain.created_at);
      expect(Date.parse(chain.created_at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(Date.parse(chain.created_at)).toBeLessThanOrEqual(after);
      // Part of making the document, not an edit: nothing to undo, so Undo cannot empty it.
      expect(document.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(0);
      expect(undoState(ctx)).toEqual({ canUndo: false, canRedo: false });
    } finally {
      document.close();
    }
  });
});
