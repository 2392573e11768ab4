import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import { ChoiceField, TextField } from '../forms/fields';
import type { MeetingKind } from '../../../shared/contract';
import { parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { describeError } from '../i18n';
import { useReadOnly } from '../document/DocumentProvider';

interface MeetingFormProps {
  chainId: string;
  /** The members that can be chosen as host. */
  hosts: Array<{ placeId: string; name: string }>;
  suggestedYear: number | null;
  suggestedHostId: string | null;
}

const KINDS: MeetingKind[] = ['annual_meeting', 'board_seminar', 'other'];

/** Records a meeting. Year and host start at the rotation's suggestion; the user may choose otherwise. */
export function MeetingForm({ chainId, hosts, suggestedYear, suggestedHostId }: MeetingFormProps) {
  const { t } = useTranslation();
  const edit = useEdit();
  const [year, setYear] = useState(suggestedYear ? String(suggestedYear) : '');
  const [hostId, setHostId] = useState(suggestedHostId ?? '');
  const [kind, setKind] = useState<MeetingKind>('annual_meeting');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [location, setLocation] = useState('');
  const [error, setError] = useState<string | null>(null);

  // A new suggestion (a meeting recorded, the cadence or the rotation changed) replaces year and
  // host; what else was typed stays.
  const [suggested, setSuggested] = useState({ year: suggestedYear, hostId: suggestedHostId });
  if (suggested.year !== suggestedYear || suggested.hostId !== suggestedHostId) {
    setSuggested({ year: suggestedYear, hostId: suggestedHostId });
    setYear(suggestedYear ? String(suggestedYear) : '');
    setHostId(suggestedHostId ?? '');
  }

  const save = async () => {
    const parsedYear = parseYearInput(year);
    if (!parsedYear.ok) return setError(describeError(t, { message: parsedYear.message }));
    const result = await edit('meetings.add', {
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
  };

  // A read-only document shows no form to add with.
  const readOnly = useReadOnly();
  if (readOnly) return null;
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
        <TextField label={t('history.meetingYear')} inputMode="numeric" size={6} value={year} onChange={setYear} />
        <ChoiceField
          label={t('history.meetingHost')}
          value={hostId}
          options={['', ...hosts.map((host) => host.placeId)]}
          labelOf={(placeId) => hosts.find((host) => host.placeId === placeId)?.name ?? '—'}
          onChange={setHostId}
        />
        <ChoiceField<MeetingKind>
          label={t('history.meetingKind')}
          value={kind}
          options={KINDS}
          labelOf={(item) => t(`history.kinds.${item}`)}
          onChange={setKind}
        />
      </div>
      <div className="form-row">
        <TextField
          label={t('history.startDate')}
          placeholder={t('history.datePlaceholder')}
          size={11}
          value={startDate}
          onChange={setStartDate}
        />
        <TextField
          label={t('history.endDate')}
          placeholder={t('history.datePlaceholder')}
          size={11}
          value={endDate}
          onChange={setEndDate}
        />
        <TextField label={t('history.location')} value={location} onChange={setLocation} />
        <button type="submit">{t('history.saveMeeting')}</button>
      </div>
      <FieldError message={error} />
    </form>
  );
}
