import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { TextField } from '../forms/fields';
import { describeError } from '../i18n';

interface JoinedYearSourcesProps {
  membershipId: string;
  name: string;
}

/** What each source says about the year a member joined; one is shown, any other can be chosen. */
export function JoinedYearSources({ membershipId, name }: JoinedYearSourcesProps) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const alternatives = useApiQuery('facts.alternatives', { table: 'membership', rowId: membershipId, field: 'joined_year' });
  const items = alternatives.data?.ok ? alternatives.data.value : [];
  const [year, setYear] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);

  const show = async (alternativeId: string) => {
    const result = await edit('facts.show', { alternativeId });
    setError(result.ok ? null : describeError(t, result.error));
  };
  const add = async () => {
    const parsed = parseYearInput(year);
    if (!parsed.ok) return setError(describeError(t, { message: parsed.message }));
    const result = await edit('facts.add', {
      table: 'membership',
      rowId: membershipId,
      field: 'joined_year',
      value: parsed.value,
      source,
      note: null,
      show: false,
    });
    if (!result.ok) return setError(describeError(t, result.error));
    setError(null);
    setYear('');
    setSource('');
  };

  return (
    <div className="fact-sources" aria-label={t('sources.title', { name })} role="group">
      <h3>{t('sources.title', { name })}</h3>
      {items.length === 0 ? <p className="hint">{t('sources.none')}</p> : null}
      <ul>
        {items.map((item) => (
          <li key={item.id} data-shown={item.shown}>
            <strong>{item.value}</strong> — {item.source}
            {item.shown ? (
              <span className="shown-mark"> ({t('sources.shown')})</span>
            ) : !readOnly ? (
              <button type="button" className="link-button" onClick={() => void show(item.id)}>
                {t('sources.show', { value: item.value })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {!readOnly ? (
        <div className="form-row">
          <TextField label={t('sources.year')} inputMode="numeric" size={6} value={year} onChange={setYear} />
          <TextField label={t('sources.source')} value={source} onChange={setSource} />
          <button type="button" onClick={() => void add()}>
            {t('sources.add')}
          </button>
        </div>
      ) : null}
      <FieldError message={error} />
    </div>
  );
}
