import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';
import { useLanguage } from '../document/DocumentProvider';
import { decadeColour, decadeOf, legendCounts, symbolRadius, UNKNOWN_SYMBOL_RADIUS } from '../../../shared/map/symbols';

/** Explains the symbols: sizes (member counts), the not-reported symbol, and decade colours. */
export function Legend({
  members,
  largestCount,
  hiddenLabels = 0,
  grouped = 0,
  printed = false,
}: {
  members: Member[];
  largestCount: number;
  /** Labels left out for want of room: said, so that nothing is hidden without a sign of it. */
  hiddenLabels?: number;
  /** Members drawn only as their group's symbol. */
  grouped?: number;
  /** On paper (the report): no zooming in or hovering to offer, the table instead. */
  printed?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const years = members.map((member) => member.joinedYear);
  const decades = [...new Set(years.filter((year) => year !== null).map(decadeOf))].sort((a, b) => a - b);
  const hasUnknownYear = years.includes(null);
  const sizes = legendCounts(largestCount);
  const hasUnknown = members.some((member) => member.memberCount === null);
  return (
    <section className="map-legend" aria-label={t('map.legend')} tabIndex={0} data-covers-map="">
      <h2>{t('map.legend')}</h2>
      {/* With no count reported, every symbol is the dashed "?": the group is there for it alone. */}
      {sizes.length > 0 || hasUnknown ? (
        <div className="legend-group">
          <div className="legend-title">{t('map.legendSize')}</div>
          <ul>
            {sizes.map((count) => {
              const radius = symbolRadius(count, largestCount);
              return (
                <li key={count}>
                  <svg width={radius * 2 + 2} height={radius * 2 + 2} aria-hidden="true">
                    <circle cx={radius + 1} cy={radius + 1} r={radius} className="legend-size" />
                  </svg>
                  <span>{formatInteger(count, language)}</span>
                </li>
              );
            })}
            {hasUnknown ? (
              <li>
                <svg width={UNKNOWN_SYMBOL_RADIUS * 2 + 4} height={UNKNOWN_SYMBOL_RADIUS * 2 + 4} aria-hidden="true">
                  <circle
                    cx={UNKNOWN_SYMBOL_RADIUS + 2}
                    cy={UNKNOWN_SYMBOL_RADIUS + 2}
                    r={UNKNOWN_SYMBOL_RADIUS}
                    className="legend-unknown"
                  />
                  <text
                    x={UNKNOWN_SYMBOL_RADIUS + 2}
                    y={UNKNOWN_SYMBOL_RADIUS + 2}
                    textAnchor="middle"
                    dominantBaseline="central"
                    className="unknown-mark"
                  >
                    ?
                  </text>
                </svg>
                <span>{t('members.notReported')}</span>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
      <div className="legend-group">
        <div className="legend-title">{t('map.legendDecade')}</div>
        <ul>
          {decades.map((decade) => (
            <li key={decade}>
              <span className="legend-swatch" style={{ background: decadeColour(decade) }} aria-hidden="true" />
              <span>{t('map.decade', { decade })}</span>
            </li>
          ))}
          {hasUnknownYear ? (
            <li>
              <span className="legend-swatch" style={{ background: decadeColour(null) }} aria-hidden="true" />
              <span>{t('unknownYear.legend')}</span>
            </li>
          ) : null}
        </ul>
      </div>
      <p className="legend-note">{t('map.labelKey')}</p>
      {grouped > 0 ? (
        <p className="legend-note" data-testid="members-grouped">
          {t(printed ? 'map.groupedPrinted' : 'map.grouped', { count: grouped })}
        </p>
      ) : null}
      {hiddenLabels > 0 ? (
        <p className="legend-note" data-testid="labels-hidden" role="status">
          {t(printed ? 'map.labelsHiddenPrinted' : 'map.labelsHidden', { count: hiddenLabels })}
        </p>
      ) : printed ? null : (
        // Its room kept, unseen: a legend that grew when a label was left out covered more of
        // the map, and more labels were left out at the next placement (the demo's Herning).
        <p className="legend-note legend-note-reserved" aria-hidden="true">
          {t('map.labelsHidden', { count: 1 })}
        </p>
      )}
    </section>
  );
}
