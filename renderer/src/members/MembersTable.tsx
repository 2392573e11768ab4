import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainMembers, Member } from '../../../shared/contract';
import { collatorFor, formatInteger, formatTotal } from '../../../shared/format';
import type { TranslationKey } from '../i18n';
import { useLanguage } from '../document/DocumentProvider';
import { EditableCell } from './EditableCell';
import { JoinedYear } from './JoinedYear';
import { areaName } from './areaName';
import { DEFAULT_MEMBER_ORDER, sortMembers, type SortColumn, type SortOrder } from './sortMembers';

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
  const [order, setOrder] = useState<SortOrder>(DEFAULT_MEMBER_ORDER);
  const collator = collatorFor(language);
  const rows = useMemo(
    () => sortMembers(data.members, order, collator, (code) => areaName(code, t, language)),
    [data.members, order, collator, t, language],
  );

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

  const total = formatTotal(data.total, language, (count) => t('members.totalNotReported', { count }));

  return (
    <table className="members-table" aria-label={t('members.caption', { chain: data.chain.name, year: data.year })}>
      <caption>{t('members.caption', { chain: data.chain.name, year: data.year })}</caption>
      <thead>
        <tr>
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
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="empty">
              {t('members.empty')}
            </td>
          </tr>
        ) : (
          rows.map((member) => (
            <tr
              key={member.membershipId}
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
          ))
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t('members.total')}
          </th>
          {/* Two columns wide: "1 135 (1 uppgift saknas)" reads on one line. */}
          <td className="numeric total" colSpan={2} data-testid="members-total">
            {total}
          </td>
        </tr>
      </tfoot>
    </table>
  );
});
