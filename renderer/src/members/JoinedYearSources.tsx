import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FactAlternative } from '../../../shared/contract';
import { parseYearInput } from '../../../shared/input-parsing';
import { call } from '../api/client';
import { FieldError } from '../forms/FieldError';
import { TextField } from '../forms/fields';
import { describeError } from '../i18n';

interface JoinedYearSourcesProps {
  membershipId: string;
  name: string;
  readOnly: boolean;
  generation: number;
  onEdited(): void;
}

/** What each source says about the year a member joined; one is shown, any other can be chosen. */
export function JoinedYearSources({ membershipId, name, readOnly, generation, onEdited }: JoinedYearSourcesProps) {
  const { t } = useTranslation();
  const [items, setItems] = useState<FactAlternative[]>([]);
  const [year, setYear] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void call('facts.alternatives', { table: 'membership', rowId: membershipId, field: 'joined_year' }).then((result) => {
      if (!cancelled && result.ok) setItems(result.value);
    });
    return () => {
      cancelled = true;
    };
  }, [membershipId, generation]);

  const show = async (alternativeId: string) => {
    const result = await call('facts.show', { alternativeId });
    setError(result.ok ? null : describeError(t, result.error));
    onEdited();
  };
  const add = async () => {
    const parsed = parseYearInput(year);
    if (!parsed.ok) return setError(describeError(t, { message: parsed.message }));
    const result = await call('facts.add', {
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
    onEdited();
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
