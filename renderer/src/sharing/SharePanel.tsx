import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_MAX_BYTES, type SyncStatus } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';
import { authorText, dateText } from '../../../shared/sharing/describe';
import { call } from '../api/client';
import { useEdit } from '../api/edits';
import { useLanguage, useNotify, useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { readAsBase64, saveBase64 } from '../forms/files';
import { describeError } from '../i18n';
import type { ExchangeFile } from './MergeDialog';
import './sharing.css';

interface SharePanelProps {
  status: SyncStatus | null;
  onMerge(file: ExchangeFile): void;
  onConflicts(): void;
  onChanges(): void;
}

/** Writes this laptop's changes file (what the colleagues may lack, or everything) and saves it. */
export function useSendChanges() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { showDone, showError } = useNotify();
  return useCallback(
    async (all: boolean) => {
      const said = (file: string, changes: number, bytes: number) =>
        showDone(
          t('share.sent', {
            file,
            count: changes,
            size: formatInteger(Math.max(1, Math.ceil(bytes / 1024)), language),
          }),
        );
      // The desktop saves it through its own dialog; the browser host has none, so it downloads.
      const saved = await call('file.saveChanges', { all });
      if (saved.ok) return saved.value.savedTo ? said(saved.value.savedTo, saved.value.changes, saved.value.bytes) : undefined;
      if (saved.error.code !== 'unsupported') return showError(describeError(t, saved.error));
      const result = await call('sync.send', { all });
      if (!result.ok) return showError(describeError(t, result.error));
      saveBase64(result.value.fileName, result.value.contentBase64);
      said(result.value.fileName, result.value.changes, result.value.bytes);
    },
    [t, language, showDone, showError],
  );
}

/**
 * "Dela / Share": this computer's name, turning sharing on, sending this laptop's changes,
 * merging a colleague's file, syncing through a shared folder, and the colleagues seen so far.
 */
