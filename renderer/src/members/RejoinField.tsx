import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { FieldError } from '../forms/FieldError';
import { describeError } from '../i18n';

/**
 * "Gå med igen" and its year, with the message at the field (a year inside an earlier membership
 * is refused there): in a member's details, and in "Tidigare medlemmar". One undo step.
 */
export function RejoinField({ membershipId }: { membershipId: string }) {
  const { t } = useTranslation();
  const edit = useEdit();
  const [year, setYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rejoin = async () => {
    const parsed = parseYearInput(year);
    if (!parsed.ok) return setError(describeError(t, { message: parsed.message }));
    const result = await edit('members.rejoin', { membershipId, joinedYear: parsed.value });
    setError(result.ok ? null : describeError(t, result.error));
    if (result.ok) setYear('');
  };
  return (
    <>
      <div className="add-row rejoin">
        <label>
          {t('details.rejoinYear')}
          <input inputMode="numeric" size={6} value={year} onChange={(event) => setYear(event.target.value)} />
        </label>
        <button type="button" onClick={() => void rejoin()}>
          {t('details.rejoin')}
        </button>
      </div>
      <FieldError message={error} />
    </>
  );
}
