import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { collatorFor, formatAmount, formatDate, formatInteger, formatTotal } from '../../../shared/format';
import { reportPageCss, type ReportParams } from '../../../shared/report/params';
import { entriesDuring, grantTotals, periodLabel, reportPeriod } from '../../../shared/report/period';
import { sourcesOf } from '../../../shared/report/sources';
import type { TimelineEntry } from '../../../shared/contract';
import type { ApiError } from '../../../shared/result';
import { call } from '../api/client';
import { useApiQuery } from '../api/queries';
import { DocumentProblem } from '../document/DocumentProblem';
import { useLanguage } from '../document/DocumentProvider';
import { CountChart } from '../history/CountChart';
import { cadenceText, describeTimelineEntry, nextHostText } from '../history/historyText';
import { TimelineDate } from '../history/TimelinePanel';
import { MapView, SHOW_ONLY } from '../map/MapView';
import { useBasemap } from '../map/basemap';
import { areaName } from '../members/areaName';
import { JoinedYear } from '../members/JoinedYear';
import { useWarningText } from '../members/FactWarnings';
import { DEFAULT_MEMBER_ORDER, sortMembers } from '../members/sortMembers';

const READY_STABLE_FRAMES = 3;
const READY_MAX_MS = 5_000;

/**
 * The printable chain report of one year, or of the years from–year: title page, map with legend,
 * members and total at the end of the year, counts over time, what happened during the period,
 * the history up to its end, meetings and the next host as suggested then, grants with totals per
 * currency, agreements, activities, the sources of what is shown. A4 when printed.
 */