export function SharePanel({ status, onMerge, onConflicts, onChanges }: SharePanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const queryClient = useQueryClient();
  const { showDone, showError } = useNotify();
  const send = useSendChanges();
  const [name, setName] = useState(status?.laptop ?? '');
  const [renaming, setRenaming] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const [folder, setFolder] = useState(status?.folder ?? '');
  const [folderError, setFolderError] = useState<string | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const nameField = useRef<HTMLInputElement>(null);
  // "Rename" puts the field where the button was: the focus goes into it.
  useEffect(() => {
    if (renaming) nameField.current?.focus();
  }, [renaming]);

  if (!status) return <p>{t('app.loading')}</p>;
  const askName = !status.laptop || renaming;

  const saveName = async (): Promise<boolean> => {
    const result = await call('settings.setLaptopName', { laptopName: name });
    if (!result.ok) {
      setNameError(describeError(t, result.error));
      nameField.current?.focus();
      return false;
    }
    setNameError(null);
    setRenaming(false);
    showDone(t('share.laptopSaved', { name: result.value.laptopName }));
    // The data side records the name with each change from now on; the status says it.
    await queryClient.invalidateQueries({ queryKey: ['sync.status'] });
    return true;
  };

  const enable = async () => {
    if (!status.laptop) {
      if (!name.trim()) {
        setNameError(t('share.laptopAsk'));
        nameField.current?.focus();
        return;
      }
      if (!(await saveName())) return;
    }
    const result = await edit('sync.enable', {});
    if (result.ok) showDone(t('share.enabled'));
    else showError(describeError(t, result.error));
  };

  const pick = async (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (file.size > EXCHANGE_MAX_BYTES) return setFileError(t('errors.exchangeTooLarge'));
    try {
      onMerge({ fileName: file.name, contentBase64: await readAsBase64(file) });
    } catch {
      setFileError(t('share.mergeUnreadable'));
    }
  };

  const chooseFolder = async (path: string | null) => {
    const result = await edit('sync.setFolder', { folder: path });
    if (!result.ok) return setFolderError(describeError(t, result.error));
    setFolderError(null);
    setFolder(result.value.folder ?? '');
    // "Stop syncing" goes away with the folder: the focus goes to the folder's field, not the page.
    if (!result.value.folder) folderInput.current?.focus();
    showDone(result.value.folder ? t('share.folderOn', { folder: result.value.folder }) : t('share.folderStopped'));
  };

  const checkFolder = async () => {
    const result = await edit('sync.checkFolder', {});
    if (!result.ok) return showError(describeError(t, result.error));
    showDone(result.value.merged > 0 ? t('share.folderMerged', { count: result.value.merged }) : t('share.folderNothing'));
  };

  return (
    <section className="share-panel" aria-labelledby="share-title">
      <h2 id="share-title">{t('share.title')}</h2>
      <p className="share-intro">{t('share.intro')}</p>

      <div className="share-section">
        <h3 id="share-laptop">{t('share.laptopTitle')}</h3>
        {askName ? (
          <form
            className="share-row"
            onSubmit={(event) => {
              event.preventDefault();
              if (status.shared || renaming) void saveName();
              else void enable();
            }}
          >
            <input
              ref={nameField}
              aria-labelledby="share-laptop"
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={200}
              disabled={readOnly && !status.shared}
              aria-describedby="share-laptop-hint"
              aria-invalid={nameError ? true : undefined}
              data-testid="laptop-name"
            />
            {status.laptop || status.shared ? <button type="submit">{t('share.laptopSave')}</button> : null}
          </form>
        ) : (
          <p className="share-row">
            <span data-testid="this-laptop">{t('share.thisLaptop', { name: status.laptop })}</span>
            <button
              type="button"
              onClick={() => {
                setName(status.laptop);
                setRenaming(true);
              }}
            >
              {t('share.laptopChange')}
            </button>
          </p>
        )}
        <p id="share-laptop-hint" className="hint">
          {t('share.laptopHint')}
        </p>
        <FieldError message={nameError} />
      </div>

      {!status.shared ? (
        <div className="share-section">
          <p>{t('share.off')}</p>
          <button type="button" onClick={() => void enable()} disabled={readOnly} data-testid="enable-sharing">
            {t('share.enable')}
          </button>
        </div>
      ) : (
        <>
          <div className="share-section">
            <button type="button" onClick={() => void send(all)} data-testid="send-changes">
              {t('share.send')}
            </button>
            <label className="check">
              <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
              {t('share.sendAll')}
            </label>
          </div>
          <div className="share-section">
            <label className="file-field">
              {t('share.merge')}
              <input
                type="file"
                accept=".vanort-changes,.vanort"
                disabled={readOnly}
                aria-describedby="share-merge-hint"
                data-testid="merge-file"
                onChange={(event) => {
                  void pick(event.target.files?.[0]);
                  event.target.value = '';
                }}
              />
            </label>
            <p id="share-merge-hint" className="hint">
              {t('share.mergeHint')}
            </p>
            <FieldError message={fileError} />
          </div>
          <div className="share-section">
            <button type="button" onClick={onConflicts} data-testid="open-conflicts">
              {t('share.conflictsButton', { count: status.conflicts })}
            </button>{' '}
            <button type="button" onClick={onChanges} aria-haspopup="dialog" data-testid="open-changes">
              {t('share.changesButton')}
            </button>
          </div>
          <div className="share-section">
            <h3>{t('share.folderTitle')}</h3>
            <p id="share-folder-hint" className="hint">
              {t('share.folderHint')}
            </p>
            <form
              className="share-row"
              onSubmit={(event) => {
                event.preventDefault();
                void chooseFolder(folder.trim() || null);
              }}
            >
              <label>
                {t('share.folderLabel')}
                <input
                  ref={folderInput}
                  value={folder}
                  onChange={(event) => setFolder(event.target.value)}
                  maxLength={4096}
                  disabled={readOnly}
                  aria-describedby="share-folder-hint"
                  aria-invalid={folderError ? true : undefined}
                  data-testid="sync-folder"
                />
              </label>
              <button type="submit" disabled={readOnly}>
                {t('share.folderSave')}
              </button>
            </form>
            <FieldError message={folderError} />
            {status.folder ? (
              <p className="share-row">
                <span>{t('share.folderOn', { folder: status.folder })}</span>
                <button type="button" onClick={() => void checkFolder()} disabled={readOnly}>
                  {t('share.folderCheck')}
                </button>
                <button type="button" onClick={() => void chooseFolder(null)} disabled={readOnly}>
                  {t('share.folderStop')}
                </button>
              </p>
            ) : null}
          </div>
          <div className="share-section">
            <h3>{t('share.peersTitle')}</h3>
            {status.peers.length === 0 ? (
              <p>{t('share.peersNone')}</p>
            ) : (
              <ul className="share-peers" data-testid="peers">
                {status.peers.map((peer) => (
                  <li key={peer.device}>
                    {t('share.peer', { name: authorText(t, peer), date: dateText(language, peer.lastMerged) })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
