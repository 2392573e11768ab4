import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldChange, MergePreview } from '../../../shared/contract';
import { authorText, changeText } from '../../../shared/sharing/describe';
import type { ApiError } from '../../../shared/result';
import { call } from '../api/client';
import { useEdit } from '../api/edits';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import { describeError } from '../i18n';
import { conflictTitle, conflictValueText } from './sharingText';

/** An exchange file or a copy of the document, as the user picked it. */
export interface ExchangeFile {
  fileName: string;
  contentBase64: string;
}

/** How many lines of each list the preview shows before "… and N more". */
const SHOWN = 200;

function ChangeList({ title, changes, testId }: { title: string; changes: FieldChange[]; testId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (changes.length === 0) return null;
  return (
    <section className="merge-list" data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {changes.slice(0, SHOWN).map((change) => (
          <li key={`${change.row.table}/${change.rowKey}/${change.field}/${change.at}`}>{changeText(t, language, change)}</li>
        ))}
      </ul>
      {changes.length > SHOWN ? <p>{t('share.preview.more', { count: changes.length - SHOWN })}</p> : null}
    </section>
  );
}

/**
 * "Merge a colleague's file…": what merging it would do, before anything is written (the
 * colleague's changes by laptop, time and field, what is new, what was removed, the conflicts),
 * then the merge in one transaction when the user confirms.
 */
export function MergeDialog({
  file,
  onClose,
  onMerged,
}: {
  file: ExchangeFile;
  onClose(): void;
  onMerged(message: string): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const edit = useEdit();
  const dialog = useRef<HTMLDialogElement>(null);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [error, setError] = useState<Pick<ApiError, 'message' | 'params'> | null>(null);
  const [busy, setBusy] = useState(true);
  const readOnly = useReadOnly();

  useEffect(() => {
    let current = true;
    void call('sync.preview', { fileName: file.fileName, contentBase64: file.contentBase64 }).then((result) => {
      if (!current) return;
      setBusy(false);
      if (result.ok) setPreview(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [file]);

  const merge = async () => {
    setBusy(true);
    const result = await edit('sync.merge', { fileName: file.fileName, contentBase64: file.contentBase64 });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onMerged(
      result.value.conflicts > 0
        ? t('share.preview.mergedConflicts', { count: result.value.conflicts })
        : t('share.preview.merged'),
    );
  };

  const names = preview ? preview.from.map((author) => authorText(t, author)).join(', ') : '';
  return (
    <ModalDialog labelledBy="merge-title" className="merge-dialog" onClose={onClose} dialogRef={dialog}>
      <h2 id="merge-title">{t('share.preview.title', { file: file.fileName })}</h2>
      {busy && !preview ? <p role="status">{t('share.preview.checking')}</p> : null}
      <FieldError message={error ? describeError(t, error) : null} />
      {preview ? (
        <div className="merge-preview" data-testid="merge-preview">
          {preview.from.length > 0 ? <p>{t('share.preview.from', { names })}</p> : null}
          {preview.nothingNew ? <p role="status">{t('share.preview.nothingNew')}</p> : null}
          {preview.missingEarlier ? <p className="banner info">{t('share.preview.missingEarlier')}</p> : null}
          <ChangeList
            title={t('share.preview.changed', { count: preview.changed.length })}
            changes={preview.changed}
            testId="preview-changed"
          />
          <ChangeList
            title={t('share.preview.added', { count: preview.added.length })}
            changes={preview.added}
            testId="preview-added"
          />
          <ChangeList
            title={t('share.preview.removed', { count: preview.removed.length })}
            changes={preview.removed}
            testId="preview-removed"
          />
          {preview.conflicts.length > 0 ? (
            <section className="merge-list" data-testid="preview-conflicts">
              <h3>{t('share.preview.conflicts', { count: preview.conflicts.length })}</h3>
              <p className="hint">{t('share.preview.conflictsHint')}</p>
              <ul>
                {preview.conflicts.slice(0, SHOWN).map((conflict) => (
                  <li key={conflict.key}>
                    {conflictTitle(t, conflict)}
                    <ul>
                      {conflict.values.map((value, index) => (
                        <li key={index}>
                          {conflictValueText(t, language, conflict, value)}
                          {value.shown ? ` (${t('share.conflicts.shown')})` : ''}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
      <DialogActions dialogRef={dialog} closeLabel={t('dialogs.cancel')}>
        <button
          type="button"
          className="primary"
          onClick={() => void merge()}
          disabled={busy || readOnly || !preview || preview.nothingNew}
          data-testid="confirm-merge"
        >
          {t('share.preview.confirm')}
        </button>
      </DialogActions>
    </ModalDialog>
  );
}
