import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import { formatInteger } from '../../../shared/format';
import { parseCountInput, parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { describeError } from '../i18n';
import { EditableCell } from './EditableCell';

interface CountsGridProps {
  placeId: string;
  name: string;
}

/** A member's counts year by year, edited in place; a new year is added below. Empty means not reported. */
export function CountsGrid({ placeId, name }: CountsGridProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const counts = useApiQuery('members.counts', { placeId });
  const rows = counts.data?.ok ? counts.data.value : [];
  const [newYear, setNewYear] = useState('');
  const [newCount, setNewCount] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A year that has a count already: the add row asks before it replaces it.
  const [existing, setExisting] = useState<{ year: number; count: number } | null>(null);

  const save = async (year: number, text: string): Promise<string | null> => {
    const count = parseCountInput(text);
    if (!count.ok) return describeError(t, { message: count.message });
    const result = await edit('members.setCount', { placeId, year, memberCount: count.value });
    return result.ok ? null : describeError(t, result.error);
  };

  // Added as new, the count is refused where the year has one: the user says whether to replace it.
  const add = async (replace = false) => {
    setExisting(null);
    const year = parseYearInput(newYear);
    if (!year.ok) return setError(describeError(t, { message: year.message }));
    const count = parseCountInput(newCount);
    if (!count.ok) return setError(describeError(t, { message: count.message }));
    const input = { placeId, year: year.value, memberCount: count.value };
    const result = await edit('members.setCount', replace ? input : { ...input, adding: true });
    if (!result.ok && result.error.message === 'validation.countExists') {
      setError(null);
      return setExisting({ year: year.value, count: Number(result.error.params?.count) });
    }
    setError(result.ok ? null : describeError(t, result.error));
    if (result.ok) {
      setNewYear('');
      setNewCount('');
    }
  };

  const column = t('members.columns.memberCount', { year: '' }).trim();
  return (
    <div className="counts-grid">
      <h3>{t('counts.grid')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('history.meetingYear')}</th>
            <th scope="col" className="numeric">
              {column}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.year} data-year={row.year}>
              <th scope="row">{row.year}</th>
              <td className="numeric">
                <EditableCell
                  display={
                    row.count === null ? (
                      <span className="not-reported">{t('members.notReported')}</span>
                    ) : (
                      formatInteger(row.count, language)
                    )
                  }
                  displayText={row.count === null ? t('members.notReported') : formatInteger(row.count, language)}
                  initialText={row.count === null ? '' : String(row.count)}
                  label={t('members.edit', { column: t('counts.cell', { year: row.year }), name })}
                  hint={t('members.editHint')}
                  inputMode="numeric"
                  onCommit={(text) => save(row.year, text)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly ? (
        <div className="add-row">
          <label>
            {t('history.meetingYear')}
            <input inputMode="numeric" size={6} value={newYear} onChange={(event) => setNewYear(event.target.value)} />
          </label>
          <label>
            {column}
            <input
              inputMode="numeric"
              size={8}
              value={newCount}
              onChange={(event) => setNewCount(event.target.value)}
              placeholder={t('members.notReported')}
            />
          </label>
          <button type="button" onClick={() => void add()}>
            {t('counts.add')}
          </button>
        </div>
      ) : null}
      {existing ? (
        <div className="confirm-replace" role="alert">
          <p>{t('checks.replaceCount', { year: existing.year, count: formatInteger(existing.count, language) })}</p>
          <button type="button" onClick={() => void add(true)}>
            {t('checks.replace')}
          </button>
          <button type="button" onClick={() => setExisting(null)}>
            {t('checks.keep')}
          </button>
        </div>
      ) : null}
      <FieldError message={error} />
    </div>
  );
}
