import { useTranslation } from 'react-i18next';
import type { DocumentInfo } from '../../../shared/contract';
import { formatDateTime } from '../backups/format';

/** The notice above the chain: that the document is read-only, and why. */
export function ReadOnlyNotice({ info }: { info: DocumentInfo | null }) {
  const { t, i18n } = useTranslation();
  if (!info?.readOnly) return null;
  const reason = info.readOnlyReason ?? 'file';
  const text =
    reason === 'in_use'
      ? t('readOnly.in_use', {
          host: info.lockHolder?.host ?? '?',
          since: info.lockHolder ? formatDateTime(info.lockHolder.since, i18n.language) : '?',
        })
      : t(`readOnly.${reason}`);
  return (
    <p className="banner read-only-notice" role="status" data-testid="read-only-notice">
      {text}
      {info.inMemoryCopy ? ` ${t('readOnly.inMemoryCopy')}` : null}
    </p>
  );
}
