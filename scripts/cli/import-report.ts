/**
 * What the import's command line says about the rows of a file it checked: each problem by row,
 * and each row it cannot settle by itself (several same-named places) with its candidates.
 */
import type { TFunction } from 'i18next';
import { hasOwnAreaName } from '../../shared/areas';
import { formatInteger, type Language } from '../../shared/format';
import { translateKey } from '../../shared/i18n';
import type { PreviewRow } from '../../shared/importing/preview';
import { maxYear, YEAR_MIN } from '../../shared/years';

/** A country or area by its name in the language, with its code: "Förenta staterna (US)". */
function areaName(t: TFunction, language: Language, code: string): string {
  if (hasOwnAreaName(code)) return `${t(`areas.${code}`)} (${code})`;
  try {
    const name = new Intl.DisplayNames([language], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The row needs a choice the command line cannot make: several gazetteer places of its name. */
const needsChoice = (row: PreviewRow) => (row.candidates?.length ?? 0) > 0;

/** A row the import cannot take as it stands: a problem, or a place to choose among several. */
export const isInvalid = (row: PreviewRow): boolean => row.problems.length > 0 || needsChoice(row);

/** The lines that explain one row's refusal (none for a valid row), and how many refusals they are. */
export function rowLines(t: TFunction, language: Language, row: PreviewRow): { lines: string[]; count: number } {
  const name = row.name || '—';
  const lines: string[] = row.problems.map((problem) =>
    t('cli.problem', {
      row: row.rowNumber,
      name,
      field: problem.field,
      message: translateKey(t, problem.message, { min: YEAR_MIN, max: maxYear(), ...problem.params }),
    }),
  );
  const candidates = row.candidates ?? [];
  if (candidates.length > 0) {
    const area = row.areaCode ?? candidates[0]!.areaCode;
    lines.push(t('cli.choose', { row: row.rowNumber, name, count: candidates.length, area: areaName(t, language, area) }));
    for (const candidate of candidates) {
      lines.push(
        t('cli.candidate', {
          name: candidate.name,
          area: areaName(t, language, candidate.areaCode),
          region: candidate.region ?? t('cli.noRegion'),
          population: formatInteger(candidate.population, language),
          geonameId: candidate.geonameId,
        }),
      );
    }
    lines.push(t('cli.chooseHint'));
  }
  // The check says "choose one" as a problem of its own: the choice is one refusal, not two.
  const asked = row.problems.some((problem) => problem.message === 'validation.placeAmbiguous');
  return { lines, count: row.problems.length + (candidates.length > 0 && !asked ? 1 : 0) };
}

/** Every refused row of a preview: the lines, in file order, and how many refusals. */
export function refusals(t: TFunction, language: Language, rows: readonly PreviewRow[]): { lines: string[]; count: number } {
  const described = rows.filter(isInvalid).map((row) => rowLines(t, language, row));
  return { lines: described.flatMap((row) => row.lines), count: described.reduce((sum, row) => sum + row.count, 0) };
}
