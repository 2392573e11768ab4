import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/contract';
import { authorText, changeText } from '../../../shared/sharing/describe';
import { formatInteger } from '../../../shared/format';
import { useApiQuery } from '../api/queries';
import { useLanguage } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import { describeError } from '../i18n';

const LIMIT = 500;

/**
 * "Ändringar / What changed": the change log in words, newest first: who (the laptop's name),
 * when, what (field old → new), made here or merged; filtered by laptop and by date, with
 * "since my last merge" one click away.
 */
export function ChangesDialog({ status, onClose }: { status: SyncStatus | null; onClose(): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [device, setDevice] = useState('');
  const [since, setSince] = useState('');
  const [sinceMerge, setSinceMerge] = useState(false);
  // The day picked is a local day; the log's times are UTC.
  const startOfDay = since ? new Date(`${since}T00:00`) : null;
  const sinceTime = startOfDay && !Number.isNaN(startOfDay.getTime()) ? startOfDay.toISOString() : null;
  const answer = useApiQuery(
    'sync.changes',
    {
      ...(device ? { device } : {}),
      ...(sinceTime ? { since: sinceTime } : {}),
      ...(sinceMerge ? { sinceLastMerge: true } : {}),
      limit: LIMIT,
    },
    { keepPrevious: true },
  );
  const entries = answer.data?.ok ? answer.data.value : [];
  const laptops = status
    ? [{ device: status.device, laptop: status.laptop }, ...status.peers.filter((peer) => peer.device !== status.device)]
    : [];
  return (
    <ModalDialog labelledBy="changes-title" className="changes-dialog" onClose={onClose} dialogRef={dialog}>
      <h2 id="changes-title">{t('share.changes.title')}</h2>
      <div className="changes-filter">
        <label>
          {t('share.changes.laptop')}
          <select value={device} onChange={(event) => setDevice(event.target.value)} data-testid="changes-laptop">
            <option value="">{t('share.changes.allLaptops')}</option>
            {laptops.map((laptop) => (
              <option key={laptop.device} value={laptop.device}>
                {authorText(t, laptop)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('share.changes.since')}
          <input type="date" value={since} onChange={(event) => setSince(event.target.value)} />
        </label>
        <button
          type="button"
          onClick={() => setSinceMerge(true)}
          aria-pressed={sinceMerge}
          disabled={!status?.lastMerge}
          data-testid="since-merge"
        >
          {t('share.changes.sinceMerge')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDevice('');
            setSince('');
            setSinceMerge(false);
          }}
        >
          {t('share.changes.showAll')}
        </button>
      </div>
      {answer.data && !answer.data.ok ? <FieldError message={describeError(t, answer.data.error)} /> : null}
      {answer.data?.ok && entries.length === 0 ? <p role="status">{t('share.changes.none')}</p> : null}
      <ul className="changes-list" data-testid="changes-list">
        {entries.map((entry) => (
          <li key={`${entry.seq}/${entry.change.field}`}>
            <span>{changeText(t, language, entry.change)}</span>{' '}
            <span className={entry.merged ? 'tag merged' : 'tag own'}>
              {entry.merged ? t('share.changes.merged') : t('share.changes.own')}
            </span>
          </li>
        ))}
      </ul>
      {entries.length >= LIMIT ? <p>{t('share.changes.latest', { count: formatInteger(LIMIT, language) })}</p> : null}
      <DialogActions dialogRef={dialog} closeLabel={t('share.close')} />
    </ModalDialog>
  );
}
