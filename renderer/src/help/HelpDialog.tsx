import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import './help.css';

/** The getting-started steps, in the order a new user meets them. */
const STEPS = ['chain', 'details', 'add', 'tabs', 'files', 'report'] as const;

/**
 * "Hjälp" (F1): a short "Kom igång" and "Om Vänortsatlas", in the window so that the browser
 * host has them too. It credits the map and the gazetteer as the desktop's About box does.
 */
export function HelpDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const info = useApiQuery('document.info', {});
  const path = info.data?.ok ? info.data.value.path : null;
  return (
    <ModalDialog labelledBy={titleId} className="help-dialog" onClose={onClose} dialogRef={dialogRef}>
      <h2 id={titleId}>{t('help.title')}</h2>
      <section aria-labelledby={`${titleId}-start`}>
        <h3 id={`${titleId}-start`}>{t('help.startTitle')}</h3>
        <ol className="help-steps">
          {STEPS.map((step) => (
            <li key={step}>{t(`help.steps.${step}`)}</li>
          ))}
        </ol>
      </section>
      <section aria-labelledby={`${titleId}-about`}>
        <h3 id={`${titleId}-about`}>{t('help.aboutTitle')}</h3>
        <p>
          {t('help.version', { version: __APP_VERSION__ })} · {t('help.purpose')}
        </p>
        <ul className="help-credits">
          <li>{t('help.mapCredit')}</li>
          <li>{t('help.gazetteerCredit')}</li>
          <li>{t('help.software')}</li>
        </ul>
        {path ? <p className="help-document">{t('help.document', { path })}</p> : null}
      </section>
      <DialogActions dialogRef={dialogRef} closeLabel={t('help.close')} />
    </ModalDialog>
  );
}
