import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useReadOnly } from '../document/DocumentProvider';
import { describeError } from '../i18n';
import { ModalDialog } from '../forms/ModalDialog';
import { formatDateTime, kilobytes } from './format';
import './backups.css';

interface RestoreBackupDialogProps {
  fileName: string;
  onClose(): void;
  /** After a restore: the message to show (the document has been reopened). */
  onRestored(message: string): void;
}

/**
 * File > Restore a backup…: the document's backups, newest first, with date, occasion and size.
 * Arrow keys move between them (radio buttons), Enter or the button restores, Escape closes.
 * The current state is backed up before anything is replaced, and the dialog says so.
 */
export function RestoreBackupDialog({ fileName, onClose, onRestored }: RestoreBackupDialogProps) {
  const { t, i18n } = useTranslation();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const titleId = useId();
  const listed = useApiQuery('backups.list', {}).data;
  const backups = listed?.ok ? listed.value : null;
  // The newest backup until the user chooses another.
  const [choice, setChoice] = useState<string | null>(null);
  const chosen = choice ?? backups?.[0]?.id ?? null;
  const [failure, setFailure] = useState<string | null>(null);
  const error = failure ?? (listed && !listed.ok ? describeError(t, listed.error) : null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  // Focus starts inside the dialog (on the chosen backup once the list is there).
  useEffect(() => {
    const first = dialogRef.current?.querySelector<HTMLElement>('input[type=radio]:checked, button');
    first?.focus();
  }, [backups]);

  const restore = async () => {
    if (!chosen || busy || readOnly) return;
    const backup = backups?.find((item) => item.id === chosen);
    setBusy(true);
    const result = await edit('backups.restore', { id: chosen });
    setBusy(false);
    if (!result.ok) return setFailure(describeError(t, result.error));
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
                        onChange={() => setChoice(backup.id)}
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
