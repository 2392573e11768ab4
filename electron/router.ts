import { freshAnswer, SUBJECTS, type EditAnswer, type FreshAnswer, type StepAnswer } from '../shared/contract';
import type { DocumentSession } from './document-session';
import { isDataMethod, serve, type DataMethod, type Handlers, type Router } from './routing';
import { createShellRouter, type ShellRouterDeps } from './shell-router';
import { addChain, chainMembers, countSeries, listChains, placeCounts, setMeetingCadence } from './services/chains';
import {
  assertWritable,
  changeLogEnd,
  redoAction,
  tablesChangedSince,
  undoAction,
  undoState,
  type StepOutcome,
} from './services/change-log';
import { sharingHandlers } from './sync-handlers';
import { addMember, rejoin, renamePlace, setHosting, setJoinedYear, setLeft, setMemberCount } from './services/members';
import { addMeeting, removeMeeting, updateMeeting } from './services/meetings';
import { addRecord, getRecord, removeRecord, updateRecord } from './services/records';
import { addAlternative, alternatives, setSourceNote, showAlternative } from './services/facts';
import { setActivityLevel } from './services/activity';
import { chainWarnings, placeChainsWarnings } from './services/checks';
import { movePlace } from './services/places';
import { chainHistory } from './services/history';
import type { MapData } from './services/map-data';
import { previewImportFile } from './services/importing/check';
import { applyImportFile } from './services/importing/apply';

export type { Router } from './routing';
export { toApiError } from './routing';
export { unsupportedFileActions, type FileActions } from './shell-router';

export interface DataRouterDeps {
  session: DocumentSession;
  /** The bundled gazetteer (read on first use). */
  mapData: MapData;
  /** Where slow calls and unexpected errors are reported. */
  log?: (message: string) => void;
}

export type RouterDeps = DataRouterDeps & Omit<ShellRouterDeps, 'data'>;

/** Both halves in one thread: what the integration tests and the command-line tools use. */
export function createRouter(deps: RouterDeps): Router {
  return createShellRouter({ ...deps, data: createDataRouter(deps) });
}

