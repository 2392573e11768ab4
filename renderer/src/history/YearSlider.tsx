import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface YearSliderProps {
  firstYear: number;
  lastYear: number;
  year: number;
  /** Whether the shown year is the chain's latest known state (no year chosen). */
  isLatest: boolean;
  onYear(year: number): void;
  onLatest(): void;
}

const PLAY_STEP_MS = 350;

/**
 * The chain as it was in a year: a slider (arrow keys, Page Up/Down, Home, End) and a play button
 * that runs from the chain's first year to today.
 */
export function YearSlider({ firstYear, lastYear, year, isLatest, onYear, onLatest }: YearSliderProps) {
  const { t } = useTranslation();
  const id = useId();
  const [playing, setPlaying] = useState(false);
  // The slider moves at once; the chain at that year follows when it has loaded. A year that
  // arrives while a later step is still on its way is not the slider's to show (pressing the
  // arrow key faster than the table loads must not lose steps); any other change of the shown
  // year (Senaste läget, another chain) moves the slider.
  const [value, setValue] = useState(year);
  const requested = useRef<number | null>(null);
  useEffect(() => {
    if (requested.current !== null && requested.current !== year) return;
    requested.current = null;
    setValue(year);
  }, [year]);
  const current = useRef(value);
  current.current = value;
  const show = (next: number) => {
    requested.current = next;
    setValue(next);
    onYear(next);
  };

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const next = current.current + 1;
      if (next > lastYear) {
        setPlaying(false);
        return;
      }
      current.current = next;
      show(next);
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing, lastYear, onYear]);

  const play = () => {
    if (playing) return setPlaying(false);
    if (value >= lastYear) show(firstYear);
    setPlaying(true);
  };

  return (
    <div className="year-slider" role="group" aria-labelledby={`${id}-label`}>
      <button type="button" className="play" onClick={play} aria-pressed={playing}>
        {playing ? t('history.pause') : t('history.play')}
      </button>
      <label id={`${id}-label`} htmlFor={`${id}-range`} className="year-label">
        {t('history.year')} <output htmlFor={`${id}-range`}>{value}</output>
      </label>
      <span className="year-end" aria-hidden="true">
        {firstYear}
      </span>
      <input
        id={`${id}-range`}
        type="range"
        min={firstYear}
        max={lastYear}
        step={1}
        value={value}
        aria-valuetext={String(value)}
        onChange={(event) => {
          setPlaying(false);
          show(Number(event.target.value));
        }}
      />
      <span className="year-end" aria-hidden="true">
        {lastYear}
      </span>
      <button
        type="button"
        onClick={() => {
          requested.current = null;
          onLatest();
        }}
        disabled={isLatest}
      >
        {t('history.latest')}
      </button>
    </div>
  );
}
