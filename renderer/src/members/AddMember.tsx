import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import { NORDIC_AREAS } from '../../../shared/areas';
import type { GazetteerHit } from '../../../shared/contract';
import { parseYearInput } from '../../../shared/input-parsing';
import { call } from '../api/client';
import { useApiQuery } from '../api/queries';
import { describeError } from '../i18n';
import { areaName } from './areaName';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';

export interface NewPlace {
  name: string;
  areaCode: string;
  latitude: number;
  longitude: number;
  geonameId?: number;
}

interface AddMemberProps {
  /** A position clicked on the map while placing a pin. */
  pin: { latitude: number; longitude: number } | null;
  pinMode: boolean;
  onPinMode(active: boolean): void;
  /** Adds the member; resolves to an error message, or null when added. */
  onAdd(place: NewPlace, joinedYear: number): Promise<string | null>;
}

/**
 * Adding a member: search the offline gazetteer (a combobox: arrows, Enter, Escape), or place a
 * pin on the map for a place too small for it (Arsuk); then the year joined, and Add.
 */
export function AddMember({ pin, pinMode, onPinMode, onAdd }: AddMemberProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<GazetteerHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<NewPlace | null>(null);
  const [pinName, setPinName] = useState('');
  const [pinArea, setPinArea] = useState('SE');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const errorId = useId();
  const searchSeq = useRef(0);
  // Choosing a hit writes its name into the field; that is no new search.
  const chosenText = useRef<string | null>(null);

  // Searches once typing rests (a text too short to search has no hits: see typed()).
  useEffect(() => {
    const text = query.trim();
    if (chosenText.current === query || text.length < 2) return;
    const seq = ++searchSeq.current;
    const timer = setTimeout(async () => {
      const result = await call('gazetteer.search', { query: text, limit: 8 });
      if (seq !== searchSeq.current) return;
      if (result.ok) {
        setHits(result.value);
        setActive(0);
        setOpen(true);
      } else setError(describeError(t, result.error));
    }, 150);
    return () => clearTimeout(timer);
  }, [query, t]);

  /** The search text changed: what it finds comes once typing rests; too short a text finds nothing. */
  const typed = (text: string) => {
    setQuery(text);
    if (text.trim().length < 2) setHits([]);
  };

  const choose = (hit: GazetteerHit) => {
    setChosen({
      name: hit.name,
      areaCode: hit.areaCode,
      latitude: hit.latitude,
      longitude: hit.longitude,
      geonameId: hit.geonameId,
    });
    chosenText.current = hit.name;
    typed(hit.name);
    setOpen(false);
    setError(null);
    onPinMode(false);
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      event.preventDefault();
      setActive((index) => (index - 1 + hits.length) % hits.length);
    } else if (event.key === 'Enter' && open && hits[active]) {
      event.preventDefault();
      choose(hits[active]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  // The pin's country or area, from the gazetteer's place nearest it, until the user picks another.
  const near = useApiQuery('gazetteer.nearest', pin ?? { latitude: 0, longitude: 0 }, { enabled: pinMode && pin !== null });
  const nearArea = near.data?.ok ? (near.data.value?.areaCode ?? null) : null;
  const pinKey = pin ? `${pin.latitude} ${pin.longitude}` : null;
  const [areaFor, setAreaFor] = useState<string | null>(null);
  if (nearArea && pinKey && areaFor !== pinKey) {
    setAreaFor(pinKey);
    setPinArea(nearArea);
  }
  const areas: readonly string[] = NORDIC_AREAS.includes(pinArea as (typeof NORDIC_AREAS)[number])
    ? NORDIC_AREAS
    : [...NORDIC_AREAS, pinArea];
  /** Enter in a field of the form adds the member, as the button does. */
  const submitOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void submit();
  };

  const place: NewPlace | null =
    pinMode || (!chosen && pin)
      ? pin && pinName.trim()
        ? { name: pinName.trim(), areaCode: pinArea, latitude: pin.latitude, longitude: pin.longitude }
        : null
      : chosen;

  const submit = async () => {
    const parsedYear = parseYearInput(year);
    if (!parsedYear.ok) return setError(describeError(t, { message: parsedYear.message }));
    if (!place) return setError(t('addMember.choosePlace'));
    const message = await onAdd(place, parsedYear.value);
    setError(message);
    if (!message) {
      setChosen(null);
      typed('');
      setPinName('');
      onPinMode(false);
    }
  };

  const hitLabel = (hit: GazetteerHit) =>
    `${hit.name}${hit.matchedName ? ` (${hit.matchedName})` : ''}, ${areaName(hit.areaCode, t, language)}`;

  // A read-only document shows no form to add with.
  const readOnly = useReadOnly();
  if (readOnly) return null;
  return (
    <section className="add-member" aria-labelledby={`${listId}-title`}>
      <h2 id={`${listId}-title`}>{t('addMember.title')}</h2>
      <div className="combobox">
        <label htmlFor={`${listId}-search`}>{t('addMember.search')}</label>
        <input
          id={`${listId}-search`}
          type="search"
          role="combobox"
          autoComplete="off"
          aria-expanded={open && hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && hits[active] ? `${listId}-${active}` : undefined}
          value={query}
          placeholder={t('addMember.searchPlaceholder')}
          onChange={(event) => {
            typed(event.target.value);
            setChosen(null);
          }}
          onKeyDown={onSearchKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {open && hits.length > 0 ? (
          <ul id={listId} role="listbox" className="combobox-list" aria-label={t('addMember.results')}>
            {hits.map((hit, index) => (
              <li
                key={hit.geonameId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(hit)}
              >
                {hitLabel(hit)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="pin-row">
        <button type="button" aria-pressed={pinMode} onClick={() => onPinMode(!pinMode)}>
          {pinMode ? t('addMember.pinCancel') : t('addMember.pin')}
        </button>
        {pinMode ? (
          <span className="hint">
            {pin
              ? t('addMember.pinPlaced', { lat: pin.latitude.toFixed(4), lon: pin.longitude.toFixed(4) })
              : t('addMember.pinHint')}
          </span>
        ) : null}
      </div>
      {pinMode ? (
        <div className="pin-fields">
          <label>
            {t('addMember.name')}
            <input value={pinName} onChange={(event) => setPinName(event.target.value)} onKeyDown={submitOnEnter} />
          </label>
          <label>
            {t('members.columns.area')}
            <select
              value={pinArea}
              onChange={(event) => {
                // The user's pick stands, also against a suggestion still on its way.
                setPinArea(event.target.value);
                setAreaFor(pinKey);
              }}
            >
              {areas.map((code) => (
                <option key={code} value={code}>
                  {areaName(code, t, language)}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : chosen ? (
        <p className="chosen-place">
          {t('addMember.chosen', { name: chosen.name, area: areaName(chosen.areaCode, t, language) })}
        </p>
      ) : null}
      <div className="add-row">
        <label>
          {t('members.columns.joinedYear')}
          <input
            inputMode="numeric"
            value={year}
            onChange={(event) => setYear(event.target.value)}
            onKeyDown={submitOnEnter}
            size={6}
          />
        </label>
        <button type="button" onClick={() => void submit()} disabled={!place} aria-describedby={error ? errorId : undefined}>
          {t('addMember.add')}
        </button>
      </div>
      <FieldError message={error} id={errorId} />
    </section>
  );
}
