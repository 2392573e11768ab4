import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Basemap, ChainHistory, ChainMembers, CountSeries } from '../../../shared/contract';
import { formatInteger, type Language } from '../../../shared/format';
import { chainStory, type StoryChapter } from '../../../shared/history/story';
import { sourcesOf } from '../../../shared/report/sources';
import { call } from '../api/client';
import { apiQuery, useApiQuery } from '../api/queries';
import { useLanguage } from '../document/DocumentProvider';
import { CountChart } from '../history/CountChart';
import { nextHostText } from '../history/historyText';
import { useBasemap } from '../map/basemap';
import { MapView, SHOW_ONLY } from '../map/MapView';
import './presentation.css';

/**
 * The seminar's presentation: the whole screen, large type, and a sequence of steps moved with
 * the arrow keys, Space or a clicker (Page Up / Page Down): a title, the chain's history year by
 * year on the map with a caption for each year something happened, the meeting rotation with the
 * suggested next host, the member counts, and the sources. It only reads: nothing can be edited
 * here, so a read-only document presents as any other. Escape (or leaving full screen) ends it,
 * and the window underneath is as it was.
 */

type Step =
  | { kind: 'title' }
  | { kind: 'history'; chapter: StoryChapter }
  | { kind: 'meetings' }
  | { kind: 'counts' }
  | { kind: 'sources' };

/** A year without events passes this fast on the way to the next caption. */
const YEAR_STEP_MS = 90;
/** How long auto-play stays on a step once it is shown. */
const DWELL_MS = { title: 4_000, history: 3_500, other: 6_000 };
/** Past this many years, the story jumps from caption to caption instead of passing every year. */
const MAX_YEARS_PASSED = 300;

