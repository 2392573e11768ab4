import { useTranslation } from 'react-i18next';
import type { ChainHistory } from '../../../shared/contract';

/** The meeting rotation: the meetings held, the cadence, and who is suggested to host next. */
export function MeetingsPanel({ history }: { history: ChainHistory }) {
  const { t } = useTranslation();
  const { nextHost } = history;
  return (
    <section className="meetings-panel" aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('history.meetingsTitle')}</h2>
      <p className="cadence" data-testid="cadence">
        {history.meetingCadenceYears === 2 ? t('history.cadenceEveryOther') : t('history.cadence', { count: history.meetingCadenceYears })}
      </p>
      <p className="next-host" data-testid="next-host">
        {nextHost.name && nextHost.year !== null
          ? nextHost.lastHosted !== null
            ? t('history.nextHost', { name: nextHost.name, year: nextHost.year, last: nextHost.lastHosted })
            : t('history.nextHostNever', { name: nextHost.name, year: nextHost.year })
          : t('history.noMeetings')}
      </p>
      {history.meetings.length > 0 ? (
        <table className="meetings-table">
          <thead>
            <tr>
              <th scope="col">{t('history.meetingYear')}</th>
              <th scope="col">{t('history.meetingHost')}</th>
              <th scope="col">{t('history.meetingKind')}</th>
            </tr>
          </thead>
          <tbody>
            {history.meetings.map((meeting) => (
              <tr key={meeting.id}>
                <td>{meeting.year}</td>
                <td>{meeting.hostName ?? meeting.location ?? '—'}</td>
                <td>
                  {t(`history.kinds.${meeting.kind}`)}
                  {meeting.startDate ? ` (${meeting.startDate}${meeting.endDate ? ` – ${meeting.endDate}` : ''})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
