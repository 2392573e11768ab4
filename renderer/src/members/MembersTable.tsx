import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { ChainMembers, Member } from '../../../shared/contract';
import { collatorFor, formatInteger, formatTotal } from '../../../shared/format';
import { joinedYearText } from '../../../shared/years';
import { memberCountTotal } from '../../../shared/totals';
import { foldName } from '../../../shared/text/fold';
import type { TranslationKey } from '../i18n';
import { useLanguage } from '../document/DocumentProvider';
import { EditableCell } from './EditableCell';
import { JoinedYear } from './JoinedYear';
import { areaName } from './areaName';
import { sortMembers, type SortColumn } from './sortMembers';
import { useRememberedOrder } from './useRememberedOrder';

export type MemberEdit =
  | { kind: 'name'; member: Member; text: string }
  | { kind: 'joinedYear'; member: Member; text: string }
  | { kind: 'memberCount'; member: Member; text: string };

interface MembersTableProps {
  data: ChainMembers;
  selectedId: string | null;
  onSelect(membershipId: string): void;
  /** Saves an edit; resolves to the message to show at the field, or null. */
  onEdit(edit: MemberEdit): Promise<string | null>;
  /** Places with a field in conflict after a merge (marked; the mark opens the list). */
  inConflict?: ReadonlySet<string>;
  onConflicts?(): void;
}

/**
 * From this many rows on, only the rows in and near the side panel's view are in the page
 * (TanStack Virtual): a year-slider step re-renders each row, and 5,000 rows took a second and
 * a half to render and lay out. A chain of a few dozen keeps every row, for the browser's search
 * and a screen reader's table commands; a long one gives its size in aria-rowcount.
 */
export const VIRTUAL_ROWS_FROM = 150;
/** A row's height before it is measured (one line of text and the cell buttons). */
const ROW_HEIGHT = 35;

/** The nearest ancestor that scrolls (the side panel), whose view decides which rows are drawn. */
function scrollParent(element: Element | null): HTMLElement | null {
  for (let at = element?.parentElement ?? null; at; at = at.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(at).overflowY)) return at;
  }
  return null;
}