/** The map's labels grow with the screen as the rest of the type does: twice their size at 1080 px high. */
function useLabelScale(): number {
  const scale = () => Math.round(Math.max(1, Math.min(2.5, window.innerHeight / 540)) * 4) / 4;
  const [value, setValue] = useState(scale);
  useEffect(() => {
    const onResize = () => setValue(scale());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return value;
}

/** "Kangasala och 15 landkommuner går med: nu är alla fem nordiska länder med igen", one line per kind. */
export function chapterText(t: TFunction, chapter: StoryChapter, language: Language): string[] {
  const list = (names: string[]) => new Intl.ListFormat(language, { type: 'conjunction' }).format(names);
  const lines: string[] = [];
  if (chapter.joined.length > 0) {
    const joined = t('presentation.joined', { count: chapter.joined.length, names: list(chapter.joined) });
    const all =
      chapter.allNordicNow === 'first'
        ? t('presentation.allNordicFirst')
        : chapter.allNordicNow === 'again'
          ? t('presentation.allNordicAgain')
          : null;
    lines.push(all ? `${joined}: ${all}` : joined);
  }
  if (chapter.left.length > 0) lines.push(t('presentation.left', { count: chapter.left.length, names: list(chapter.left) }));
  lines.push(...chapter.events);
  return lines;
}

function requestFullScreen(): void {
  // The browser's Fullscreen API (asked in the key press or click that opened the presentation);
  // the desktop window is put in full screen by the shell (the browser host answers "unsupported").
  if (document.fullscreenEnabled && !document.fullscreenElement)
    void document.documentElement.requestFullscreen().catch(() => undefined);
  void call('window.setFullScreen', { fullScreen: true });
}

function leaveFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  void call('window.setFullScreen', { fullScreen: false });
}

export function Presentation({ chainId, onClose }: { chainId: string; onClose(): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const basemap = useBasemap().data;
  const labelScale = useLabelScale();
  const latestAnswer = useApiQuery('members.list', { chainId }).data;
  const historyAnswer = useApiQuery('chains.history', { chainId }).data;
  const seriesAnswer = useApiQuery('chains.countSeries', { chainId }).data;
  const latest = latestAnswer?.ok ? latestAnswer.value : null;
  const history = historyAnswer?.ok ? historyAnswer.value : null;
  const firstYear = latest?.firstYear ?? latest?.year ?? null;
  const lastYear = latest?.year ?? null;

  const story = useMemo(
    () => (history && firstYear !== null && lastYear !== null ? chainStory(history.timeline, firstYear, lastYear) : []),
    [history, firstYear, lastYear],
  );
  // Every year the map passes through, asked for at once: the story then moves without waiting.
  const years = useMemo(() => {
    if (firstYear === null || lastYear === null) return [];
    if (lastYear - firstYear > MAX_YEARS_PASSED) return story.map((chapter) => chapter.year);
    return Array.from({ length: lastYear - firstYear + 1 }, (_, index) => firstYear + index);
  }, [firstYear, lastYear, story]);
  const yearAnswers = useQueries({ queries: years.map((year) => apiQuery('members.list', { chainId, year })) });
  const byYear = useMemo(() => {
    const found = new Map<number, ChainMembers>();
    for (const answer of yearAnswers) if (answer.data?.ok) found.set(answer.data.value.year, answer.data.value);
    return found;
  }, [yearAnswers]);
  const ready = latest !== null && history !== null && basemap?.ok === true && years.every((year) => byYear.has(year));
  // Everyone who is ever in the chain, for the map to fit: nobody joins out of view.
  const everyone = useMemo(() => {
    const seen = new Map<string, ChainMembers['members'][number]>();
    for (const year of years) for (const member of byYear.get(year)?.members ?? []) seen.set(member.membershipId, member);
    return [...seen.values()];
  }, [years, byYear]);

  const steps = useMemo(
    (): Step[] => [
      { kind: 'title' },
      ...story.map((chapter): Step => ({ kind: 'history', chapter })),
      { kind: 'meetings' },
      { kind: 'counts' },
      { kind: 'sources' },
    ],
    [story],
  );
  const [index, setIndex] = useState(0);
  const [autoPlay, setAutoPlay] = useState(false);
  const step = steps[Math.min(index, steps.length - 1)]!;
  const target = step.kind === 'history' ? step.chapter.year : null;
  // The year the map shows: it walks year by year to the step's year.
  const [shownYear, setShownYear] = useState<number | null>(null);
  const arrived = target === null || shownYear === target;

  const go = useCallback(
    (by: number) => {
      setIndex((current) => Math.max(0, Math.min(steps.length - 1, current + by)));
    },
    [steps.length],
  );

  // From another step (or before the years came), the map starts at the step's year.
  if (target !== null && (shownYear === null || !years.includes(shownYear))) setShownYear(target);
  useEffect(() => {
    if (target === null || shownYear === null || shownYear === target || !years.includes(shownYear)) return;
    const timer = setTimeout(() => {
      const position = years.indexOf(shownYear);
      setShownYear(years[position + (target > shownYear ? 1 : -1)] ?? target);
    }, YEAR_STEP_MS);
    return () => clearTimeout(timer);
  }, [target, shownYear, years]);

  // Auto-play: the next step once this one is shown and has been read; it stops at the end.
  const advance = useEffectEvent(() => {
    if (index >= steps.length - 1) setAutoPlay(false);
    else go(1);
  });
  useEffect(() => {
    if (!autoPlay || !ready || !arrived) return;
    const dwell = step.kind === 'title' ? DWELL_MS.title : step.kind === 'history' ? DWELL_MS.history : DWELL_MS.other;
    const timer = setTimeout(advance, dwell);
    return () => clearTimeout(timer);
  }, [autoPlay, ready, arrived, step, index]);

  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    leaveFullScreen();
    onClose();
  }, [onClose]);
  const closeFromEvent = useEffectEvent(close);
  useEffect(() => {
    root.current?.focus();
    requestFullScreen();
    // The browser's own Escape leaves full screen without a key event for the page: then leave too.
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement) entered = true;
      else if (entered) closeFromEvent();
    };
    document.addEventListener('fullscreenchange', onChange);
    // Ahead of everything else in the window (the map's own arrow keys): the presentation's keys.
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const forward = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].includes(event.key);
      const back = ['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].includes(event.key);
      const onButton = event.target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter');
      if (event.key === 'Escape') closeFromEvent();
      else if (event.key === 'Home') setIndex(0);
      else if (event.key === 'End') setIndex(Number.MAX_SAFE_INTEGER);
      else if (forward && !onButton) go(1);
      else if (back) go(-1);
      else if (event.key !== 'F5' && !onButton) return;
      event.preventDefault();
      event.stopPropagation();
      if (!onButton) setAutoPlay(false);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      window.removeEventListener('keydown', onKey, { capture: true });
    };
  }, [go]);

  const chainName = latest?.chain.name ?? '';
  return (
    <div
      ref={root}
      className="presentation"
      role="dialog"
      aria-modal="true"
      aria-label={t('presentation.label', { chain: chainName })}
      tabIndex={-1}
      data-step={step.kind}
      data-year={step.kind === 'history' ? (shownYear ?? '') : ''}
    >
      <div className="presentation-stage" aria-live="polite">
        {!ready || !latest || !history ? (
          <p className="presentation-loading">{t('presentation.loading')}</p>
        ) : step.kind === 'title' ? (
          <TitleStep latest={latest} />
        ) : step.kind === 'history' ? (
          <section className="presentation-map-step">
            <h2 className="presentation-year">{shownYear}</h2>
            {shownYear !== null && byYear.get(shownYear) && basemap?.ok ? (
              <MapView
                data={byYear.get(shownYear)!}
                basemap={basemap.value}
                fitTo={everyone}
                labelScale={labelScale}
                selectedId={null}
                {...SHOW_ONLY}
              />
            ) : null}
            {arrived ? (
              <div className="presentation-caption" data-testid="presentation-caption">
                {chapterText(t, step.chapter, language).map((line, position) => (
                  <p key={position}>
                    {position === 0 ? t('presentation.caption', { year: step.chapter.year, text: line }) : line}
                  </p>
                ))}
                {step.chapter === story.at(-1) && chapterText(t, step.chapter, language).length === 0 ? (
                  <p>{t('presentation.stateOf', { year: step.chapter.year })}</p>
                ) : null}
              </div>
            ) : null}
          </section>
        ) : step.kind === 'meetings' ? (
          <MeetingsStep latest={latest} history={history} basemap={basemap?.ok ? basemap.value : null} labelScale={labelScale} />
        ) : step.kind === 'counts' ? (
          <CountsStep latest={latest} series={seriesAnswer?.ok ? seriesAnswer.value : null} />
        ) : (
          <SourcesStep sources={sourcesOf(everyone, history.timeline)} chainName={chainName} />
        )}
      </div>
      <nav className="presentation-controls" aria-label={t('presentation.label', { chain: chainName })}>
        <button type="button" onClick={() => go(-1)} disabled={index === 0}>
          ← {t('presentation.previous')}
        </button>
        <span className="presentation-progress" data-testid="presentation-progress">
          {t('presentation.step', { step: Math.min(index, steps.length - 1) + 1, steps: steps.length })}
        </span>
        <button type="button" onClick={() => go(1)} disabled={index >= steps.length - 1}>
          {t('presentation.next')} →
        </button>
        <button type="button" className="presentation-autoplay" aria-pressed={autoPlay} onClick={() => setAutoPlay(!autoPlay)}>
          {autoPlay ? t('presentation.pause') : t('presentation.autoPlay')}
        </button>
        <button type="button" onClick={close}>
          {t('presentation.exit')}
        </button>
        <span className="presentation-keys">{t('presentation.keys')}</span>
      </nav>
    </div>
  );
}

