/**
 * What the import's command line prints for a row it cannot take: each problem in words, and a
 * row with several same-named places with each candidate and what to add to the file.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n';
import type { PreviewRow } from '../../shared/importing/preview';
import { isInvalid, refusals, rowLines } from '../../scripts/cli/import-report';

const en = (await createI18n('en')).getFixedT('en');
const sv = (await createI18n('sv')).getFixedT('sv');

function row(values: Partial<PreviewRow>): PreviewRow {
  return {
    rowNumber: 2,
    name: 'Herning',
    areaCode: 'DK',
    joinedYear: 1946,
    leftYear: null,
    memberCount: 230,
    hasCount: true,
    latitude: null,
    longitude: null,
    place: null,
    problems: [],
    ...values,
  };
}

const pasadena = row({
  rowNumber: 5,
  name: 'Pasadena',
  areaCode: 'US',
  candidates: [
    {
      geonameId: 5381396,
      name: 'Pasadena',
      areaCode: 'US',
      region: 'CA',
      population: 141029,
      latitude: 34.14778,
      longitude: -118.14452,
    },
    {
      geonameId: 4717560,
      name: 'Pasadena',
      areaCode: 'US',
      region: 'TX',
      population: 151950,
      latitude: 29.69106,
      longitude: -95.2091,
    },
  ],
});

describe('the command line on the rows it refuses', () => {
  it('lists every same-named place with country, region, population and GeoNames id, and the way to choose', () => {
    expect(isInvalid(pasadena)).toBe(true);
    expect(rowLines(en, 'en', pasadena)).toEqual({
      count: 1,
      lines: [
        'row 5 (Pasadena): 2 places of this name in United States (US):',
        '  - Pasadena, United States (US), region CA, population 141,029, GeoNames id 5381396',
        '  - Pasadena, United States (US), region TX, population 151,950, GeoNames id 4717560',
        '  Add a GeoNames id column (geonameId) with the id of the place meant, or latitude and longitude columns, and run the import again.',
      ],
    });
    const swedish = rowLines(sv, 'sv', pasadena).lines;
    expect(swedish[0]).toBe('rad 5 (Pasadena): 2 orter med det namnet i USA (US):');
    expect(swedish[1]?.replace(/\u00a0/g, ' ')).toBe('  - Pasadena, USA (US), region CA, 141 029 invånare, GeoNames-id 5381396');
  });

  it('says each problem by row, name, field and message, and nothing for a valid row', () => {
    const bad = row({
      rowNumber: 6,
      name: 'Kangasala',
      areaCode: 'FI',
      problems: [{ field: 'joinedYear', message: 'validation.yearRange', value: '3024' }],
    });
    const sydslesvig = row({
      rowNumber: 7,
      name: 'Husby',
      areaCode: 'DE-SYD',
      candidates: [
        { geonameId: 1, name: 'Husby', areaCode: 'DE', region: null, population: 3000, latitude: 54.7, longitude: 9.6 },
      ],
    });
    const result = refusals(en, 'en', [row({}), bad, sydslesvig]);
    expect(result.count).toBe(2);
    expect(result.lines[0]).toMatch(/^row 6 \(Kangasala\): joinedYear: The year must be between 1900 and \d{4}\.$/);
    expect(result.lines[1]).toBe('row 7 (Husby): 1 place of this name in Southern Schleswig (DE-SYD):');
    expect(result.lines[2]).toBe('  - Husby, Germany (DE), region unknown, population 3,000, GeoNames id 1');
    expect(isInvalid(row({}))).toBe(false);
  });

  it("fills in a problem's own values (the earlier row a duplicate contradicts)", () => {
    const repeated = row({
      rowNumber: 9,
      problems: [{ field: 'name', message: 'validation.duplicateDiffers', params: { row: 4 } }],
    });
    expect(rowLines(en, 'en', repeated).lines[0]).toBe(
      'row 9 (Herning): name: The same place as row 4, but with other values. Remove one of the rows or make them agree.',
    );
  });

  it("counts a row that asks to choose once, with the check's problem and the list", () => {
    const asked = { ...pasadena, problems: [{ field: 'place' as const, message: 'validation.placeAmbiguous' }] };
    const { lines, count } = rowLines(en, 'en', asked);
    expect(count).toBe(1);
    expect(lines[0]).toBe('row 5 (Pasadena): place: Several places in the country have this name: choose one.');
    expect(lines[1]).toBe('row 5 (Pasadena): 2 places of this name in United States (US):');
  });
});
