import { z } from 'zod';
import { nameSchema } from '../validation';
import { LANGUAGES } from '../format';
import { action, edit, empty, query, type EditAnswer, type StepAnswer } from './method';
import type { BackupInfo, DocumentInfo, Settings, UndoState } from './types';

export const languageSchema = z.enum(LANGUAGES, { error: 'validation.language' });

/** The open document as a whole: what it is, undo and redo, its backups; and the app's settings. */
const stepConfirm = z.union([z.boolean(), z.string().min(1).max(100)]).optional();

export const documentMethods = {
  'document.info': query<DocumentInfo>()(empty),
  'undo.state': query<UndoState>()(empty),
  /**
   * Undo and Redo. A step that would undo a merge, or write back a value a colleague's merged
   * change has since replaced, is not taken unless `confirm` is given: it answers `needsConfirm`.
   * `confirm` may name the step the user said yes to (needsConfirm's `step`): if another step is
   * on top by then (a merge from the shared folder came in meanwhile), that one is asked about.
   */
  'undo.undo': edit<StepAnswer>()(z.object({ confirm: stepConfirm }).strict()),
  'undo.redo': edit<StepAnswer>()(z.object({ confirm: stepConfirm }).strict()),
  'backups.list': query<BackupInfo[]>()(empty),
  /** Replaces the document's state with a backup's; the current state is backed up first. */
  'backups.restore': edit<EditAnswer & { restored: BackupInfo; currentSavedAs: BackupInfo }>()(
    z
      .object({
        id: z
          .string()
          .max(262, { error: 'validation.invalid' })
          .regex(/^[^/\\]{1,255}\.vanort$/, { error: 'validation.invalid' }),
      })
      .strict(),
  ),
  /**
   * Opens the document for writing in place of a lock that may well be stale (DocumentInfo's
   * canOpenAnyway); a live holder is refused. Another state of the document: everything is touched.
   */
  'document.openAnyway': edit()(empty),
  'settings.get': query<Settings>()(empty),
  'settings.setLanguage': action<Settings>()(z.object({ language: languageSchema }).strict()),
  /** "This computer's name": recorded with every change this laptop makes. */
  'settings.setLaptopName': action<Settings>()(z.object({ laptopName: nameSchema }).strict()),
} as const;