function TitleStep({ latest }: { latest: ChainMembers }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const places = latest.members.length;
  const areas = new Set(latest.members.map((member) => member.areaCode)).size;
  const { sum, notReported } = latest.total;
  const members = t('presentation.members', { count: sum, number: formatInteger(sum, language) });
  return (
    <section className="presentation-title">
      <h1>{latest.chain.name}</h1>
      <p className="presentation-summary" data-testid="presentation-summary">
        {t('presentation.summary', {
          places: t('presentation.places', { count: places, number: formatInteger(places, language) }),
          areas: t('presentation.areas', { count: areas, number: formatInteger(areas, language) }),
          members,
        })}
        {notReported > 0 ? ` (${t('members.totalNotReported', { count: notReported })})` : ''}
      </p>
      <p className="presentation-subtitle">{t('presentation.stateOf', { year: latest.year })}</p>
    </section>
  );
}

function MeetingsStep({
  latest,
  history,
  basemap,
  labelScale,
}: {
  latest: ChainMembers;
  history: ChainHistory;
  basemap: Basemap | null;
  labelScale: number;
}) {
  const { t } = useTranslation();
  const next = latest.members.find((member) => member.placeId === history.nextHost.placeId) ?? null;
  const meetings = [...history.meetings].sort((a, b) => a.year - b.year);
  return (
    <section className="presentation-meetings">
      <h2>{t('presentation.meetingsTitle')}</h2>
      <div className="presentation-columns">
        <div className="presentation-map-box">
          <MapView
            data={latest}
            basemap={basemap}
            labelScale={labelScale}
            selectedId={next?.membershipId ?? null}
            {...SHOW_ONLY}
          />
        </div>
        <div className="presentation-meeting-list">
          {meetings.length === 0 ? <p>{t('presentation.noMeetings')}</p> : null}
          <ol>
            {meetings.map((meeting) => (
              <li key={meeting.id}>
                <span className="presentation-meeting-year">{meeting.year}</span> {meeting.hostName ?? meeting.location ?? '—'}
                {meeting.kind === 'annual_meeting' ? '' : ` (${t(`history.kinds.${meeting.kind}`)})`}
              </li>
            ))}
          </ol>
          <p className="presentation-next-host" data-testid="presentation-next-host">
            {nextHostText(t, history.nextHost)}
          </p>
        </div>
      </div>
    </section>
  );
}

