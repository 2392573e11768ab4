import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../shared/format';
import { parseCountInput, parseYearInput } from '../../shared/input-parsing';
import { call, client } from './api/client';
import { DocumentProblem } from './document/DocumentProblem';
import { useChainDocument } from './document/useChainDocument';
import { describeError } from './i18n';
import { MembersTable, type MemberEdit } from './members/MembersTable';
import { AddMember, type NewPlace } from './members/AddMember';
import { MemberDetails } from './members/MemberDetails';
import { MapView } from './map/MapView';
import { Toolbar } from './toolbar/Toolbar';
import { YearSlider } from './history/YearSlider';
import { MeetingsPanel } from './history/MeetingsPanel';
import { TimelinePanel } from './history/TimelinePanel';
import { CountsPanel } from './history/CountsPanel';
import { SidePanelTabs, type SidePanel } from './toolbar/SidePanelTabs';
import { ReportDialog } from './report/ReportDialog';
import { ReadOnlyContext, ReadOnlyNotice } from './document/readOnly';
import { RestoreBackupDialog } from './backups/RestoreBackupDialog';
import { ImportDialog } from './import/ImportDialog';
import type { Basemap, Member } from '../../shared/contract';

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function App() {
  const { t, i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'sv';
  const doc = useChainDocument();
  const { reload } = doc;
  // One line above the workspace: a refusal (an alert) or what an action did (a status).
  const [notice, setNoticeState] = useState<{ text: string; tone: 'error' | 'done' } | null>(null);
  const setNotice = useCallback((text: string | null) => setNoticeState(text ? { text, tone: 'error' } : null), []);
  const setDone = useCallback((text: string | null) => setNoticeState(text ? { text, tone: 'done' } : null), []);
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pinMode, setPinMode] = useState(false);
  const [pin, setPin] = useState<{ latitude: number; longitude: number } | null>(null);
  const [panel, setPanel] = useState<SidePanel>('members');
  const [reportDialog, setReportDialog] = useState(false);
  const [backupDialog, setBackupDialog] = useState(false);
  const [importDialog, setImportDialog] = useState(false);
  // A selection belongs to one document and chain.
  useEffect(() => setSelectedId(null), [doc.info?.path, doc.chainId]);

  // The offline basemap is bundled with the app: no network at any time.
  useEffect(() => {
    void call('map.basemap', {}).then((result) => {
      if (result.ok) setBasemap(result.value);
      else setNotice(describeError(t, result.error));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.title = doc.info ? `${doc.info.fileName} — ${t('app.name')}` : t('app.name');
  }, [doc.info, t]);

  const step = useCallback(
    async (direction: 'undo' | 'redo') => {
      const result = await call(direction === 'undo' ? 'undo.undo' : 'undo.redo', {});
      setNotice(result.ok ? null : describeError(t, result.error));
      reload();
    },
    [reload, t],
  );

  const changeLanguage = useCallback(
    async (next: Language) => {
      const result = await call('settings.setLanguage', { language: next });
      if (result.ok) await i18n.changeLanguage(result.value.language);
      else setNotice(describeError(t, result.error));
    },
    [i18n, t],
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

  // The desktop shell's menu sends its commands here, so menu and keys do the same thing.
  useEffect(
    () =>
      client().onEvent((event) => {
        if (event.kind === 'document-changed') reload();
        else if (event.kind === 'language-changed') void i18n.changeLanguage(event.language);
        else if (event.kind === 'command') {
          if (event.command === 'import') setImportDialog(!(doc.info?.readOnly ?? true));
          else void step(event.command);
        } else if (event.kind === 'restore-backup') setBackupDialog(true);
        else if (event.kind === 'export' && doc.chainId) {
          void call('file.export', { chainId: doc.chainId, format: event.format, delimiter: event.delimiter }).then((result) =>
            result.ok
              ? setDone(result.value.savedTo ? t('dialogs.exported', { path: result.value.savedTo }) : null)
              : setNotice(describeError(t, result.error)),
          );
        }
      }),
    [i18n, reload, step, doc.chainId, doc.info?.readOnly, t],
  );

  const onEdit = useCallback(
    async (edit: MemberEdit): Promise<string | null> => {
      const { member, text } = edit;
      let result;
      if (edit.kind === 'name') {
        result = await call('members.rename', { placeId: member.placeId, name: text });
      } else if (edit.kind === 'joinedYear') {
        const year = parseYearInput(text);
        if (!year.ok) return describeError(t, { message: year.message });
        result = await call('members.setJoinedYear', { membershipId: member.membershipId, joinedYear: year.value });
      } else {
        const count = parseCountInput(text);
        if (!count.ok) return describeError(t, { message: count.message });
        if (!doc.members) return null;
        result = await call('members.setCount', { placeId: member.placeId, year: doc.members.year, memberCount: count.value });
      }
      if (!result.ok) return describeError(t, result.error);
      setNotice(null);
      reload();
      return null;
    },
    [doc.members, reload, t],
  );

  const onMove = useCallback(
    async (member: Member, latitude: number, longitude: number) => {
      const result = await call('places.move', { placeId: member.placeId, latitude, longitude });
      setNotice(result.ok ? null : describeError(t, result.error));
      reload();
    },
    [reload, t],
  );

  // Stable, so that the memoised map does not render again when nothing it shows changed.
  const onMapMove = useCallback(
    (member: Member, latitude: number, longitude: number) => void onMove(member, latitude, longitude),
    [onMove],
  );
  const onPin = useCallback((latitude: number, longitude: number) => setPin({ latitude, longitude }), []);

  const onAdd = useCallback(
    async (place: NewPlace, joinedYear: number): Promise<string | null> => {
      if (!doc.chainId) return null;
      const result = await call('members.add', { chainId: doc.chainId, joinedYear, place });
      if (!result.ok) return describeError(t, result.error);
      setSelectedId(result.value.membershipId);
      setPin(null);
      reload();
      return null;
    },
    [doc.chainId, reload, t],
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
    if (result.ok) setDone(result.value.savedTo ? t('map.exported', { path: result.value.savedTo }) : null);
    else setNotice(describeError(t, result.error));
  }, [t]);

  if (doc.loading) return <p className="loading">{t('app.loading')}</p>;

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">{t('app.name')}</h1>
        <Toolbar
          history={doc.history}
          chains={doc.chains}
          chainId={doc.chainId}
          language={language}
          onUndo={() => void step('undo')}
          onRedo={() => void step('redo')}
          onChain={doc.selectChain}
          onLanguage={(next) => void changeLanguage(next)}
        />
      </header>
      <ReadOnlyContext.Provider value={doc.info?.readOnly ?? true}>
        <main className="app-main">
          <ReadOnlyNotice info={doc.info} />
          {doc.info?.migratedFrom != null ? (
            <p className="banner info">
              {t('toolbar.migrated', { version: doc.info.schemaVersion, backup: doc.info.backupPath ?? '' })}
            </p>
          ) : null}
          {notice ? (
            <p
              className={notice.tone === 'error' ? 'banner error' : 'banner info'}
              role={notice.tone === 'error' ? 'alert' : 'status'}
            >
              {notice.text}
            </p>
          ) : null}
          {doc.problem ? (
            <DocumentProblem problem={doc.problem} />
          ) : doc.members ? (
            <div className="workspace">
              <div className="map-area">
                <MapView
                  data={doc.members}
                  basemap={basemap}
                  selectedId={selectedId}
                  readOnly={doc.info?.readOnly ?? true}
                  pinMode={pinMode}
                  onSelect={setSelectedId}
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
                  <button
                    type="button"
                    onClick={() => setImportDialog(true)}
                    disabled={doc.info?.readOnly ?? true}
                    aria-haspopup="dialog"
                  >
                    {t('import.open')}
                  </button>
                </div>
                {importDialog && doc.chainId ? (
                  <ImportDialog
                    chain={doc.members.chain}
                    year={doc.members.year}
                    language={language}
                    onClose={() => setImportDialog(false)}
                    onImported={(message) => {
                      setImportDialog(false);
                      setDone(message);
                      reload();
                    }}
                  />
                ) : null}
                {backupDialog && doc.info ? (
                  <RestoreBackupDialog
                    fileName={doc.info.fileName}
                    readOnly={doc.info.readOnly}
                    onClose={() => setBackupDialog(false)}
                    onRestored={(message) => {
                      setBackupDialog(false);
                      setDone(message);
                      reload();
                    }}
                  />
                ) : null}
                {reportDialog && doc.chainId ? (
                  <ReportDialog
                    chains={doc.chains}
                    chainId={doc.chainId}
                    year={doc.members.year}
                    language={language}
                    onClose={() => setReportDialog(false)}
                  />
                ) : null}
              </div>
              <aside className="side-panel">
                <SidePanelTabs panel={panel} onPanel={setPanel} />
                <div role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`} className="tab-panel">
                  {panel === 'counts' && doc.chainId ? <CountsPanel chainId={doc.chainId} generation={doc.generation} /> : null}
                  {panel === 'meetings' && doc.chainHistory ? (
                    <MeetingsPanel
                      history={doc.chainHistory}
                      hosts={doc.members.members}
                      readOnly={doc.info?.readOnly ?? true}
                      onEdited={reload}
                    />
                  ) : null}
                  {panel === 'timeline' && doc.chainHistory ? (
                    <TimelinePanel
                      history={doc.chainHistory}
                      members={doc.members.members}
                      readOnly={doc.info?.readOnly ?? true}
                      onEdited={reload}
                    />
                  ) : null}
                  {panel === 'members' ? (
                    <>
                      <MembersTable
                        data={doc.members}
                        readOnly={doc.info?.readOnly ?? true}
                        selectedId={selectedId}
                        onSelect={setSelectedId}
                        onEdit={onEdit}
                      />
                      <MemberDetails
                        key={selectedId ?? 'none'}
                        data={doc.members}
                        selectedId={selectedId}
                        readOnly={doc.info?.readOnly ?? true}
                        generation={doc.generation}
                        onEdited={reload}
                      />
                      <AddMember
                        disabled={doc.info?.readOnly ?? true}
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
      </ReadOnlyContext.Provider>
    </div>
  );
}
