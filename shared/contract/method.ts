import { z } from 'zod';
import type { Subject } from './subjects';
import type { UndoState } from './types';

/**
 * What a method is, for the window: a query reads and may be cached; an edit changes the
 * document and says what it touched; an action is anything else (file dialogs, settings, a
 * picked file read), neither cached nor followed by a refetch.
 */
export type MethodKind = 'query' | 'edit' | 'action';

/** An edit's answer: the undo state after it, and the subjects it changed (what reads them is stale). */
export interface EditAnswer extends UndoState {
  touched: Subject[];
  /**
   * Answers of queries that the edit made stale and computed itself (TanStack Query's updates
   * from mutation responses): the window keeps these instead of asking for them again.
   */
  fresh?: FreshAnswer[];
}

/** A query's answer sent with an edit; shared/contract.ts's freshAnswer() types it. */
export interface FreshAnswer {
  method: string;
  input: unknown;
  value: unknown;
}

/** Undo and Redo: a step touched what its action had touched; with nothing to step, nothing changed. */
export type StepAnswer = UndoState &
  (
    | { changed: true; touched: Subject[] }
    | { changed: false }
    /** The step's log could not be read (a damaged file): it was set aside, nothing changed. */
    | { changed: false; skippedUnreadable: true; touched: Subject[] }
    /**
     * Not taken, it needs the user's yes: it undoes a merge ('merge'), or it would write back
     * values that a colleague's merged change has since replaced ('superseded', with those fields).
     */
    | { changed: false; needsConfirm: 'merge' | 'superseded'; fields: string[]; step: string }
  );

function define<Kind extends MethodKind, Output>(kind: Kind) {
  return <Input extends z.ZodType>(input: Input) => ({ kind, input, output: undefined as unknown as Output });
}

/** A method that reads the document (or the bundled map data) and changes nothing. */
export const query = <Output>() => define<'query', Output>('query');

/** A method that changes the document: one undo step, a step through them, or a restore. */
export const edit = <Output extends EditAnswer | StepAnswer = EditAnswer>() => define<'edit', Output>('edit');

export const action = <Output>() => define<'action', Output>('action');

/** The input of a method that takes none. */
export const empty = z.object({}).strict();
