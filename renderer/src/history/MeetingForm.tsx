import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import type { MeetingKind } from '../../../shared/contract';
import { parseYearInput } from '../../../shared/input-parsing';
import { call } from '../api/client';
import { describeError } from '../i18n';

interface MeetingFormProps {
  chainId: string;
  /** The members that can be chosen as host. */
  hosts: Array<{ placeId: string; name: string }>;
  suggestedYear: number | null;
  suggestedHostId: string | null;
  disabled: boolean;
  onSaved(): void;
}

const KINDS: MeetingKind[] = ['annual_meeting', 'board_seminar', 'other'];

/** Records a meeting. Year and host start at the rotation's suggestion; the user may choose otherwise. */
export function MeetingForm({ chainId, hosts, suggestedYear, suggestedHostId, disabled, onSaved }: MeetingFormProps) {
  const { t } = useTranslation();
  const [year, setYear] = useState(suggestedYear ? String(suggestedYear) : '');
  const [hostId, setHostId] = useState(suggestedHostId ?? '');
  const [kind, setKind] = useState<MeetingKind>('annual_meeting');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [location, setLocation] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setYear(suggestedYear ? String(suggestedYear) : '');
    setHostId(suggestedHostId ?? '');
  }, [suggestedYear, suggestedHostId]);

  const save = async () => {
    const parsedYear = parseYearInput(year);
    if (!parsedYear.ok) return setError(describeError(t, { message: parsedYear.message }));
    const result = await call('meetings.add', {
      chainId,
      meeting: {
        year: parsedYear.value,
        hostPlaceId: hostId || null,
        kind,
        startDate: startDate.trim() || null,
        endDate: endDate.trim() || null,
        location: location.trim() || null,
        note: null,
      },
    });
    if (!result.ok) return setError(describeError(t, result.error));
    setError(null);
    setStartDate('');
    setEndDate('');
    setLocation('');
    onSaved();
  };

  return (
    <form
      className="meeting-form"
      aria-label={t('history.addMeeting')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>{t('history.addMeeting')}</h3>
      <div className="form-row">
        <label>
          {t('history.meetingYear')}
          <input inputMode="numeric" size={6} value={year} onChange={(event) => setYear(event.target.value)} disabled={disabled} />
        </label>
        <label>
          {t('history.meetingHost')}
          <select value={hostId} onChange={(event) => setHostId(event.target.value)} disabled={disabled}>
            <option value="">—</option>
            {hosts.map((host) => (
              <option key={host.placeId} value={host.placeId}>
                {host.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('history.meetingKind')}
          <select value={kind} onChange={(event) => setKind(event.target.value as MeetingKind)} disabled={disabled}>
            {KINDS.map((item) => (
              <option key={item} value={item}>
                {t(`history.kinds.${item}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          {t('history.startDate')}
          <input placeholder="ÅÅÅÅ-MM-DD" size={11} value={startDate} onChange={(event) => setStartDate(event.target.value)} disabled={disabled} />
        </label>
        <label>
          {t('history.endDate')}
          <input placeholder="ÅÅÅÅ-MM-DD" size={11} value={endDate} onChange={(event) => setEndDate(event.target.value)} disabled={disabled} />
        </label>
        <label>
          {t('history.location')}
          <input value={location} onChange={(event) => setLocation(event.target.value)} disabled={disabled} />
        </label>
        <button type="submit" disabled={disabled}>
          {t('history.saveMeeting')}
        </button>
      </div>
      <FieldError message={error} />
    </form>
  );
}