export function ReportView({ params }: { params: ReportParams }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const info = useApiQuery('document.info', {}).data;
  const chains = useApiQuery('chains.list', {}).data;
  const basemap = useBasemap().data;
  const chainId = params.chainId ?? (chains?.ok ? chains.value[0]?.id : undefined);
  const chain = { chainId: chainId ?? '' };
  const enabled = chainId !== undefined;
  const membersAnswer = useApiQuery('members.list', params.year === null ? chain : { ...chain, year: params.year }, {
    enabled,
  }).data;
  // Nothing dated after the year asked: the history as it stood at the end of that year.
  const historyAnswer = useApiQuery('chains.history', params.year === null ? chain : { ...chain, untilYear: params.year }, {
    enabled,
  }).data;
  const seriesAnswer = useApiQuery('chains.countSeries', chain, { enabled }).data;
  // The annex "Att granska", when asked for: the report is ready only once it is there.
  const checksAnswer = useApiQuery('checks.list', chain, { enabled: enabled && params.checks }).data;
  const warningText = useWarningText();

  // The first refusal, in the order the report needs its parts; a document without chains has no report.
  const problem = useMemo((): ApiError | null => {
    for (const result of [info, chains, basemap]) if (result && !result.ok) return result.error;
    if (chains?.ok && !chainId) return { code: 'not_found', message: 'errors.not_found' };
    for (const result of [membersAnswer, historyAnswer, seriesAnswer, checksAnswer])
      if (result && !result.ok) return result.error;
    return null;
  }, [info, chains, basemap, chainId, membersAnswer, historyAnswer, seriesAnswer, checksAnswer]);
  const data = useMemo(
    () =>
      info?.ok &&
      basemap?.ok &&
      membersAnswer?.ok &&
      historyAnswer?.ok &&
      seriesAnswer?.ok &&
      (!params.checks || checksAnswer?.ok)
        ? {
            info: info.value,
            members: membersAnswer.value,
            history: historyAnswer.value,
            series: seriesAnswer.value,
            basemap: basemap.value,
            warnings: checksAnswer?.ok ? checksAnswer.value : [],
          }
        : null,
    [info, basemap, membersAnswer, historyAnswer, seriesAnswer, checksAnswer, params.checks],
  );

  // Printing waits for this mark: the data and the map are drawn, that is every member's symbol
  // is on the map and the labels have stopped moving (the map fits the chain, then places them)
  // for a few frames. Watched frame by frame rather than a fixed wait; never longer than READY_MAX_MS.
  useEffect(() => {
    if (!data) return;
    const expected = data.members.members.filter((member) => member.latitude !== null && member.longitude !== null).length;
    const started = performance.now();
    let previous = '';
    let stableFrames = 0;
    let frame = requestAnimationFrame(function watch() {
      // The map's figure says how many members it drew and counts its drawings (MapView).
      const figure = document.querySelector('.report-map figure.map-figure');
      const symbols = Number(figure?.getAttribute('data-drawn-count') ?? -1);
      const layout = figure?.getAttribute('data-layout-version') ?? '';
      // Not while a zoom animates (the canvas is only scaled then, and drawn again at its end).
      const resting = figure !== null && figure.querySelector('.leaflet-zoom-anim') === null;
      stableFrames = symbols === expected && resting && layout === previous ? stableFrames + 1 : 0;
      previous = layout;
      if (stableFrames >= READY_STABLE_FRAMES || performance.now() - started > READY_MAX_MS)
        document.body.dataset.reportReady = 'true';
      else frame = requestAnimationFrame(watch);
    });
    return () => cancelAnimationFrame(frame);
  }, [data]);

  // The entries the report shows: the history's dated lines, meetings and agreements up to the end
  // of the period, and its grants and activities during the period. Their sources, and no others.
  const shown = useMemo(() => {
    if (!data) return { during: [], grants: [], activities: [], sources: [] };
    const during = entriesDuring(data.history.timeline, reportPeriod(data.members.year, params.from));
    const always = data.history.timeline.filter((entry) =>
      ['joined', 'left', 'event', 'meeting', 'agreement'].includes(entry.kind),
    );
    const grants = during.filter((entry) => entry.kind === 'grant');
    const activities = during.filter((entry) => entry.kind === 'activity');
    return { during, grants, activities, sources: sourcesOf(data.members.members, [...always, ...grants, ...activities]) };
  }, [data, params.from]);

  useEffect(() => {
    if (data)
      document.title = `${data.members.chain.name} ${periodLabel(reportPeriod(data.members.year, params.from))} — ${t('app.name')}`;
  }, [data, params.from, t]);

  // The footer of every printed page, in every print path (shared/report/params): a constructed
  // style sheet, since the content security policy refuses inline styles.
  const fileName = data?.info.fileName;
  useEffect(() => {
    if (fileName === undefined) return;
    const sheet = new CSSStyleSheet();
    const today = formatDate(new Date(), language, { dateStyle: 'long' });
    sheet.replaceSync(reportPageCss(fileName, today, t('report.page'), t('report.of')));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }, [fileName, language, t]);

  if (problem) return <DocumentProblem problem={problem} />;
  if (!data) return <p className="loading">{t('app.loading')}</p>;

  const { members, history } = data;
  const { from, to } = reportPeriod(members.year, params.from);
  const ranged = from !== to;
  // The counts up to the end of the period, as the rest of the report.
  const shownYears = data.series.years.filter((year) => year <= to).length;
  const series = { years: data.series.years.slice(0, shownYears), total: data.series.total.slice(0, shownYears) };
  const total = formatTotal(members.total, language, (count) => t('members.totalNotReported', { count }));
  const entries = (kind: string) => history.timeline.filter((entry) => entry.kind === kind);
  const totals = grantTotals(shown.grants);
  const grantsByCurrency = [...new Set(shown.grants.map((entry) => entry.currency ?? ''))].sort();
  const today = formatDate(new Date(), language, { dateStyle: 'long' });
  const entryLine = (entry: TimelineEntry) => (
    <>
      {describeTimelineEntry(t, entry, language)}
      {entry.reference ? ` (${t('timeline.reference', { reference: entry.reference })})` : ''}
      {entry.detail ? <span className="report-detail"> — {entry.detail}</span> : null}
    </>
  );

  const datedList = (list: TimelineEntry[]) => (
    <ul className="report-list">
      {list.map((entry) => (
        <li key={entry.id}>
          <span className="report-date">
            <TimelineDate entry={entry} />
          </span>{' '}
          {entryLine(entry)}
        </li>
      ))}
    </ul>
  );

  const savePdf = async () => {
    const title = `${members.chain.name} ${periodLabel({ from, to })}`;
    const result = await call('file.saveReportPdf', { title, language });
    // In a plain browser the browser's own print dialog saves the PDF.
    if (!result.ok && result.error.code === 'unsupported') window.print();
  };

  return (
    <article className="report">
      <div className="report-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
        <button type="button" onClick={() => (window.location.hash = '')}>
          {t('report.back')}
        </button>
        <button type="button" onClick={() => void savePdf()}>
          {t('report.save')}
        </button>
      </div>
      <section className="report-title-page">
        <p className="report-kicker">{t('report.kicker')}</p>
        <h1>{members.chain.name}</h1>
        <p className="report-subtitle">{ranged ? t('report.subtitleRange', { from, to }) : t('report.subtitle', { year: to })}</p>
        <p>{t('report.summary', { count: members.members.length, total })}</p>
        <p className="report-meta">
          {t('report.document', { file: data.info.fileName })}
          <br />
          {t('report.date', { date: today })}
        </p>
      </section>

      <section className="report-section report-map">
        <h2>{t('report.map', { year: members.year })}</h2>
        <MapView data={members} basemap={data.basemap} selectedId={null} {...SHOW_ONLY} printed />
      </section>

      <section className="report-section">
        <h2>{t('report.members', { year: members.year })}</h2>
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t('members.columns.name')}</th>
              <th scope="col">{t('members.columns.area')}</th>
              <th scope="col" className="numeric">
                {t('members.columns.joinedYear')}
              </th>
              <th scope="col" className="numeric">
                {t('members.columns.memberCount', { year: members.year })}
              </th>
            </tr>
          </thead>
          <tbody>
            {sortMembers(members.members, DEFAULT_MEMBER_ORDER, collatorFor(language), (code) => areaName(code, t, language)).map(
              (member) => (
                <tr key={member.membershipId}>
                  <td>{member.name}</td>
                  <td>{areaName(member.areaCode, t, language)}</td>
                  <td className="numeric">
                    <JoinedYear year={member.joinedYear} />
                  </td>
                  <td className="numeric">
                    {member.memberCount === null ? t('members.notReported') : formatInteger(member.memberCount, language)}
                    {member.memberCount !== null && member.countYear !== members.year
                      ? ` (${t('members.asOf', { year: member.countYear })})`
                      : ''}
                  </td>
                </tr>
              ),
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t('members.total')}
              </th>
              <td className="numeric">{total}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section className="report-section">
        <h2>{t('counts.title')}</h2>
        <CountChart
          title={t('counts.chainTotal')}
          years={series.years}
          values={series.total.map((point) => point.sum)}
          incomplete={series.total.map((point) => point.notReported > 0)}
          width={620}
          height={200}
        />
        <p className="hint">{t('counts.incompleteNote')}</p>
      </section>

      <section className="report-section report-during">
        <h2>{ranged ? t('report.duringYears', { from, to }) : t('report.duringYear', { year: to })}</h2>
        {shown.during.length === 0 ? <p>{t('report.nothingDuring')}</p> : null}
        {datedList(shown.during)}
      </section>

      <section className="report-section">
        <h2>{t('report.history')}</h2>
        {datedList(history.timeline.filter((entry) => ['joined', 'left', 'event'].includes(entry.kind)))}
      </section>

      <section className="report-section">
        <h2>{t('history.meetingsTitle')}</h2>
        <p>{cadenceText(t, history.meetingCadenceYears)}</p>
        <ul className="report-list">
          {history.meetings.map((meeting) => (
            <li key={meeting.id}>
              <span className="report-date">{meeting.year}</span> {t(`history.kinds.${meeting.kind}`)}:{' '}
              {meeting.hostName ?? meeting.location ?? '—'}
              {meeting.startDate ? ` (${meeting.startDate}${meeting.endDate ? ` – ${meeting.endDate}` : ''})` : ''}
            </li>
          ))}
        </ul>
        <p>
          <strong>{nextHostText(t, history.nextHost)}</strong>
        </p>
      </section>

      <section className="report-section">
        <h2>{t('report.grants')}</h2>
        {grantsByCurrency.length === 0 ? <p>{t('report.none')}</p> : null}
        {grantsByCurrency.map((currency) => {
          const total = totals.find((line) => line.currency === currency);
          return (
            <div key={currency}>
              <h3>{currency}</h3>
              <ul className="report-list">
                {shown.grants
                  .filter((entry) => (entry.currency ?? '') === currency)
                  .map((entry) => (
                    <li key={entry.id}>
                      <span className="report-date">{entry.year}</span> {entryLine(entry)}
                    </li>
                  ))}
              </ul>
              {total ? (
                <p className="report-total">
                  {total.counted > 0 ? t('report.grantsTotal', { currency, sum: formatAmount(total.sum, language) }) : null}
                  {total.counted > 0 && total.unknown > 0 ? '; ' : null}
                  {total.unknown > 0 ? t('report.grantsUnknown', { count: total.unknown }) : null}
                </p>
              ) : null}
            </div>
          );
        })}
        {shown.grants.some((entry) => entry.status === 'proposed') ? <p className="hint">{t('report.grantsProposed')}</p> : null}
      </section>

      <section className="report-section">
        <h2>{t('report.agreements')}</h2>
        {entries('agreement').length === 0 ? <p>{t('report.none')}</p> : null}
        <ul className="report-list">
          {entries('agreement').map((entry) => (
            <li key={entry.id}>
              {describeTimelineEntry(t, entry, language)}
              {entry.detail ? <span className="report-detail"> — {entry.detail}</span> : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="report-section">
        <h2>{t('report.activities')}</h2>
        {shown.activities.length === 0 ? <p>{t('report.none')}</p> : null}
        <ul className="report-list">
          {shown.activities.map((entry) => (
            <li key={entry.id}>
              <span className="report-date">{entry.year}</span> {entryLine(entry)}
            </li>
          ))}
        </ul>
      </section>

      {params.checks ? (
        <section className="report-section report-checks-annex">
          <h2>{t('report.checksAnnex')}</h2>
          {data.warnings.length === 0 ? <p>{t('checks.none')}</p> : null}
          <ul className="report-list">
            {data.warnings.map((warning) => (
              <li key={`${warning.membershipId}:${warning.kind}`}>{warningText(warning)}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="report-section">
        <h2>{t('report.sources')}</h2>
        <ul className="report-list">
          {shown.sources.map((source) => (
            <li key={source}>{source}</li>
          ))}
        </ul>
      </section>
    </article>
  );
}
