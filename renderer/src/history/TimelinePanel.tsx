import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainHistory, TimelineEntry, TimelineKind } from '../../../shared/contract';
import type { RecordKind } from '../../../shared/validation';
import { useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useLanguage, useNotify, useReadOnly } from '../document/DocumentProvider';
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
/** Records edited here; a meeting is edited in the meetings tab, a join or a departure in the member's details. */
const EDITABLE = new Set<TimelineKind>(['grant', 'event', 'activity', 'agreement']);

export function TimelinePanel({ history, members }: TimelinePanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const { showDone } = useNotify();
  const [error, setError] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const remove = async (entry: TimelineEntry) => {
    const result =
      entry.kind === 'meeting'
        ? await edit('meetings.remove', { meetingId: entry.id })
        : await edit('records.remove', { kind: entry.kind as RecordKind, id: entry.id });
    setError(result.ok ? null : describeError(t, result.error));
    // Nothing is asked first: the line says what went, with Undo (and Ctrl+Z) for a few seconds.
    if (result.ok) {
      showDone(t('records.removed', { what: describe(entry) }), { undo: true });
      list.current?.focus();
    }
  };
  const stopEditing = (entry: TimelineEntry) => {
    setEditingId(null);
    // Back to the entry's Edit button (after the form has gone).
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`li[data-id="${entry.id}"] .timeline-edit`)?.focus());
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
      <ol className="timeline" ref={list} tabIndex={-1} aria-labelledby="timeline-title">
        {shown.map((entry) => (
          <li key={entry.id} data-kind={entry.kind} data-id={entry.id}>
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
              <span className="timeline-actions">
                {EDITABLE.has(entry.kind) ? (
                  <button
                    type="button"
                    className="link-button timeline-edit"
                    onClick={() => setEditingId(entry.id)}
                    aria-expanded={editingId === entry.id}
                    aria-label={t('records.editWhat', { what: describe(entry) })}
                  >
                    {t('records.edit')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void remove(entry)}
                  aria-label={t('records.remove', { what: describe(entry) })}
                >
                  {t('records.removeShort')}
                </button>
              </span>
            ) : (
              <span />
            )}
            {editingId === entry.id && !readOnly ? (
              <RecordEditor
                entry={entry}
                what={describe(entry)}
                chainId={history.chainId}
                members={members}
                onDone={() => stopEditing(entry)}
              />
            ) : null}
          </li>
        ))}
      </ol>
      <FieldError message={error} />
      <HistoryRecordForm chainId={history.chainId} members={members} />
    </section>
  );
}

/** A timeline record's edit form, in place under its line, once records.get has given the record. */
function RecordEditor({
  entry,
  what,
  chainId,
  members,
  onDone,
}: {
  entry: TimelineEntry;
  what: string;
  chainId: string;
  members: Array<{ placeId: string; name: string }>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const got = useApiQuery('records.get', { kind: entry.kind as RecordKind, id: entry.id });
  if (!got.data) return <p className="record-form editing">{t('app.loading')}</p>;
  if (!got.data.ok) return <FieldError message={describeError(t, got.data.error)} />;
  return (
    <HistoryRecordForm chainId={chainId} members={members} editing={{ id: entry.id, what, ...got.data.value }} onDone={onDone} />
  );
}

/** An entry's date; a join of unknown year (no date) is "?", any other entry with no date "—". */
export function TimelineDate({ entry }: { entry: Pick<TimelineEntry, 'date' | 'kind'> }) {
  if (entry.date !== '') return <>{entry.date}</>;
  return entry.kind === 'joined' ? <JoinedYear year={null} /> : <>—</>;
}
