import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { describeError } from '../i18n';
import { CountChart } from './CountChart';

/** Member counts over time: the whole chain, then each member (gaps where not reported). */
export function CountsPanel({ chainId }: { chainId: string }) {
  const { t } = useTranslation();
  // Another chain's charts stay until this one's come.
  const answer = useApiQuery('chains.countSeries', { chainId }, { keepPrevious: true }).data;
  if (answer && !answer.ok) return <p className="banner error">{describeError(t, answer.error)}</p>;
  if (!answer) return null;
  const series = answer.value;
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
