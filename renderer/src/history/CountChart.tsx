import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../../shared/format';
import { useLanguage } from '../document/DocumentProvider';
import { reportedRuns } from '../../../shared/history/series';

interface CountChartProps {
  title: string;
  years: number[];
  values: Array<number | null>;
  /** Points where the value is known to be incomplete (a member did not report) are drawn hollow. */
  incomplete?: boolean[];
  width?: number;
  height?: number;
  colour?: string;
}

/**
 * Member counts over the years as an SVG line chart: a line through each run of reported years,
 * a gap where nothing was reported (never a drop to zero). SVG keeps it sharp in printed reports.
 */
export function CountChart({ title, years, values, incomplete, width = 460, height = 180, colour = '#1f5fa8' }: CountChartProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const margin = { top: 12, right: 16, bottom: 24, left: 48 };
  const known = values.filter((value): value is number => value !== null);
  if (years.length === 0 || known.length === 0) {
    return (
      <figure className="count-chart empty">
        <figcaption>{title}</figcaption>
        <p>{t('counts.none')}</p>
      </figure>
    );
  }
  const firstYear = years[0]!;
  const lastYear = years[years.length - 1]!;
  const maxValue = Math.max(...known, 1);
  const x = (year: number) =>
    margin.left +
    (lastYear === firstYear
      ? (width - margin.left - margin.right) / 2
      : ((year - firstYear) / (lastYear - firstYear)) * (width - margin.left - margin.right));
  const y = (value: number) => height - margin.bottom - (value / maxValue) * (height - margin.top - margin.bottom);
  // Lines join only complete points: an incomplete total would otherwise read as a decline.
  const runs = reportedRuns(values.map((value, index) => (incomplete?.[index] ? null : value)));
  const points = reportedRuns(values).flat();
  const description = years
    .map(
      (year, index) => `${year}: ${values[index] === null ? t('members.notReported') : formatInteger(values[index]!, language)}`,
    )
    .join(', ');
  return (
    <figure className="count-chart">
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${description}`}>
        <line
          x1={margin.left}
          x2={width - margin.right}
          y1={height - margin.bottom}
          y2={height - margin.bottom}
          className="axis"
        />
        <line x1={margin.left} x2={margin.left} y1={margin.top} y2={height - margin.bottom} className="axis" />
        <text x={margin.left - 6} y={y(maxValue) + 4} textAnchor="end" className="tick">
          {formatInteger(maxValue, language)}
        </text>
        <text x={margin.left - 6} y={height - margin.bottom + 4} textAnchor="end" className="tick">
          0
        </text>
        <text x={x(firstYear)} y={height - 6} textAnchor="middle" className="tick">
          {firstYear}
        </text>
        {lastYear !== firstYear ? (
          <text x={x(lastYear)} y={height - 6} textAnchor="middle" className="tick">
            {lastYear}
          </text>
        ) : null}
        {runs.map((run) => (
          <polyline
            key={run[0]!.index}
            points={run.map(({ index, value }) => `${x(years[index]!)},${y(value)}`).join(' ')}
            fill="none"
            stroke={colour}
            strokeWidth={2}
          />
        ))}
        {points.map(({ index, value }) => (
          <circle
            key={index}
            cx={x(years[index]!)}
            cy={y(value)}
            r={3.5}
            fill={incomplete?.[index] ? '#fff' : colour}
            stroke={colour}
            strokeWidth={1.5}
            data-year={years[index]}
            data-value={value}
          />
        ))}
      </svg>
    </figure>
  );
}