/** The data side: the document, its services and the map data (in the data worker). */
export function createDataRouter({ session, mapData, log = console.warn }: DataRouterDeps): Router {
  const ctx = () => session.context();
  // An edit answers with what Undo and Redo can do next, and the tables it changed: those its
  // change-log entries name (the window refetches only what reads them).
  const answer = (since: number): EditAnswer => ({ ...undoState(ctx()), touched: tablesChangedSince(ctx(), since) });
  // `fresh` names the answers of queries the edit made stale that it sends along (see EditAnswer).
  // The sharing status (sync.status reads 'document') counts the conflicts: an edit or a step that
  // ended one, or made one, says 'document' was touched; any other leaves the status as it was.
  const conflictCount = () => (ctx().sync ? (ctx().db.prepare('SELECT count(*) FROM sync_conflict').pluck().get() as number) : 0);
  const withConflicts = <Answer extends EditAnswer | StepAnswer>(before: number, answered: Answer): Answer =>
    conflictCount() === before || !('touched' in answered) || answered.touched.includes('document')
      ? answered
      : ({ ...answered, touched: [...answered.touched, 'document'] } as Answer);
  const edit =
    <Input>(apply: (input: Input) => unknown, fresh?: (input: Input) => FreshAnswer[]) =>
    (input: Input): EditAnswer => {
      // Refused before any service runs: a read-only document (file, folder, or open elsewhere).
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const conflicts = conflictCount();
      apply(input);
      return withConflicts(conflicts, fresh ? { ...answer(since), fresh: fresh(input) } : answer(since));
    };
  // A step touches what the action it undoes or redoes touched.
  // A step whose log could not be read was set aside: only the undo state moved.
  const step = (tables: StepOutcome): StepAnswer =>
    tables === null
      ? { changed: false, ...undoState(ctx()) }
      : tables === 'unreadable'
        ? { changed: false, skippedUnreadable: true, touched: [], ...undoState(ctx()) }
        : Array.isArray(tables)
          ? { changed: true, touched: tables, ...undoState(ctx()) }
          : { changed: false, ...tables, ...undoState(ctx()) };
  const sharing = sharingHandlers({ session, ctx, answer, edit });
  const handlers: Handlers<DataMethod> = {
    'document.info': () => session.info(),
    'chains.list': () => listChains(ctx()),
    'members.list': ({ chainId, year }) => chainMembers(ctx(), chainId, year),
    'members.rename': edit(({ placeId, name }) => renamePlace(ctx(), placeId, name)),
    'members.setJoinedYear': edit(({ membershipId, joinedYear }) => setJoinedYear(ctx(), membershipId, joinedYear)),
    // The details' counts grid of that place shows the new count too: it comes with the answer,
    // as do the warnings of its chains.
    'members.setCount': edit(
      ({ placeId, year, memberCount, adding }) => setMemberCount(ctx(), placeId, year, memberCount, adding),
      ({ placeId }) => [
        freshAnswer('members.counts', { placeId }, placeCounts(ctx(), placeId)),
        // A count may start or end a warning of "Att granska".
        ...placeChainsWarnings(ctx(), placeId).map(({ chainId, warnings }) => freshAnswer('checks.list', { chainId }, warnings)),
      ],
    ),
    'members.setLeft': edit(({ membershipId, leftYear, leaveReason }) => setLeft(ctx(), membershipId, leftYear, leaveReason)),
    'members.rejoin': edit(({ membershipId, joinedYear }) => rejoin(ctx(), membershipId, joinedYear)),
    'meetings.add': edit(({ chainId, meeting }) => addMeeting(ctx(), chainId, meeting)),
    'meetings.update': edit(({ meetingId, meeting }) => updateMeeting(ctx(), meetingId, meeting)),
    'meetings.remove': edit(({ meetingId }) => removeMeeting(ctx(), meetingId)),
    'members.setHosting': edit(({ membershipId, canHost, sponsorBond }) => setHosting(ctx(), membershipId, canHost, sponsorBond)),
    'chains.create': ({ name }) => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      return { chainId: addChain(ctx(), name), ...answer(since) };
    },
    'chains.setCadence': edit(({ chainId, meetingCadenceYears }) => setMeetingCadence(ctx(), chainId, meetingCadenceYears)),
    'members.setActivityLevel': edit(({ membershipId, year, level }) => setActivityLevel(ctx(), membershipId, year, level)),
    'facts.alternatives': ({ table, rowId, field }) => alternatives(ctx(), table, rowId, field),
    'facts.add': edit((fact) => addAlternative(ctx(), fact)),
    'facts.show': edit(({ alternativeId }) => showAlternative(ctx(), alternativeId)),
    'facts.setSourceNote': edit(({ table, rowId, source, note }) => setSourceNote(ctx(), table, rowId, source, note)),
    'records.add': edit(({ chainId, record }) => addRecord(ctx(), chainId, record)),
    'records.update': edit(({ chainId, id, record }) => updateRecord(ctx(), chainId, id, record)),
    'records.remove': edit(({ kind, id }) => removeRecord(ctx(), kind, id)),
    'records.get': ({ kind, id }) => getRecord(ctx(), kind, id),
    'members.add': (input) => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const added = addMember(ctx(), input);
      return { ...added, ...answer(since) };
    },
    'places.move': edit(({ placeId, latitude, longitude }) => movePlace(ctx(), placeId, latitude, longitude)),
    'gazetteer.search': ({ query, limit }) => mapData.gazetteer().search(query, limit),
    'gazetteer.nearest': ({ latitude, longitude }) => mapData.gazetteer().nearest(latitude, longitude),
    'chains.history': ({ chainId, untilYear }) => chainHistory(ctx(), chainId, untilYear),
    'chains.countSeries': ({ chainId }) => countSeries(ctx(), chainId),
    'members.counts': ({ placeId }) => placeCounts(ctx(), placeId),
    'checks.list': ({ chainId }) => chainWarnings(ctx(), chainId),
    'undo.state': () => undoState(ctx()),
    'undo.undo': ({ confirm }) => {
      const conflicts = conflictCount();
      return withConflicts(conflicts, step(undoAction(ctx(), confirm)));
    },
    'undo.redo': ({ confirm }) => {
      const conflicts = conflictCount();
      return withConflicts(conflicts, step(redoAction(ctx(), confirm)));
    },
    'backups.list': () => session.backups(),
    // Another state of the whole document: everything is touched.
    'backups.restore': async ({ id }) => ({ ...(await session.restoreBackup(id)), ...undoState(ctx()), touched: [...SUBJECTS] }),
    // The document opened again in place of a stale lock: everything is touched.
    'document.openAnyway': async () => {
      await session.openAnyway();
      return { ...undoState(ctx()), touched: [...SUBJECTS] };
    },
    // The dialog's count year, chain and "empty cells clear values" decide what each row changes.
    'import.preview': ({ fileName, contentBase64, ...options }) =>
      previewImportFile(
        ctx(),
        { fileName, bytes: Buffer.from(contentBase64, 'base64') },
        { ...options, gazetteer: mapData.gazetteer() },
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
    ...sharing,
  };
  return serve(handlers, isDataMethod, log);
}
