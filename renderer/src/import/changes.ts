import type { TFunction } from 'i18next';
import type { Language } from '../../../shared/format';
import { formatInteger } from '../../../shared/format';
import type { ChangedField, FieldChange, PlaceCandidate, PreviewRow } from '../../../shared/importing/preview';
import { areaName } from '../members/areaName';

// What a re-import does, in the preview's words: "Herning: medlemmar 2013: 230 → 235".

const FIELD_KEYS = {
  joinedYear: 'import.changeFields.joinedYear',
  leftYear: 'import.changeFields.leftYear',
  memberCount: 'import.changeFields.memberCount',
  position: 'import.changeFields.position',
  note: 'import.changeFields.note',
  place: 'import.changeFields.place',
} as const satisfies Record<ChangedField, string>;

/** A stored or new value: a count as the language writes numbers; nothing stored is said so. */
function valueText(t: TFunction, language: Language, field: ChangedField, value: string | number | null): string {
  if (value === null) return field === 'memberCount' ? t('import.notReported') : t('import.changeEmpty');
  if (field === 'memberCount' && typeof value === 'number') return formatInteger(value, language);
  return String(value);
}

/** One field a row changes: "medlemmar 2013: 230 → 235". */
export function changeText(t: TFunction, language: Language, change: FieldChange): string {
  const field = t(FIELD_KEYS[change.field], { year: change.countYear ?? '' });
  const from = valueText(t, language, change.field, change.from);
  const to = valueText(t, language, change.field, change.to);
  return `${field}: ${from} → ${to}`;
}

/**
 * What the row changes in a member the document has, field by field ("Herning: medlemmar 2013:
 * 230 → 235"), or that it changes nothing ("Nuuk: ingen ändring"); null for a row that adds a
 * member, repeats another, or whose changes the preview does not give.
 */
export function rowChangesText(
  t: TFunction,
  language: Language,
  row: Pick<PreviewRow, 'name' | 'outcome' | 'changes'>,
): string | null {
  if (row.outcome !== 'change' && row.outcome !== 'same') return null;
  const name = row.name;
  if (!row.changes?.length) return `${name}: ${t('import.noChange')}`;
  return `${name}: ${row.changes.map((change) => changeText(t, language, change)).join('; ')}`;
}

/** The row's outcome in a word: Ny, Ändras, Oförändrad, Dubblett av rad 3. */
export function outcomeText(t: TFunction, row: Pick<PreviewRow, 'outcome' | 'duplicateOf'>): string | null {
  switch (row.outcome) {
    case 'add':
      return t('import.outcomes.add');
    case 'change':
      return t('import.outcomes.change');
    case 'same':
      return t('import.outcomes.same');
    case 'duplicate':
      return t('import.outcomes.duplicate', { row: row.duplicateOf ?? '?' });
    default:
      return null;
  }
}

/** A same-named place to choose: "Pasadena, CA, USA · 142 250 inv." */
export function candidateText(t: TFunction, language: Language, candidate: PlaceCandidate): string {
  const values = {
    name: candidate.name,
    region: candidate.region ?? '',
    country: areaName(candidate.areaCode, t, language),
    population: formatInteger(candidate.population, language),
  };
  return candidate.region ? t('import.candidate', values) : t('import.candidateNoRegion', values);
}