function CountsStep({ latest, series }: { latest: ChainMembers; series: CountSeries | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const largest = Math.max(1, ...latest.members.map((member) => member.memberCount ?? 0));
  const members = [...latest.members].sort((a, b) => (b.memberCount ?? -1) - (a.memberCount ?? -1));
  return (
    <section className="presentation-counts">
      <h2>{t('presentation.countsTitle')}</h2>
      <div className="presentation-columns">
        {series ? (
          <CountChart
            title={t('counts.chainTotal')}
            years={series.years}
            values={series.total.map((point) => point.sum)}
            incomplete={series.total.map((point) => point.notReported > 0)}
            // Scaled to the column as a whole: the ticks come out at about 20 px at 1920×1080.
            width={480}
            height={300}
          />
        ) : null}
        <figure className="presentation-bars">
          <figcaption>{t('presentation.countsLatest')}</figcaption>
          <ul>
            {members.map((member) => (
              <li key={member.membershipId}>
                <span className="presentation-bar-name">{member.name}</span>
                <span
                  className={member.memberCount === null ? 'presentation-bar unknown' : 'presentation-bar'}
                  style={{ width: `${((member.memberCount ?? 0) / largest) * 100}%` }}
                />
                <span className="presentation-bar-value">
                  {member.memberCount === null ? t('members.notReported') : formatInteger(member.memberCount, language)}
                  {member.memberCount !== null && member.countYear !== latest.year ? ` (${member.countYear})` : ''}
                </span>
              </li>
            ))}
          </ul>
        </figure>
      </div>
    </section>
  );
}

function SourcesStep({ sources, chainName }: { sources: string[]; chainName: string }) {
  const { t } = useTranslation();
  return (
    <section className="presentation-sources">
      <h2>{t('presentation.sourcesTitle')}</h2>
      {sources.length === 0 ? <p>{t('presentation.noSources')}</p> : null}
      <ul>
        {sources.map((source) => (
          <li key={source}>{source}</li>
        ))}
      </ul>
      <p>{t('presentation.mapCredit')}</p>
      <p className="presentation-thanks">
        {t('presentation.thanks')} <span>{chainName}</span>
      </p>
    </section>
  );
}
