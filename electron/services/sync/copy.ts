import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as A from '@automerge/automerge';
import { openDocument, type OpenOptions } from '../../db/open';
import { SyncEngine, documentId, firstHistory } from './engine';
import { DocumentError } from '../../db/errors';
import { refused, type Incoming } from './exchange';

/**
 * The changes a copy of the document holds (a .vanort that came back by e-mail or on a USB
 * stick). The copy is untrusted: it is written to a private temporary folder and opened there as
 * any document is (checked, migrated if older), never in place; the folder is removed after.
 * A copy that never turned sharing on yields its first history, made as its own app would.
 */
export async function incomingFromCopy(bytes: Uint8Array, options: OpenOptions): Promise<Incoming> {
  const folder = mkdtempSync(join(tmpdir(), 'vanort-merge-'));
  try {
    const path = join(folder, 'copy.vanort');
    writeFileSync(path, bytes);
    const document = await openDocument(path, { ...options, backupOnOpen: false, lockFolder: folder }).catch((error: unknown) => {
      throw copyRefusal(error);
    });
    try {
      const engine = SyncEngine.load(document.db, () => ({ device: '', laptop: '' }));
      const doc = engine ? engine.current : firstHistory(document.db, documentId(document.db));
      return {
        documentId: engine ? engine.documentId : documentId(document.db),
        from: null,
        changes: A.getAllChanges(doc),
        base: [],
      };
    } finally {
      document.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Why a copy cannot be merged, in the words of a changes file (its own message would name the
 * private temporary copy as if it were the user's document): newer, or damaged. A failure of this
 * laptop (a full disk) stays what it is.
 */
function copyRefusal(error: unknown): unknown {
  if (!(error instanceof DocumentError)) return error;
  if (error.code === 'newer_version') return refused('errors.exchangeNewer', error.message);
  if (['not_a_document', 'damaged', 'unknown_schema', 'value_too_long'].includes(error.code))
    return refused('errors.exchangeDamaged', error.message);
  return error;
}
