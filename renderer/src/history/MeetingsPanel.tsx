import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import type { ChainHistory } from '../../../shared/contract';
import { useEdit } from '../api/edits';
import { useNotify, useReadOnly } from '../document/DocumentProvider';
import { useSettledChoice } from '../forms/useSettledChoice';
import { describeError, translateKey } from '../i18n';
import { MeetingForm } from './MeetingForm';
import { cadenceText, nextHostText } from './historyText';
import { ChoiceField } from '../forms/fields';
import { useState } from 'react';

/** The meeting rotation: the meetings held, the cadence, and who is suggested to host next. */
interface MeetingsPanelProps {
  history: ChainHistory;
  hosts: Array<{ placeId: string; name: string }>;
}

export function MeetingsPanel({ history, hosts }: MeetingsPanelProps) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const [error, setError] = useState<string | null>(null);
  const cadence = useSettledChoice(String(history.meetingCadenceYears), async (years) => {
    const result = await edit('chains.setCadence', { chainId: history.chainId, meetingCadenceYears: Number(years) });
    setError(result.ok ? null : describeError(t, result.error));
    return result.ok;
  });
  const { showDone } = useNotify();
  const remove = async (meetingId: string, year: number) => {
    const result = await edit('meetings.remove', { meetingId });
    setError(result.ok ? null : describeError(t, result.error));
    // Nothing is asked first: the line says what went, with Undo (and Ctrl+Z) for a few seconds.
    if (result.ok) showDone(t('history.meetingRemoved', { year }), { undo: true });
  };
  const { nextHost } = history;
  return (
    <section className="meetings-panel" aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('history.meetingsTitle')}</h2>
      <p className="cadence" data-testid="cadence">
        {cadenceText(t, history.meetingCadenceYears)}
      </p>
      <div className="form-row">
        <ChoiceField
          label={t('history.cadenceField')}
          value={cadence.value}
          options={['1', '2', '3', '4']}
          labelOf={(years) => translateKey(t, `history.every.${years}`)}
          onChange={cadence.choose}
          onBlur={cadence.flush}
          disabled={readOnly}
        />
      </div>
      <p className="next-host" data-testid="next-host">
        {nextHostText(t, nextHost)}
      </p>
      {history.meetings.length > 0 ? (
        <div className="meetings-table-scroll">
          <table className="meetings-table">
            <thead>
              <tr>
                <th scope="col">{t('history.meetingYear')}</th>
                <th scope="col">{t('history.meetingHost')}</th>
                <th scope="col">{t('history.meetingKind')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('history.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.meetings.map((meeting) => (
                <tr key={meeting.id}>
                  <td>{meeting.year}</td>
                  <td>{meeting.hostName ?? meeting.location ?? '—'}</td>
                  <td>
                    {t(`history.kinds.${meeting.kind}`)}
                    {meeting.startDate ? (
                      <>
                        {' '}
                        <span className="dates">
                          ({meeting.startDate}
                          {meeting.endDate ? ` – ${meeting.endDate}` : ''})
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {!readOnly ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void remove(meeting.id, meeting.year)}
                        aria-label={t('history.removeMeeting', { year: meeting.year })}
                      >
                        {t('records.removeShort')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <FieldError message={error} />
      <MeetingForm
        chainId={history.chainId}
        hosts={hosts}
        suggestedYear={history.nextHost.year}
        suggestedHostId={history.nextHost.placeId}
      />
    </section>
  );
}
