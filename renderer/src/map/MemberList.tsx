import { useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { collatorFor } from '../../../shared/format';
import { memberLabel } from '../../../shared/map/member-label';
import { useLanguage } from '../document/DocumentProvider';
import { areaName } from '../members/areaName';
import type { MemberLayout } from './membersLayer';
import { useSortedOnce } from './useSortedOnce';
import type { Located, MemberSymbolsHandle } from './MemberSymbols';

const optionId = (id: string) => `map-member-${id}`;

/**
 * Writes where the layer drew each member on its option in the list, for tests and for anyone
 * who inspects the page (a canvas has no elements to read): `data-drawn` "symbol" or "group";
 * for a symbol, its centre and radius (`data-symbol`, "x y radius" in the map's pixels) and its
 * label's box (`data-label`, "left top width height", or "hidden") and text (`data-label-text`),
 * `data-symbol-kind` ("count" or "not-reported") and `data-ring` ("focus" or "moving") when drawn.
 * Only what changed is written.
 */
export function showLayout(list: HTMLElement | null, layout: readonly MemberLayout[]): void {
  if (!list) return;
  const drawn = new Map(layout.map((member) => [optionId(member.id), member]));
  const round = (value: number) => Math.round(value * 10) / 10;
  for (const option of list.children as HTMLCollectionOf<HTMLElement>) {
    const member = drawn.get(option.id);
    const values: Record<string, string | null> = member
      ? {
          drawn: 'symbol',
          symbol: `${round(member.x)} ${round(member.y)} ${round(member.radius)}`,
          label: member.label
            ? [member.label.left, member.label.top, member.label.width, member.label.height].map(round).join(' ')
            : 'hidden',
          labelText: member.labelText,
          symbolKind: member.notReported ? 'not-reported' : 'count',
          ring: member.ring,
        }
      : { drawn: 'group', symbol: null, label: null, labelText: null, symbolKind: null, ring: null };
    // Compared with what was written last, kept here: reading 5,000 options' dataset back took
    // 50 ms a year-slider step.
    const shown = written.get(option) ?? {};
    for (const [key, value] of Object.entries(values)) {
      if (shown[key] === value) continue;
      if (value === null) delete option.dataset[key];
      else option.dataset[key] = value;
      shown[key] = value;
    }
    written.set(option, shown);
  }
}
const written = new WeakMap<HTMLElement, Record<string, string | null>>();

/**
 * The map's members for the keyboard and a screen reader, in reading order (north to south, then
 * west to east): one Tab stop for the whole map, not one per symbol. The arrow keys go from one
 * member to the next and show it on the map (a ring on its symbol, its tooltip); Enter selects
 * it; M moves its symbol (the arrow keys, Enter saves, Escape cancels). Every member is in it,
 * also one whose label has no room or that is drawn as one of a group.
 */
export function MemberList({
  members,
  selectedId,
  onSelect,
  symbols,
  listRef,
}: {
  members: Located[];
  selectedId: string | null;
  onSelect(membershipId: string): void;
  symbols: { current: MemberSymbolsHandle | null };
  /** The list's element, where showLayout writes what is drawn. */
  listRef?: Ref<HTMLUListElement>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ordered = useSortedOnce(
    members,
    (member) => `${member.membershipId}\u0000${member.latitude}\u0000${member.longitude}\u0000${member.name}`,
    (a, b) => b.latitude - a.latitude || a.longitude - b.longitude || collatorFor(language).compare(a.name, b.name),
    language,
  );
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = ordered.find((member) => member.membershipId === activeId) ?? ordered[0];

  const go = (index: number) => {
    const next = ordered[Math.max(0, Math.min(ordered.length - 1, index))];
    if (!next) return;
    setActiveId(next.membershipId);
    symbols.current?.show(next.membershipId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!active) return;
    // A move under way (M) takes the arrow keys, Enter and Escape.
    if (symbols.current?.key(active.membershipId, event.nativeEvent)) {
      event.preventDefault();
      return;
    }
    const at = ordered.indexOf(active);
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(at + 1),
      ArrowRight: () => go(at + 1),
      ArrowUp: () => go(at - 1),
      ArrowLeft: () => go(at - 1),
      Home: () => go(0),
      End: () => go(ordered.length - 1),
      Enter: () => onSelect(active.membershipId),
      ' ': () => onSelect(active.membershipId),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  if (ordered.length === 0) return null;
  return (
    <ul
      ref={listRef}
      className="map-member-list"
      role="listbox"
      tabIndex={0}
      aria-label={t('map.memberList')}
      aria-activedescendant={active ? optionId(active.membershipId) : undefined}
      data-testid="map-member-list"
      onKeyDown={onKeyDown}
      onFocus={() => active && symbols.current?.show(active.membershipId)}
      onBlur={() => symbols.current?.blur()}
    >
      {ordered.map((member) => (
        <li
          key={member.membershipId}
          id={optionId(member.membershipId)}
          role="option"
          aria-selected={member.membershipId === selectedId}
          className={member === active ? 'active' : undefined}
          data-member={member.name}
          data-lat={member.latitude}
          data-lon={member.longitude}
          data-count={member.memberCount ?? ''}
          onClick={() => {
            setActiveId(member.membershipId);
            onSelect(member.membershipId);
          }}
        >
          {`${memberLabel(member, language)}, ${areaName(member.areaCode, t, language)}`}
        </li>
      ))}
    </ul>
  );
}
