import type { TFunction } from 'i18next';
import type { Author, FieldChange, RowLabel, SyncValue } from '../contract';
import { formatDate, formatInteger, type Language } from '../format';
import { translateKey } from '../i18n';

/**
 * A change or a conflict in words, the same in the window, the preview and the command line:
 * "Herning – Karen, 2 dec: Herning, medlemmar 2013: 230 → 235". Fields are named as the UI
 * names them, never by their column.
 */

/** The row: its place or title, a meeting by its year ("Årsmöte 2015, Herning"). */
export function thingText(t: TFunction, row: RowLabel): string {
  const name = row.name ?? translateKey(t, `sharing.things.${row.table}`, {}, 'sharing.things.unknown');
  if (row.table === 'meeting')
    return row.name
      ? t('sharing.meetingOf', { year: row.year ?? '?', name: row.name })
      : t('sharing.meeting', { year: row.year ?? '?' });
  if (row.table === 'branch_grant') return t('sharing.grantOf', { year: row.year ?? '?', name });
  if (row.table === 'activity_level') return t('sharing.activityOf', { year: row.year ?? '?', name });
  return name;
}

/** The field: "medlemmar 2013" for a count, "namn", "året då orten gick med", or "tillagd" for a new row. */
export function fieldText(t: TFunction, change: Pick<FieldChange, 'row' | 'field'>): string {
  if (change.row.table === 'member_count' && change.field === 'count')
    return t('sharing.countOf', { year: change.row.year ?? '?' });
  if (change.field === '*row') return t('sharing.fields.row');
  return translateKey(t, `sharing.fields.${change.field}`, {}, 'sharing.fields.other');
}

export function valueText(t: TFunction, language: Language, field: string, value: SyncValue): string {
  if (value === null) return t('sharing.empty');
  // A row's state as one of a conflict's values: kept (by a laptop that edited it) or removed.
  if (field === '*row') return value === 'removed' ? t('sharing.removed') : t('sharing.kept');
  if (typeof value === 'number')
    return Number.isInteger(value) && !/(year)$/.test(field) ? formatInteger(value, language) : String(value);
  return value;
}

export function authorText(t: TFunction, author: Author): string {
  return (
    author.laptop || (author.device ? t('sharing.unnamedLaptop', { id: author.device.slice(0, 8) }) : t('sharing.firstHistory'))
  );
}

export function dateText(language: Language, at: string | null): string {
  if (!at) return '';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return formatDate(date, language, { day: 'numeric', month: 'short' });
}

/** One line: who, when, what, old → new. */
export function changeText(t: TFunction, language: Language, change: FieldChange): string {
  const when = dateText(language, change.at);
  const who = when ? `${authorText(t, change.author)}, ${when}` : authorText(t, change.author);
  // A row added or removed is said of the thing itself: "Årsmöte 2015, Herning: tillagd".
  if (change.field === '*row')
    return `${who}: ${thingText(t, change.row)}: ${change.new === 'removed' ? t('sharing.removed') : t('sharing.present')}`;
  const what = `${thingText(t, change.row)}, ${fieldText(t, change)}`;
  return `${who}: ${what}: ${valueText(t, language, change.field, change.old)} → ${valueText(t, language, change.field, change.new)}`;
}