/** Memoised: a year-slider step renders the app before the year's members have come. */
export const MembersTable = memo(function MembersTable({
  data,
  selectedId,
  onSelect,
  onEdit,
  inConflict,
  onConflicts,
}: MembersTableProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [order, setOrder] = useRememberedOrder();
  // The filter box: a member whose name or country holds the text, folded as the gazetteer's
  // search folds it (Siglufjordur finds Siglufjörður, "fär" finds the Faroe Islands' members).
  const [filter, setFilter] = useState('');
  const collator = collatorFor(language);
  const rows = useMemo(() => {
    const sorted = sortMembers(data.members, order, collator, (code) => areaName(code, t, language));
    const wanted = foldName(filter);
    if (!wanted) return sorted;
    return sorted.filter(
      (member) => foldName(member.name).includes(wanted) || foldName(areaName(member.areaCode, t, language)).includes(wanted),
    );
  }, [data.members, order, collator, t, language, filter]);

  // "Skriv ut tabellen" prints a plain copy of the table, every row of it (paper does not scroll).
  const [printing, setPrinting] = useState(false);
  const virtual = rows.length >= VIRTUAL_ROWS_FROM;
  const table = useRef<HTMLTableElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const scroller = useRef<HTMLElement | null>(null);
  // The rows start this far down the scrolling panel (its tabs, the caption and the head above).
  const [scrollMargin, setScrollMargin] = useState(0);
  const selectedIndex = useMemo(
    () => (virtual ? rows.findIndex((member) => member.membershipId === selectedId) : -1),
    [virtual, rows, selectedId],
  );
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => (scroller.current ??= scrollParent(table.current)),
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin,
    getItemKey: (index) => rows[index]?.membershipId ?? index,
    // The selected row stays in the page while it is scrolled away: it has the focus (a row's
    // focus selects it) and may hold an edit under way.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      if (selectedIndex < 0 || indexes.includes(selectedIndex)) return indexes;
      return [...indexes, selectedIndex].sort((a, b) => a - b);
    },
  });
  useLayoutEffect(() => {
    const panel = scroller.current ?? scrollParent(table.current);
    if (!virtual || !panel || !body.current) return;
    const margin = body.current.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    if (Math.abs(margin - scrollMargin) > 1) setScrollMargin(margin);
    // What is above the rows changes with the year (the count column's head) and the language.
  }, [virtual, scrollMargin, data.year, language]);

  const columns: Array<{ column: SortColumn; label: string; numeric?: boolean }> = [
    { column: 'name', label: t('members.columns.name') },
    { column: 'area', label: t('members.columns.area') },
    { column: 'joinedYear', label: t('members.columns.joinedYear'), numeric: true },
    { column: 'memberCount', label: t('members.columns.memberCount', { year: data.year }), numeric: true },
  ];

  // Every row names its three edit buttons and a year-slider step renders every row: the same
  // texts are translated once (i18next takes some 20 µs a call, 30 ms for 500 members). A new t
  // comes with another language, and with it a new cache.
  const translated = useMemo(() => {
    const texts = new Map<string, string>();
    return (key: TranslationKey, options: Record<string, string | number>) => {
      const cacheKey = `${key}\u0000${JSON.stringify(options)}`;
      let text = texts.get(cacheKey);
      if (text === undefined) {
        if (texts.size > 10_000) texts.clear();
        texts.set(cacheKey, (text = t(key, options)));
      }
      return text;
    };
  }, [t]);

  const sortBy = (column: SortColumn) =>
    setOrder((current) => ({
      column,
      direction: current.column === column && current.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  const asOf = (member: Member) =>
    member.countYear !== null && member.countYear !== data.year
      ? ` (${translated('members.asOf', { year: member.countYear })})`
      : '';
  const countDisplay = (member: Member) => {
    if (member.memberCount === null) return <span className="not-reported">{translated('members.notReported', {})}</span>;
    return (
      <>
        {formatInteger(member.memberCount, language)}
        {asOf(member) ? <span className="as-of">{asOf(member)}</span> : null}
      </>
    );
  };
  const countText = (member: Member) =>
    member.memberCount === null
      ? translated('members.notReported', {})
      : formatInteger(member.memberCount, language) + asOf(member);

  // Filtered, the total is of the members shown, and says so (the chain's would not add up).
  const filtered = rows.length !== data.members.length;
  const total = formatTotal(
    filtered ? memberCountTotal(rows.map((member) => member.memberCount)) : data.total,
    language,
    (count) => t('members.totalNotReported', { count }),
  );
  const totalLabel = filtered ? t('members.totalShown', { count: rows.length }) : t('members.total');

  const rowOf = (member: Member, index: number) => (
    <tr
      key={member.membershipId}
      ref={virtual ? virtualizer.measureElement : undefined}
      data-index={virtual ? index : undefined}
      aria-rowindex={virtual ? index + 2 : undefined}
      data-member={member.name}
      className={member.membershipId === selectedId ? 'selected' : undefined}
      aria-current={member.membershipId === selectedId ? 'true' : undefined}
      onClick={() => onSelect(member.membershipId)}
      onFocus={() => onSelect(member.membershipId)}
    >
      <th scope="row">
        <EditableCell
          display={member.name}
          initialText={member.name}
          label={translated('members.edit', { column: columns[0]!.label, name: member.name })}
          onCommit={(text) => onEdit({ kind: 'name', member, text })}
        />
        {inConflict?.has(member.placeId) ? (
          <button
            type="button"
            className="conflict-marker"
            onClick={(event) => {
              event.stopPropagation();
              onConflicts?.();
            }}
            aria-label={translated('share.conflicts.markerOf', { name: member.name })}
            title={translated('share.conflicts.marker', {})}
            data-testid="conflict-marker"
          >
            !
          </button>
        ) : null}
      </th>
      <td>{areaName(member.areaCode, t, language)}</td>
      <td className="numeric">
        <EditableCell
          display={<JoinedYear year={member.joinedYear} />}
          displayText={member.joinedYear === null ? translated('unknownYear.label', {}) : String(member.joinedYear)}
          initialText={member.joinedYear === null ? '' : String(member.joinedYear)}
          label={translated('members.edit', { column: columns[2]!.label, name: member.name })}
          inputMode="numeric"
          onCommit={(text) => onEdit({ kind: 'joinedYear', member, text })}
        />
      </td>
      <td className="numeric">
        <EditableCell
          display={countDisplay(member)}
          displayText={countText(member)}
          initialText={member.memberCount === null || member.countYear !== data.year ? '' : String(member.memberCount)}
          label={translated('members.edit', { column: columns[3]!.label, name: member.name })}
          hint={t('members.editHint')}
          inputMode="numeric"
          onCommit={(text) => onEdit({ kind: 'memberCount', member, text })}
        />
      </td>
    </tr>
  );
  // Every row, or the rows in view with a spacer for the height of those left out.
  const shownRows = () => {
    if (!virtual) return rows.map(rowOf);
    const shown = [];
    let end = scrollMargin;
    const spacer = (key: string, height: number) =>
      height > 0 ? (
        <tr key={key} className="row-spacer" aria-hidden="true">
          <td colSpan={4} style={{ height }} />
        </tr>
      ) : null;
    for (const item of virtualizer.getVirtualItems()) {
      const member = rows[item.index];
      if (!member) continue;
      shown.push(spacer(`before-${item.key}`, item.start - end), rowOf(member, item.index));
      end = item.end;
    }
    shown.push(spacer('after', virtualizer.getTotalSize() - (end - scrollMargin)));
    return shown;
  };

  // "Skriv ut tabellen": while the copy is in the page, only it is printed (styles.css).
  const printTable = () => {
    flushSync(() => setPrinting(true));
    window.addEventListener('afterprint', () => setPrinting(false), { once: true });
    window.print();
  };
  // The copy that is printed: at the top of the page, outside the window's layout (whose panels
  // scroll), of text only, so that its head repeats on every page as a plain table's does.
  const printed = printing
    ? createPortal(
        <table className="members-table-print">
          <caption>{t('members.caption', { chain: data.chain.name, year: data.year })}</caption>
          <thead>
            <tr>
              {columns.map(({ column, label, numeric }) => (
                <th key={column} scope="col" className={numeric ? 'numeric' : undefined}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((member) => (
              <tr key={member.membershipId}>
                <th scope="row">{member.name}</th>
                <td>{areaName(member.areaCode, t, language)}</td>
                <td className="numeric">{joinedYearText(member.joinedYear)}</td>
                <td className="numeric">{countText(member)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {totalLabel}
              </th>
              <td className="numeric" colSpan={2}>
                {total}
              </td>
            </tr>
          </tfoot>
        </table>,
        document.body,
      )
    : null;

  return (
    <>
      <div className="members-filter">
        <label>
          {t('members.filter')}
          <input
            type="search"
            value={filter}
            placeholder={t('members.filterHint')}
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
        {filter.trim() ? (
          <span role="status" className="hint">
            {t('members.filterShown', { shown: rows.length, count: data.members.length })}
          </span>
        ) : null}
        <button type="button" onClick={printTable}>
          {t('members.printTable')}
        </button>
      </div>
      <table
        ref={table}
        className={virtual ? 'members-table virtual' : 'members-table'}
        aria-rowcount={virtual ? rows.length + 2 : undefined}
        aria-label={t('members.caption', { chain: data.chain.name, year: data.year })}
      >
        <caption>{t('members.caption', { chain: data.chain.name, year: data.year })}</caption>
        {virtual ? (
          // Laid out from these widths, not from the rows in view, so the columns keep still as it scrolls.
          <colgroup>
            <col className="name" />
            <col className="area" />
            <col className="joined" />
            <col className="count" />
          </colgroup>
        ) : null}
        <thead>
          <tr aria-rowindex={virtual ? 1 : undefined}>
            {columns.map(({ column, label, numeric }) => (
              <th
                key={column}
                scope="col"
                className={numeric ? 'numeric' : undefined}
                aria-sort={order.column === column ? order.direction : 'none'}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => sortBy(column)}
                  title={t('members.sortBy', { column: label })}
                >
                  {label}
                  <span aria-hidden="true" className="sort-mark">
                    {order.column === column ? (order.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4} className="empty">
                {filter.trim() && data.members.length > 0
                  ? t('members.filterNone', { filter: filter.trim() })
                  : t('members.empty')}
              </td>
            </tr>
          ) : (
            shownRows()
          )}
        </tbody>
        <tfoot>
          <tr aria-rowindex={virtual ? rows.length + 2 : undefined}>
            <th scope="row" colSpan={2}>
              {totalLabel}
            </th>
            {/* Two columns wide: "1 135 (1 uppgift saknas)" reads on one line. */}
            <td className="numeric total" colSpan={2} data-testid="members-total">
              {total}
            </td>
          </tr>
        </tfoot>
      </table>
      {printed}
    </>
  );
});
