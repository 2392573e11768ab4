import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainSummary } from '../../../shared/contract';
import { LANGUAGES, type Language } from '../../../shared/format';
import { parseYearInput } from '../../../shared/input-parsing';
import { reportHash } from '../../../shared/report/params';
import { ChoiceField, TextField } from '../forms/fields';
import { FieldError } from '../forms/FieldError';
import { useLanguage } from '../document/DocumentProvider';
import { describeError } from '../i18n';

/**
 * "Create report…": which chain, which year (or the years from–to), which language; then the
 * report opens in the window.
 */
export function ReportDialog(props: { chains: ChainSummary[]; chainId: string; year: number; onClose(): void }) {
  const { t } = useTranslation();
  const [chainId, setChainId] = useState(props.chainId);
  const [year, setYear] = useState(String(props.year));
  // Empty: a report of the one year; a year before it: a report of the years between (two seminars).
  const [from, setFrom] = useState('');
  // The annex "Att granska" is on unless the coordinator takes it off: the report hides nothing.
  const [checks, setChecks] = useState(true);
  // The report's language starts as the app's; it may be another.
  const appLanguage = useLanguage();
  const [language, setLanguage] = useState<Language>(appLanguage);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    const parsed = parseYearInput(year);
    if (!parsed.ok) return setError(describeError(t, { message: parsed.message }));
    const first = from.trim() === '' ? null : parseYearInput(from);
    if (first && !first.ok) return setError(describeError(t, { message: first.message }));
    if (first && first.value >= parsed.value) return setError(t('report.fromAfterTo'));
    window.location.hash = reportHash({ chainId, year: parsed.value, from: first ? first.value : null, checks, language });
  };
  return (
    <form
      className="report-dialog"
      aria-label={t('report.create')}
      onSubmit={(event) => {
        event.preventDefault();
        open();
      }}
    >
      <div className="form-row">
        <ChoiceField
          label={t('toolbar.chain')}
          value={chainId}
          options={props.chains.map((chain) => chain.id)}
          labelOf={(id) => props.chains.find((chain) => chain.id === id)?.name ?? id}
          onChange={setChainId}
        />
        <TextField label={t('report.fromYear')} inputMode="numeric" size={6} value={from} onChange={setFrom} />
        <TextField label={t('history.year')} inputMode="numeric" size={6} value={year} onChange={setYear} />
        <ChoiceField<Language>
          label={t('toolbar.language')}
          value={language}
          options={LANGUAGES}
          labelOf={(code) => t(`languages.${code}`)}
          onChange={setLanguage}
        />
        <label className="report-checks">
          <input type="checkbox" checked={checks} onChange={(event) => setChecks(event.target.checked)} />
          {t('report.withChecks')}
        </label>
        <button type="submit">{t('report.open')}</button>
        <button type="button" onClick={props.onClose}>
          {t('dialogs.cancel')}
        </button>
      </div>
      <FieldError message={error} />
    </form>
  );
}
