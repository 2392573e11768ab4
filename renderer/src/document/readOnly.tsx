import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentInfo } from '../../../shared/contract';
import { useEdit } from '../api/edits';
import { formatDateTime } from '../backups/format';
import { describeError } from '../i18n';
import { useNotify } from './DocumentProvider';

/**
 * The notice above the chain: that the document is read-only, and why. When the app instance
 * that holds it may well be gone (a lock left by a crash, another computer silent for long), it
 * offers "Open anyway", with a warning of what that risks.
 */
export function ReadOnlyNotice({ info }: { info: DocumentInfo | null }) {
  const { t, i18n } = useTranslation();
  const edit = useEdit();
  const { showError, showDone } = useNotify();
  const [opening, setOpening] = useState(false);
  if (!info?.readOnly) return null;
  const reason = info.readOnlyReason ?? 'file';
  const host = info.lockHolder?.host ?? '?';
  const text =
    reason === 'in_use'
      ? t('readOnly.in_use', {
          host,
          since: info.lockHolder ? formatDateTime(info.lockHolder.since, i18n.language) : '?',
        })
      : t(`readOnly.${reason}`);
  const openAnyway = async () => {
    setOpening(true);
    const result = await edit('document.openAnyway', {});
    setOpening(false);
    if (result.ok) showDone(t('takeOver.done'));
    else showError(describeError(t, result.error));
  };
  return (
    <div className="banner read-only-notice" data-testid="read-only-notice">
      <p role="status">
        {text}
        {info.inMemoryCopy ? ` ${t('readOnly.inMemoryCopy')}` : null}
      </p>
      {info.canOpenAnyway ? (
        <p className="take-over">
          <span id="take-over-warning">{t('takeOver.warning', { host })}</span>{' '}
          <button type="button" aria-describedby="take-over-warning" disabled={opening} onClick={() => void openAnyway()}>
            {t('takeOver.button')}
          </button>
        </p>
      ) : null}
    </div>
  );
}
