import { useTranslation } from 'react-i18next';
import { joinedYearText } from '../../../shared/years';

/**
 * A year joined as the window and the report show it: the year, or "?" where it is not known,
 * named "Året okänt" for screen readers (a lone question mark is read as nothing or as "question").
 */
export function JoinedYear({ year }: { year: number | null }) {
  const { t } = useTranslation();
  if (year !== null) return <>{year}</>;
  const label = t('unknownYear.label');
  return (
    <span className="unknown-year" role="img" aria-label={label} title={label}>
      {joinedYearText(year)}
    </span>
  );
}
