import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountSeries } from '../../../shared/contract';
import { call } from '../api/client';
import { describeError } from '../i18n';
import { CountChart } from './CountChart';

/** Member counts over time: the whole chain, then each member (gaps where not reported). */
export function CountsPanel({ chainId, generation }: { chainId: string; generation: number }) {
  const { t } = useTranslation();
  const [series, setSeries] = useState<CountSeries | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void call('chains.countSeries', { chainId }).then((result) => {
      if (cancelled) return;
      if (result.ok) setSeries(result.value);
      else setProblem(describeError(t, result.error));
    });
    return () => {
      cancelled = true;
    };
  }, [chainId, generation, t]);
  if (problem) return <p className="banner error">{problem}</p>;
  if (!series) return null;
  return (
    <section className="counts-panel" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('counts.title')}</h2>
      <CountChart
        title={t('counts.chainTotal')}
        years={series.years}
        values={series.total.map((point) => point.sum)}
        incomplete={series.total.map((point) => point.notReported > 0)}
      />
      <p className="hint">{t('counts.incompleteNote')}</p>
      <div className="count-multiples">
        {series.members.map((member) => (
          <CountChart
            key={member.placeId}
            title={member.name}
            years={series.years}
            values={member.values}
            width={220}
            height={110}
            colour="#2f6aa8"
          />
        ))}
      </div>
    </section>
  );
}
