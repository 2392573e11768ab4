import type { z } from 'zod';
import type { Language } from './format';
import type { Result } from './result';
import { chainMethods } from './contract/chains';
import { checkMethods } from './contract/checks';
import { documentMethods } from './contract/document';
import { factMethods } from './contract/facts';
import { fileMethods } from './contract/files';
import { historyMethods } from './contract/history';
import { mapMethods } from './contract/map';
import { memberMethods } from './contract/members';
import { syncMethods } from './contract/sync';
import type { MethodKind } from './contract/method';

export type * from './contract/types';
export {
  IMPORT_MAX_BYTES,
  EXPORT_FORMATS,
  EXPORT_DELIMITERS,
  exportRequestSchema,
  type ExportFormat,
  type ExportDelimiter,
} from './contract/files';
export { BASEMAP_URL } from './contract/map';
export type { RecordForEditing } from './contract/history';
export { EXCHANGE_EXTENSION, EXCHANGE_MAX_BYTES, SYNC_TOOL_NAMES } from './contract/sync';
export type * from './contract/sync';
import type { FreshAnswer } from './contract/method';
export type { EditAnswer, FreshAnswer, MethodKind, StepAnswer } from './contract/method';
export { QUERY_READS, readsAny } from './contract/reads';
export { isTable, SUBJECTS, TABLES, type Subject, type Table } from './contract/subjects';

/** The API: method name -> input schema (validated by the router) and output type, one group a subject. */
export const contract = {
  ...documentMethods,
  ...chainMethods,
  ...memberMethods,
  ...historyMethods,
  ...factMethods,
  ...checkMethods,
  ...mapMethods,
  ...fileMethods,
  ...syncMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

type MethodsOfKind<Kind extends MethodKind> = { [M in MethodName]: Contract[M]['kind'] extends Kind ? M : never }[MethodName];
export type QueryMethod = MethodsOfKind<'query'>;
export type EditMethod = MethodsOfKind<'edit'>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** A query's answer to send with an edit, typed by the query's contract. */
export function freshAnswer<M extends QueryMethod>(method: M, input: MethodInput<M>, value: MethodOutput<M>): FreshAnswer {
  return { method, input, value };
}

export function isQueryMethod(name: string): name is QueryMethod {
  return isMethodName(name) && contract[name].kind === 'query';
}

/** Events the desktop shell sends to the window (menu commands, a newly opened document). */
export type ShellEvent =
  | { kind: 'document-changed' }
  | { kind: 'language-changed'; language: Language }
  | { kind: 'command'; command: 'undo' | 'redo' | 'import' | 'sendChanges' | 'help' }
  /** File, Merge a colleague's file…: the file the user picked in the shell's dialog, for the preview. */
  | { kind: 'merge-file'; fileName: string; contentBase64: string }
  | { kind: 'restore-backup' }
  | { kind: 'export'; format: 'csv' | 'xlsx' | 'geojson'; delimiter: ';' | ',' | '\t' };

/** The one object the preload (or the browser host's shim) puts on window. */
export interface AtlasClient {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  onEvent(listener: (event: ShellEvent) => void): () => void;
}
