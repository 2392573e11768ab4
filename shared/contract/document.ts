import { z } from 'zod';
import { empty, method } from './method';
import type { BackupInfo, DocumentInfo, Settings, UndoState } from './types';

const languageSchema = z.enum(['sv', 'en'], { error: 'validation.language' });

/** The open document as a whole: what it is, undo and redo, its backups; and the app's settings. */
export const documentMethods = {
  'document.info': method<DocumentInfo>()(empty),
  'undo.state': method<UndoState>()(empty),
  'undo.undo': method<UndoState & { changed: boolean }>()(empty),
  'undo.redo': method<UndoState & { changed: boolean }>()(empty),
  'backups.list': method<BackupInfo[]>()(empty),
  /** Replaces the document's state with a backup's; the current state is backed up first. */
  'backups.restore': method<{ restored: BackupInfo; currentSavedAs: BackupInfo }>()(
    z.object({ id: z.string().regex(/^[^/\\]{1,255}\.vanort$/, { error: 'validation.invalid' }) }).strict(),
  ),
  'settings.get': method<Settings>()(empty),
  'settings.setLanguage': method<Settings>()(z.object({ language: languageSchema }).strict()),
} as const;
