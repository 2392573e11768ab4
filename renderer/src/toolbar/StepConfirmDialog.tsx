import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import { translateKey } from '../i18n';

export interface StepQuestion {
  /** Undoing a merge, or writing back over a colleague's newer value ('table.field' names). */
  kind: 'merge' | 'superseded';
  fields: string[];
  /** The step asked about; the yes names it. */
  step: string;
}

/** Asks before an undo that the change log says needs the user's yes (see StepAnswer's needsConfirm). */
export function StepConfirmDialog({
  question,
  onConfirm,
  onClose,
}: {
  question: StepQuestion;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const fields = question.fields
    .map((name) => translateKey(t, `sharing.fields.${name.split('.').pop() ?? name}`, {}, 'sharing.fields.other'))
    .join(', ');
  return (
    <ModalDialog labelledBy="step-confirm-title" className="step-confirm-dialog" onClose={onClose} dialogRef={dialog}>
      <h2 id="step-confirm-title">{t('share.undo.title')}</h2>
      <p data-testid="step-question">
        {question.kind === 'merge' ? t('share.undo.merge') : t('share.undo.superseded', { fields })}
      </p>
      <DialogActions dialogRef={dialog} closeLabel={t('dialogs.cancel')}>
        <button
          type="button"
          className="primary"
          onClick={() => {
            onConfirm();
            dialog.current?.close();
          }}
        >
          {t('share.undo.anyway')}
        </button>
      </DialogActions>
    </ModalDialog>
  );
}
