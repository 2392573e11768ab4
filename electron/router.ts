import type { z } from 'zod';
import {
  contract,
  freshAnswer,
  isMethodName,
  SUBJECTS,
  type EditAnswer,
  type FreshAnswer,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type StepAnswer,
  type Table,
} from '../shared/contract';
import { fail, ok, type ApiError, type Result } from '../shared/result';
import { DocumentError, documentErrorFromSqlite } from './db/errors';
import type { DocumentSession } from './document-session';
import type { SettingsStore } from './settings';
import { ServiceError } from './services/context';
import { chainMembers, countSeries, listChains, placeCounts, setMeetingCadence } from './services/chains';
import { assertWritable, changeLogEnd, redoAction, tablesChangedSince, undoAction, undoState } from './services/change-log';
import { addMember, rejoin, renamePlace, setHosting, setJoinedYear, setLeft, setMemberCount } from './services/members';
import { addMeeting, removeMeeting, updateMeeting } from './services/meetings';
import { addRecord, removeRecord } from './services/records';
import { addAlternative, alternatives, setSourceNote, showAlternative } from './services/facts';
import { setActivityLevel } from './services/activity';
import { movePlace } from './services/places';
import { chainHistory } from './services/history';
import type { MapData } from './services/map-data';
import { previewImportFile } from './services/importing/check';
import { applyImportFile } from './services/importing/apply';

/** What only the desktop shell can do (native dialogs); the browser host has none of it. */
export interface FileActions {
  newDocument(): Promise<{ opened: boolean }>;
  openDocument(): Promise<{ opened: boolean }>;
  saveCopy(): Promise<{ savedTo: string | null }>;
  exportMapImage(area: { x: number; y: number; width: number; height: number }): Promise<{ savedTo: string | null }>;
  exportChain(request: {
    chainId: string;
    format: 'csv' | 'xlsx' | 'geojson';
    delimiter: ';' | ',';
  }): Promise<{ savedTo: string | null }>;
  saveReportPdf(request: { title: string; language: 'sv' | 'en' }): Promise<{ savedTo: string | null }>;
}

export const unsupportedFileActions: FileActions = {
  newDocument: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  openDocument: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  saveCopy: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  exportMapImage: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  exportChain: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  saveReportPdf: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
};

export interface RouterDeps {
  session: DocumentSession;
  settings: SettingsStore;
  files: FileActions;
  /** The bundled basemap and gazetteer (read on first use). */
  mapData: MapData;
  /** Where slow calls and unexpected errors are reported. */
  log?: (message: string) => void;
}

type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

const SLOW_CALL_MS = 200;

export interface Router {
  call(method: string, input: unknown): Promise<Result<unknown>>;
}

