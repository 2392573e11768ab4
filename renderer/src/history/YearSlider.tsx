import { useEffect, useEffectEvent, useId, useState } from 'react';
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
const DECADE = 10;

/**
 * The chain as it was in a year: a slider (arrow keys, Page Up/Down, Home, End) and a play button
 * that runs from the chain's first year (or the year chosen) to today.
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
  const [requested, setRequested] = useState<number | null>(null);
  const [arrived, setArrived] = useState(year);
  if (year !== arrived) {
    setArrived(year);
    if (requested === null || requested === year) {
      setRequested(null);
      setValue(year);
    }
  }
  const show = (next: number) => {
    // A step back to the year shown has nothing to wait for.
    setRequested(next === year ? null : next);
    setValue(next);
    onYear(next);
  };

  const tick = useEffectEvent(() => {
    const next = value + 1;
    if (next > lastYear) setPlaying(false);
    else show(next);
  });
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(tick, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing]);

  const play = () => {
    if (playing) return setPlaying(false);
    // From the latest state (the chain as it is now, where the window opens) or the end, Play
    // tells the chain's story from its first year; from a year chosen, it goes on from there.
    if (value >= lastYear || isLatest) show(firstYear);
    setPlaying(true);
  };

  return (
    <div className="year-slider" role="group" aria-labelledby={`${id}-label`}>
      {/* Both words take the same cell, the one not shown hidden: the button is as wide as the
          wider, so the slider does not move when Play turns into Pause. */}
      <button type="button" className="play" onClick={play} aria-pressed={playing}>
        <span className={playing ? 'play-word' : 'play-word shown'}>{t('history.play')}</span>
        <span className={playing ? 'play-word shown' : 'play-word'}>{t('history.pause')}</span>
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
        onKeyDown={(event) => {
          // A decade a press (the browser's own step is a tenth of the range: 8 years for the demo).
          if (event.key !== 'PageUp' && event.key !== 'PageDown') return;
          event.preventDefault();
          setPlaying(false);
          const next = Math.min(lastYear, Math.max(firstYear, value + (event.key === 'PageUp' ? DECADE : -DECADE)));
          if (next !== value) show(next);
        }}
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
          setRequested(null);
          onLatest();
        }}
        disabled={isLatest}
      >
        {t('history.latest')}
      </button>
    </div>
  );
}
