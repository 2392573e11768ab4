import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../shared/contract';
import { call } from '../api/client';
import { describeError } from '../i18n';
import { ModalDialog } from '../forms/ModalDialog';
import { formatDateTime, kilobytes } from './format';
import './backups.css';

interface RestoreBackupDialogProps {
  fileName: string;
  readOnly: boolean;
  onClose(): void;
  /** After a restore: the message to show (the document has been reopened). */
  onRestored(message: string): void;
}

/**
 * File > Restore a backup…: the document's backups, newest first, with date, occasion and size.
 * Arrow keys move between them (radio buttons), Enter or the button restores, Escape closes.
 * The current state is backed up before anything is replaced, and the dialog says so.
 */
export function RestoreBackupDialog({ fileName, readOnly, onClose, onRestored }: RestoreBackupDialogProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    void call('backups.list', {}).then((result) => {
      if (result.ok) {
        setBackups(result.value);
        setChosen(result.value[0]?.id ?? null);
      } else setError(describeError(t, result.error));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Focus starts inside the dialog (on the chosen backup once the list is there).
  useEffect(() => {
    const first = dialogRef.current?.querySelector<HTMLElement>('input[type=radio]:checked, button');
    first?.focus();
  }, [backups]);

  const restore = async () => {
    if (!chosen || busy || readOnly) return;
    const backup = backups?.find((item) => item.id === chosen);
    setBusy(true);
    const result = await call('backups.restore', { id: chosen });
    setBusy(false);
    if (!result.ok) return setError(describeError(t, result.error));
    dialogRef.current?.close();
    onRestored(t('backups.restored', { date: backup ? formatDateTime(backup.createdAt, i18n.language) : '' }));
  };

  return (
    <ModalDialog dialogRef={dialogRef} className="restore-backup-dialog" labelledBy={titleId} onClose={onClose}>
      <h2 id={titleId}>{t('backups.title')}</h2>
      <p>{readOnly ? t('backups.readOnly') : t('backups.intro', { file: fileName })}</p>
      {backups && backups.length === 0 ? <p>{t('backups.empty')}</p> : null}
      {backups && backups.length > 0 ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void restore();
          }}
        >
          <table className="backup-list">
            <thead>
              <tr>
                <th scope="col">{t('backups.taken')}</th>
                <th scope="col">{t('backups.kind')}</th>
                <th scope="col">{t('backups.size')}</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.id} data-backup={backup.id}>
                  <td>
                    <label>
                      <input
                        type="radio"
                        name="backup"
                        value={backup.id}
                        checked={chosen === backup.id}
                        onChange={() => setChosen(backup.id)}
                        disabled={readOnly}
                      />{' '}
                      {formatDateTime(backup.createdAt, i18n.language)}
                    </label>
                  </td>
                  <td>{t(`backups.kinds.${backup.kind}`)}</td>
                  <td>{t('backups.sizeKb', { size: kilobytes(backup.size, i18n.language) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="submit" disabled={!chosen || busy || readOnly}>
              {t('backups.restore')}
            </button>
            <button type="button" onClick={() => dialogRef.current?.close()}>
              {t('backups.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="dialog-actions">
          <button type="button" onClick={() => dialogRef.current?.close()}>
            {t('backups.cancel')}
          </button>
        </div>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </ModalDialog>
  );
}
