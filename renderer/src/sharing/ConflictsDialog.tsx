import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict, SyncValue } from '../../../shared/contract';
import { fieldText, thingText, valueText } from '../../../shared/sharing/describe';
import { parseCountInput, parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useLanguage, useNotify, useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import { describeError } from '../i18n';
import { conflictTitle, conflictValueText } from './sharingText';

/** A typed value, of the kind the field holds: a year, a count, another number, or text (empty: not known). */
function typedValue(conflict: Conflict, text: string): { ok: true; value: SyncValue } | { ok: false; message: string } {
  const numeric = conflict.values.some((value) => typeof value.value === 'number');
  if (!numeric) return { ok: true, value: text.trim() === '' ? null : text.trim() };
  if (/year$/.test(conflict.field) || conflict.field === 'year') {
    const year = parseYearInput(text);
    return year.ok ? { ok: true, value: year.value } : { ok: false, message: year.message };
  }
  if (conflict.field === 'count') {
    const count = parseCountInput(text);
    return count.ok ? { ok: true, value: count.value } : { ok: false, message: count.message };
  }
  const number = Number(text.replace(/\s/g, '').replace(',', '.'));
  return text.trim() === ''
    ? { ok: true, value: null }
    : Number.isFinite(number)
      ? { ok: true, value: number }
      : { ok: false, message: 'validation.invalid' };
}

function ConflictEntry({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const { showDone } = useNotify();
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingId = `conflict-${conflict.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const decide = async (value: SyncValue) => {
    const result = await edit('sync.decide', { key: conflict.key, value });
    if (!result.ok) return setError(describeError(t, result.error));
    setError(null);
    // The entry and its button go with the conflict: the focus goes to the list's heading.
    document.getElementById('conflicts-title')?.focus();
    showDone(
      t('share.conflicts.decided', {
        thing: thingText(t, conflict.row),
        field: fieldText(t, conflict),
        value: valueText(t, language, conflict.field, value),
      }),
    );
  };

  return (
    <li className="conflict-entry" aria-labelledby={headingId} data-testid="conflict">
      <h3 id={headingId}>{conflictTitle(t, conflict)}</h3>
      <ul className="conflict-values">
        {conflict.values.map((value, index) => (
          <li key={index} className={value.shown ? 'shown' : undefined}>
            <span>
              {conflictValueText(t, language, conflict, value)}
              {value.shown ? <strong> ({t('share.conflicts.shown')})</strong> : null}
            </span>
            {readOnly ? null : (
              <button
                type="button"
                onClick={() => void decide(value.value)}
                aria-label={t('share.conflicts.keepLabel', {
                  value: valueText(t, language, conflict.field, value.value),
                  thing: conflictTitle(t, conflict),
                })}
              >
                {t('share.conflicts.keep')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly || conflict.field === '*row' ? null : (
        <form
          className="conflict-other"
          onSubmit={(event) => {
            event.preventDefault();
            const typed = typedValue(conflict, other);
            if (!typed.ok) return setError(describeError(t, { message: typed.message }));
            void decide(typed.value);
          }}
        >
          <label>
            {t('share.conflicts.other')}
            <input value={other} onChange={(event) => setOther(event.target.value)} maxLength={2000} />
          </label>
          <button type="submit">{t('share.conflicts.otherSave')}</button>
        </form>
      )}
      <FieldError message={error} />
    </li>
  );
}

/** "Konflikter (N)": each field two laptops changed apart, every value with its laptop and time. */
export function ConflictsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const answer = useApiQuery('sync.conflicts', {});
  const conflicts = answer.data?.ok ? answer.data.value : [];
  return (
    <ModalDialog labelledBy="conflicts-title" className="conflicts-dialog" onClose={onClose} dialogRef={dialog}>
      <h2 id="conflicts-title" tabIndex={-1}>
        {t('share.conflicts.title')}
      </h2>
      <p className="hint">{t('share.conflicts.intro')}</p>
      {answer.data && !answer.data.ok ? <FieldError message={describeError(t, answer.data.error)} /> : null}
      {answer.data?.ok && conflicts.length === 0 ? <p role="status">{t('share.conflicts.none')}</p> : null}
      <ul className="conflict-list">
        {conflicts.map((conflict) => (
          <ConflictEntry key={conflict.key} conflict={conflict} />
        ))}
      </ul>
      <DialogActions dialogRef={dialog} closeLabel={t('share.close')} />
    </ModalDialog>
  );
}
