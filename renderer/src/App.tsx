import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatInteger, type Language } from '../../shared/format';
import { parseCountInput, parseYearInput } from '../../shared/input-parsing';
import { call, client, onDocumentClosed } from './api/client';
import { refreshDocument, useEdit } from './api/edits';
import { apiQuery, useApiQuery } from './api/queries';
import { DocumentProblem } from './document/DocumentProblem';
import { useLanguage, useNotice, useNotify, useReadOnly } from './document/DocumentProvider';
import { useChainDocument } from './document/useChainDocument';
import { describeError } from './i18n';
import { MembersTable, type MemberEdit } from './members/MembersTable';
import { FormerMembers } from './members/FormerMembers';
import { AddMember, type NewPlace } from './members/AddMember';
import { MemberDetails } from './members/MemberDetails';
import { ToCheck } from './members/FactWarnings';
import { MapView } from './map/MapView';
import { useBasemap } from './map/basemap';
import { Toolbar } from './toolbar/Toolbar';
import { YearSlider } from './history/YearSlider';
import { MeetingsPanel } from './history/MeetingsPanel';
import { TimelinePanel } from './history/TimelinePanel';
import { NoticeBanner } from './document/NoticeBanner';
import { HelpDialog } from './help/HelpDialog';
import { CountsPanel } from './history/CountsPanel';
import { SidePanelTabs, type SidePanel } from './toolbar/SidePanelTabs';
import { ReportDialog } from './report/ReportDialog';
import { ReadOnlyNotice } from './document/readOnly';
import { RestoreBackupDialog } from './backups/RestoreBackupDialog';
import { ImportDialog } from './import/ImportDialog';
import { SharePanel, useSendChanges } from './sharing/SharePanel';
import { MergeDialog, type ExchangeFile } from './sharing/MergeDialog';
import { ConflictsDialog } from './sharing/ConflictsDialog';
import { ChangesDialog } from './sharing/ChangesDialog';
import { useSharing } from './sharing/useSharing';
import { StepConfirmDialog, type StepQuestion } from './toolbar/StepConfirmDialog';
import { Presentation } from './presentation/Presentation';
import { SYNC_TOOL_NAMES, type Member } from '../../shared/contract';

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** A selected member, in the document and chain it was selected in. */
interface Selection {
  path: string | null;
  chainId: string | null;
  membershipId: string;
}