export function createRouter({ session, settings, files, mapData, log = console.warn }: RouterDeps): Router {
  const ctx = () => session.context();
  // An edit answers with what Undo and Redo can do next, and the tables it changed: those its
  // change-log entries name (the window refetches only what reads them).
  const answer = (since: number): EditAnswer => ({ ...undoState(ctx()), touched: tablesChangedSince(ctx(), since) });
  // `fresh` names the answers of queries the edit made stale that it sends along (see EditAnswer).
  const edit =
    <Input>(apply: (input: Input) => unknown, fresh?: (input: Input) => FreshAnswer[]) =>
    (input: Input): EditAnswer => {
      // Refused before any service runs: a read-only document (file, folder, or open elsewhere).
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      apply(input);
      return fresh ? { ...answer(since), fresh: fresh(input) } : answer(since);
    };
  // A step touches what the action it undoes or redoes touched.
  // A step whose log could not be read was set aside: only the undo state moved.
  const step = (tables: Table[] | null | 'unreadable'): StepAnswer =>
    tables === null
      ? { changed: false, ...undoState(ctx()) }
      : tables === 'unreadable'
        ? { changed: false, skippedUnreadable: true, touched: [], ...undoState(ctx()) }
        : { changed: true, touched: tables, ...undoState(ctx()) };
  const handlers: Handlers = {
    'document.info': () => session.info(),
    'chains.list': () => listChains(ctx()),
    'members.list': ({ chainId, year }) => chainMembers(ctx(), chainId, year),
    'members.rename': edit(({ placeId, name }) => renamePlace(ctx(), placeId, name)),
    'members.setJoinedYear': edit(({ membershipId, joinedYear }) => setJoinedYear(ctx(), membershipId, joinedYear)),
    // The details' counts grid of that place shows the new count too: it comes with the answer.
    'members.setCount': edit(
      ({ placeId, year, memberCount }) => setMemberCount(ctx(), placeId, year, memberCount),
      ({ placeId }) => [freshAnswer('members.counts', { placeId }, placeCounts(ctx(), placeId))],
    ),
    'members.setLeft': edit(({ membershipId, leftYear, leaveReason }) => setLeft(ctx(), membershipId, leftYear, leaveReason)),
    'members.rejoin': edit(({ membershipId, joinedYear }) => rejoin(ctx(), membershipId, joinedYear)),
    'meetings.add': edit(({ chainId, meeting }) => addMeeting(ctx(), chainId, meeting)),
    'meetings.update': edit(({ meetingId, meeting }) => updateMeeting(ctx(), meetingId, meeting)),
    'meetings.remove': edit(({ meetingId }) => removeMeeting(ctx(), meetingId)),
    'members.setHosting': edit(({ membershipId, canHost, sponsorBond }) => setHosting(ctx(), membershipId, canHost, sponsorBond)),
    'chains.setCadence': edit(({ chainId, meetingCadenceYears }) => setMeetingCadence(ctx(), chainId, meetingCadenceYears)),
    'members.setActivityLevel': edit(({ membershipId, year, level }) => setActivityLevel(ctx(), membershipId, year, level)),
    'facts.alternatives': ({ table, rowId, field }) => alternatives(ctx(), table, rowId, field),
    'facts.add': edit((fact) => addAlternative(ctx(), fact)),
    'facts.show': edit(({ alternativeId }) => showAlternative(ctx(), alternativeId)),
    'facts.setSourceNote': edit(({ table, rowId, source, note }) => setSourceNote(ctx(), table, rowId, source, note)),
    'records.add': edit(({ chainId, record }) => addRecord(ctx(), chainId, record)),
    'records.remove': edit(({ kind, id }) => removeRecord(ctx(), kind, id)),
    'members.add': (input) => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const added = addMember(ctx(), input);
      return { ...added, ...answer(since) };
    },
    'places.move': edit(({ placeId, latitude, longitude }) => movePlace(ctx(), placeId, latitude, longitude)),
    'gazetteer.search': ({ query, limit }) => mapData.gazetteer().search(query, limit),
    'map.basemap': () => mapData.basemap(),
    'chains.history': ({ chainId }) => chainHistory(ctx(), chainId),
    'chains.countSeries': ({ chainId }) => countSeries(ctx(), chainId),
    'members.counts': ({ placeId }) => placeCounts(ctx(), placeId),
    'undo.state': () => undoState(ctx()),
    'undo.undo': () => step(undoAction(ctx())),
    'undo.redo': () => step(redoAction(ctx())),
    'backups.list': () => session.backups(),
    // Another state of the whole document: everything is touched.
    'backups.restore': async ({ id }) => ({ ...(await session.restoreBackup(id)), ...undoState(ctx()), touched: [...SUBJECTS] }),
    // The document opened again in place of a stale lock: everything is touched.
    'document.openAnyway': async () => {
      await session.openAnyway();
      return { ...undoState(ctx()), touched: [...SUBJECTS] };
    },
    'settings.get': () => ({ language: settings.get().language }),
    'settings.setLanguage': ({ language }) => ({ language: settings.update({ language }).language }),
    'import.preview': ({ fileName, contentBase64, mapping }) =>
      previewImportFile(
        ctx(),
        { fileName, bytes: Buffer.from(contentBase64, 'base64') },
        { gazetteer: mapData.gazetteer(), mapping },
      ),
    'import.apply': async ({ fileName, contentBase64, ...options }) => {
      const since = changeLogEnd(ctx());
      const result = await applyImportFile(
        ctx(),
        options.chainId,
        { fileName, bytes: Buffer.from(contentBase64, 'base64') },
        { ...options, gazetteer: mapData.gazetteer() },
      );
      return { ...result, ...answer(since) };
    },
    'file.new': () => files.newDocument(),
    'file.open': () => files.openDocument(),
    'file.saveCopy': () => files.saveCopy(),
    'file.exportMapImage': (area) => files.exportMapImage(area),
    'file.export': (request) => files.exportChain(request),
    'file.saveReportPdf': (request) => files.saveReportPdf(request),
  };

  async function dispatch<M extends MethodName>(method: M, input: unknown): Promise<Result<MethodOutput<M>>> {
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) return fail(fromZod(parsed.error));
    const handler = handlers[method] as (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
    return ok(await handler(parsed.data as ParsedInput<M>));
  }

  return {
    async call(method, input) {
      if (typeof method !== 'string' || !isMethodName(method)) {
        // String() throws on some values (an object without a prototype): only a string is echoed.
        return fail({
          code: 'unknown_method',
          message: 'errors.unknown_method',
          detail: typeof method === 'string' ? method.slice(0, 100) : typeof method,
        });
      }
      const started = performance.now();
      try {
        return await dispatch(method, input);
      } catch (error) {
        return fail(toApiError(error, log));
      } finally {
        const elapsed = performance.now() - started;
        if (elapsed > SLOW_CALL_MS) log(`slow call: ${method} took ${elapsed.toFixed(0)} ms`);
      }
    },
  };
}

function fromZod(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = issue?.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  return { code: 'invalid_input', message, ...(field ? { field } : {}), detail: issue?.message };
}

export function toApiError(error: unknown, log: (message: string) => void = console.warn): ApiError {
  if (error instanceof ServiceError) return error.apiError;
  const documentError = error instanceof DocumentError ? error : documentErrorFromSqlite(error);
  if (documentError) {
    return {
      code: documentError.code,
      message: `errors.${documentError.code}`,
      params: documentError.params,
      detail: documentError.message,
    };
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'internal', message: 'errors.internal', detail: error instanceof Error ? error.message : String(error) };
}
