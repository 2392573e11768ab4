import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainHistory, TimelineEntry, TimelineKind } from '../../../shared/contract';
import { useEdit } from '../api/edits';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { describeError } from '../i18n';
import { JoinedYear } from '../members/JoinedYear';
import { HistoryRecordForm } from './HistoryRecordForm';
import { describeTimelineEntry } from './historyText';

const KINDS: TimelineKind[] = ['joined', 'left', 'meeting', 'event', 'activity', 'grant', 'agreement'];

/** Joins, departures, meetings, decisions, activities, grants and agreements in date order, filterable by kind. */
interface TimelinePanelProps {
  history: ChainHistory;
  members: Array<{ placeId: string; name: string }>;
}

const REMOVABLE = new Set<TimelineKind>(['grant', 'event', 'activity', 'agreement', 'meeting']);

export function TimelinePanel({ history, members }: TimelinePanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const [error, setError] = useState<string | null>(null);
  const remove = async (entry: TimelineEntry) => {
    const result =
      entry.kind === 'meeting'
        ? await edit('meetings.remove', { meetingId: entry.id })
        : await edit('records.remove', { kind: entry.kind as 'grant' | 'event' | 'activity' | 'agreement', id: entry.id });
    setError(result.ok ? null : describeError(t, result.error));
  };
  const [hidden, setHidden] = useState<Set<TimelineKind>>(new Set());
  const toggle = (kind: TimelineKind) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  const describe = (entry: TimelineEntry) => describeTimelineEntry(t, entry, language);

  const shown = history.timeline.filter((entry) => !hidden.has(entry.kind));
  return (
    <section className="timeline-panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <fieldset className="timeline-filter">
        <legend>{t('timeline.show')}</legend>
        {KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={!hidden.has(kind)} onChange={() => toggle(kind)} />
            {t(`timeline.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      <ol className="timeline">
        {shown.map((entry) => (
          <li key={entry.id} data-kind={entry.kind}>
            <span className="timeline-date">
              <TimelineDate entry={entry} />
            </span>
            <span className={`timeline-kind kind-${entry.kind}`}>{t(`timeline.kinds.${entry.kind}`)}</span>
            <span className="timeline-text">
              {describe(entry)}
              {entry.reference ? (
                <span className="timeline-reference"> · {t('timeline.reference', { reference: entry.reference })}</span>
              ) : null}
              {entry.detail ? <span className="timeline-detail">{entry.detail}</span> : null}
              {entry.source ? <span className="timeline-source">{t('timeline.source', { source: entry.source })}</span> : null}
            </span>
            {!readOnly && REMOVABLE.has(entry.kind) ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void remove(entry)}
                aria-label={t('records.remove', { what: describe(entry) })}
              >
                {t('records.removeShort')}
              </button>
            ) : (
              <span />
            )}
          </li>
        ))}
      </ol>
      <FieldError message={error} />
      <HistoryRecordForm chainId={history.chainId} members={members} />
    </section>
  );
}

/** An entry's date; a join of unknown year (no date) is "?", any other entry with no date "—". */
export function TimelineDate({ entry }: { entry: Pick<TimelineEntry, 'date' | 'kind'> }) {
  if (entry.date !== '') return <>{entry.date}</>;
  return entry.kind === 'joined' ? <JoinedYear year={null} /> : <>—</>;
}