export function App() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const notice = useNotice();
  const { showError, showDone } = useNotify();
  const queryClient = useQueryClient();
  const edit = useEdit();
  const doc = useChainDocument();
  // The offline basemap is bundled with the app and read once as its own file: no network at any time.
  const basemap = useBasemap();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [pinMode, setPinMode] = useState(false);
  const [pin, setPin] = useState<{ latitude: number; longitude: number } | null>(null);
  const [panel, setPanel] = useState<SidePanel>('members');
  const [reportDialog, setReportDialog] = useState(false);
  const [backupDialog, setBackupDialog] = useState(false);
  const [importDialog, setImportDialog] = useState(false);
  const sharing = useSharing();
  const sendChanges = useSendChanges();
  // `pick` tells two picks of one file apart: each gets a dialog (and a preview) of its own.
  const [mergeFile, setMergeFile] = useState<(ExchangeFile & { pick: number }) | null>(null);
  const [conflictsDialog, setConflictsDialog] = useState(false);
  const [changesDialog, setChangesDialog] = useState(false);
  const [stepQuestion, setStepQuestion] = useState<StepQuestion | null>(null);
  // The presentation covers the window, which stays as it was underneath (year, selection, panel, map view).
  const [presenting, setPresenting] = useState(false);
  const [helpDialog, setHelpDialog] = useState(false);
  const presentButton = useRef<HTMLButtonElement>(null);
  const endPresentation = useCallback(() => setPresenting(false), []);
  // Back where it was opened from, once the window is no longer inert.
  const presented = useRef(false);
  useEffect(() => {
    if (presenting) presented.current = true;
    else if (presented.current) presentButton.current?.focus();
  }, [presenting]);
  // The members a conflict is about, marked in the table (asked only while there are conflicts).
  const conflictList = useApiQuery('sync.conflicts', {}, { enabled: (sharing?.conflicts ?? 0) > 0 });
  const inConflict = useMemo(
    () =>
      new Set(
        (sharing?.conflicts && conflictList.data?.ok ? conflictList.data.value : []).flatMap((conflict) =>
          conflict.row.placeId ? [conflict.row.placeId] : [],
        ),
      ),
    [sharing?.conflicts, conflictList.data],
  );
  const openConflicts = useCallback(() => setConflictsDialog(true), []);

  const path = doc.info?.path ?? null;
  const { chainId } = doc;
  // A selection belongs to one document and chain.
  const selectedId = selection && selection.path === path && selection.chainId === chainId ? selection.membershipId : null;
  const select = useCallback(
    (membershipId: string | null) => setSelection(membershipId ? { path, chainId, membershipId } : null),
    [path, chainId],
  );
  const onSelect = useCallback((membershipId: string) => select(membershipId), [select]);
  // A warning may be about a member that the year shown does not hold (a join year set later than
  // its counts): the window goes to the year it joined (or its latest state), where its details are.
  const shownMembers = doc.members?.members;
  const timeline = doc.chainHistory?.timeline;
  const { setYear } = doc;
  const onSelectWarned = useCallback(
    (membershipId: string) => {
      if (!shownMembers?.some((member) => member.membershipId === membershipId)) {
        const joined = timeline?.find((entry) => entry.kind === 'joined' && entry.membershipId === membershipId);
        setYear(joined && joined.date !== '' ? joined.year : null);
      }
      select(membershipId);
    },
    [shownMembers, timeline, setYear, select],
  );

  useEffect(() => {
    document.title = doc.info ? `${doc.info.fileName} — ${t('app.name')}` : t('app.name');
  }, [doc.info, t]);

  const step = useCallback(
    async (direction: 'undo' | 'redo', confirm?: string) => {
      const result = await edit(direction === 'undo' ? 'undo.undo' : 'undo.redo', confirm ? { confirm } : {});
      if (!result.ok) return showError(describeError(t, result.error));
      // Undoing a merge, or writing back over a colleague's newer value: the user says yes first,
      // to that step (one that came on top meanwhile is asked about in turn).
      if ('needsConfirm' in result.value)
        return setStepQuestion({ kind: result.value.needsConfirm, fields: result.value.fields, step: result.value.step });
      showError('skippedUnreadable' in result.value ? t('toolbar.stepSkipped') : null);
    },
    [edit, showError, t],
  );

  // Send and merge need sharing turned on: without it, the Share panel says how.
  const shareCommand = useCallback(
    (run: () => void) => {
      if (sharing?.shared) run();
      else {
        setPanel('share');
        showError(t('errors.notShared'));
      }
    },
    [sharing?.shared, showError, t],
  );

  const changeLanguage = useCallback(
    async (next: Language) => {
      const result = await call('settings.setLanguage', { language: next });
      if (result.ok) await i18n.changeLanguage(result.value.language);
      else showError(describeError(t, result.error));
    },
    [i18n, showError, t],
  );

  // Ctrl+Z / Ctrl+Shift+Z (Cmd on macOS) step through the document's changes; inside a text
  // field they stay the field's own undo.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        event.preventDefault();
        void step(key === 'y' || event.shiftKey ? 'redo' : 'undo');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [step]);

  // F5 presents, as in a slide program (the browser's reload is not wanted in the middle of a seminar).
  // F1 opens Help, as in most desktop programs (the browser's own help page is not this app's).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.key !== 'F5' && event.key !== 'F1') || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      event.preventDefault();
      if (presenting) return;
      if (event.key === 'F1') setHelpDialog(true);
      else if (chainId) setPresenting(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [chainId, presenting]);

  // Once: later answers carry the same reason while the window already shows it.
  useEffect(
    () =>
      onDocumentClosed(() => {
        if (queryClient.getQueryData(apiQuery('document.info', {}).queryKey)?.ok) void refreshDocument(queryClient);
      }),
    [queryClient],
  );

  // The desktop shell's menu sends its commands here, so menu and keys do the same thing.
  useEffect(
    () =>
      client().onEvent((event) => {
        if (event.kind === 'document-changed') void refreshDocument(queryClient);
        else if (event.kind === 'language-changed') void i18n.changeLanguage(event.language);
        else if (event.kind === 'command') {
          if (event.command === 'import') setImportDialog(!readOnly);
          else if (event.command === 'sendChanges') shareCommand(() => void sendChanges(false));
          else if (event.command === 'help') setHelpDialog(true);
          else void step(event.command);
        } else if (event.kind === 'merge-file') {
          const { fileName, contentBase64 } = event;
          if (readOnly) showError(t('share.readOnlyMerge'));
          else shareCommand(() => setMergeFile({ fileName, contentBase64, pick: Date.now() }));
        } else if (event.kind === 'restore-backup') setBackupDialog(true);
        else if (event.kind === 'export' && chainId) {
          void call('file.export', { chainId, format: event.format, delimiter: event.delimiter }).then((result) =>
            result.ok
              ? showDone(result.value.savedTo ? t('dialogs.exported', { path: result.value.savedTo }) : null)
              : showError(describeError(t, result.error)),
          );
        }
      }),
    [i18n, queryClient, step, chainId, readOnly, showDone, showError, t, shareCommand, sendChanges],
  );

  const onEdit = useCallback(
    async (change: MemberEdit): Promise<string | null> => {
      const { member, text } = change;
      let result;
      if (change.kind === 'name') {
        result = await edit('members.rename', { placeId: member.placeId, name: text });
      } else if (change.kind === 'joinedYear') {
        const year = parseYearInput(text);
        if (!year.ok) return describeError(t, { message: year.message });
        result = await edit('members.setJoinedYear', { membershipId: member.membershipId, joinedYear: year.value });
      } else {
        const count = parseCountInput(text);
        if (!count.ok) return describeError(t, { message: count.message });
        if (!doc.members) return null;
        result = await edit('members.setCount', { placeId: member.placeId, year: doc.members.year, memberCount: count.value });
      }
      if (!result.ok) return describeError(t, result.error);
      showError(null);
      return null;
    },
    [doc.members, edit, showError, t],
  );

  // Stable, so that the memoised map does not render again when nothing it shows changed.
  // Resolves to whether the move was saved: a refused one puts the symbol back.
  const onMapMove = useCallback(
    async (member: Member, latitude: number, longitude: number): Promise<boolean> => {
      const result = await edit('places.move', { placeId: member.placeId, latitude, longitude });
      showError(result.ok ? null : describeError(t, result.error));
      return result.ok;
    },
    [edit, showError, t],
  );
  const onPin = useCallback((latitude: number, longitude: number) => setPin({ latitude, longitude }), []);

  const onAdd = useCallback(
    async (place: NewPlace, joinedYear: number): Promise<string | null> => {
      if (!chainId) return null;
      const result = await edit('members.add', { chainId, joinedYear, place });
      if (!result.ok) return describeError(t, result.error);
      select(result.value.membershipId);
      setPin(null);
      return null;
    },
    [chainId, edit, select, t],
  );

  const exportMap = useCallback(async () => {
    const figure = document.querySelector('.map-figure');
    if (!figure) return;
    const box = figure.getBoundingClientRect();
    const result = await call('file.exportMapImage', {
      x: Math.round(box.left),
      y: Math.round(box.top),
      width: Math.round(box.width),
      height: Math.round(box.height),
    });
    if (result.ok) showDone(result.value.savedTo ? t('map.exported', { path: result.value.savedTo }) : null);
    else showError(describeError(t, result.error));
  }, [showDone, showError, t]);

  if (doc.loading) return <p className="loading">{t('app.loading')}</p>;

  // A notice set by an action comes first; the basemap's refusal shows while there is none.
  const shownNotice =
    notice ?? (basemap.data && !basemap.data.ok ? { text: describeError(t, basemap.data.error), tone: 'error' } : null);

  return (
    <>
      <div className="app" inert={presenting}>
        <header className="app-header">
          <h1 className="app-title">{t('app.name')}</h1>
          <Toolbar
            history={doc.history}
            chains={doc.chains}
            chainId={chainId}
            onUndo={() => void step('undo')}
            onRedo={() => void step('redo')}
            onChain={doc.selectChain}
            onLanguage={(next) => void changeLanguage(next)}
            conflicts={sharing?.conflicts ?? 0}
            onConflicts={openConflicts}
            onPresent={() => setPresenting(true)}
            presentRef={presentButton}
            onHelp={() => setHelpDialog(true)}
          />
          {helpDialog ? <HelpDialog onClose={() => setHelpDialog(false)} /> : null}
          {stepQuestion ? (
            <StepConfirmDialog
              question={stepQuestion}
              onConfirm={() => void step('undo', stepQuestion.step)}
              onClose={() => setStepQuestion(null)}
            />
          ) : null}
          {conflictsDialog ? <ConflictsDialog onClose={() => setConflictsDialog(false)} /> : null}
          {changesDialog ? <ChangesDialog status={sharing} onClose={() => setChangesDialog(false)} /> : null}
          {mergeFile ? (
            <MergeDialog
              key={mergeFile.pick}
              file={mergeFile}
              onClose={() => setMergeFile(null)}
              onMerged={(message) => {
                setMergeFile(null);
                showDone(message);
              }}
            />
          ) : null}
        </header>
        <main className="app-main">
          <ReadOnlyNotice info={doc.info} />
          {doc.info?.migratedFrom != null ? (
            <p className="banner info">
              {t('toolbar.migrated', { version: doc.info.schemaVersion, backup: doc.info.backupPath ?? '' })}
            </p>
          ) : null}
          {doc.info?.backupProblem ? (
            <p className="banner error" role="status" data-testid="backup-problem">
              {t('backups.notTaken', {
                reason: t(doc.info.backupProblem.code === 'disk_full' ? 'backups.problemDiskFull' : 'backups.problemOther'),
                size: formatInteger(Math.ceil(doc.info.backupProblem.backupsBytes / (1024 * 1024)), language),
              })}
            </p>
          ) : null}
          {sharing?.syncedFolder ? (
            <p className="banner error" role="alert" data-testid="in-synced-folder">
              {t('share.inSyncedFolder', {
                tool: SYNC_TOOL_NAMES[sharing.syncedFolder.tool],
                folder: sharing.syncedFolder.folder,
              })}{' '}
              <button type="button" onClick={() => setPanel('share')}>
                {t('share.showShare')}
              </button>
            </p>
          ) : null}
          {shownNotice ? <NoticeBanner notice={shownNotice} onUndo={() => void step('undo')} /> : null}
          {doc.problem ? (
            <DocumentProblem problem={doc.problem} />
          ) : doc.members ? (
            <div className="workspace">
              <div className="map-area">
                <MapView
                  data={doc.members}
                  basemap={basemap.data?.ok ? basemap.data.value : null}
                  selectedId={selectedId}
                  pinMode={pinMode}
                  pin={pinMode ? pin : null}
                  onSelect={onSelect}
                  onMove={onMapMove}
                  onPin={onPin}
                />
                {doc.members.firstYear !== null ? (
                  <YearSlider
                    firstYear={doc.members.firstYear}
                    lastYear={Math.max(new Date().getFullYear(), doc.members.year)}
                    year={doc.members.year}
                    isLatest={doc.year === null}
                    onYear={doc.setYear}
                    onLatest={() => doc.setYear(null)}
                  />
                ) : null}
                <div className="map-actions">
                  <button type="button" onClick={() => void exportMap()}>
                    {t('map.export')}
                  </button>
                  <button type="button" onClick={() => setReportDialog(true)} aria-expanded={reportDialog}>
                    {t('report.create')}
                  </button>
                  <button type="button" onClick={() => setBackupDialog(true)} aria-haspopup="dialog">
                    {t('backups.open')}
                  </button>
                  <button type="button" onClick={() => setImportDialog(true)} disabled={readOnly} aria-haspopup="dialog">
                    {t('import.open')}
                  </button>
                </div>
                {importDialog && chainId ? (
                  <ImportDialog
                    chain={doc.members.chain}
                    year={doc.members.year}
                    onClose={() => setImportDialog(false)}
                    onImported={(message) => {
                      setImportDialog(false);
                      showDone(message);
                    }}
                  />
                ) : null}
                {backupDialog && doc.info ? (
                  <RestoreBackupDialog
                    fileName={doc.info.fileName}
                    onClose={() => setBackupDialog(false)}
                    onRestored={(message) => {
                      setBackupDialog(false);
                      showDone(message);
                    }}
                  />
                ) : null}
                {reportDialog && chainId ? (
                  <ReportDialog
                    chains={doc.chains}
                    chainId={chainId}
                    year={doc.members.year}
                    onClose={() => setReportDialog(false)}
                  />
                ) : null}
              </div>
              <aside className="side-panel">
                <SidePanelTabs panel={panel} onPanel={setPanel} />
                <div role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`} className="tab-panel">
                  {panel === 'counts' && chainId ? <CountsPanel chainId={chainId} /> : null}
                  {panel === 'meetings' && doc.chainHistory ? (
                    <MeetingsPanel history={doc.chainHistory} hosts={doc.members.members} />
                  ) : null}
                  {panel === 'timeline' && doc.chainHistory ? (
                    <TimelinePanel history={doc.chainHistory} members={doc.members.members} />
                  ) : null}
                  {panel === 'share' ? (
                    <SharePanel
                      key={sharing?.documentId ?? 'none'}
                      status={sharing}
                      onMerge={(file) => setMergeFile({ ...file, pick: Date.now() })}
                      onConflicts={openConflicts}
                      onChanges={() => setChangesDialog(true)}
                    />
                  ) : null}
                  {panel === 'members' ? (
                    <>
                      <MembersTable
                        data={doc.members}
                        selectedId={selectedId}
                        onSelect={onSelect}
                        onEdit={onEdit}
                        inConflict={inConflict}
                        onConflicts={openConflicts}
                      />
                      <ToCheck chainId={doc.members.chain.id} onSelect={onSelectWarned} />
                      <FormerMembers data={doc.members} />
                      <MemberDetails key={selectedId ?? 'none'} data={doc.members} selectedId={selectedId} />
                      <AddMember
                        pin={pin}
                        pinMode={pinMode}
                        onPinMode={(active) => {
                          setPinMode(active);
                          if (!active) setPin(null);
                        }}
                        onAdd={onAdd}
                      />
                    </>
                  ) : null}
                </div>
              </aside>
            </div>
          ) : (
            <p className="empty-document">{t('members.noChains')}</p>
          )}
        </main>
      </div>
      {presenting && chainId ? <Presentation chainId={chainId} onClose={endPresentation} /> : null}
    </>
  );
}
