import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n';
import type { PlaceCandidate, PreviewRow } from '../../shared/importing/preview';
import { candidateText, changeText, outcomeText, rowChangesText } from '../../renderer/src/import/changes';

const sv = (await createI18n('sv')).t;
const en = (await createI18n('en')).t;
// Intl writes a space inside numbers as a no-break space; the tests read it as a space.
const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

const PASADENA: PlaceCandidate = {
  geonameId: 5381396,
  name: 'Pasadena',
  areaCode: 'US',
  region: 'CA',
  population: 142_250,
  latitude: 34.14778,
  longitude: -118.14452,
};

describe('what a re-import does, in the preview’s words', () => {
  it('a change field by field, with the count’s year and the language’s numbers', () => {
    const count = { field: 'memberCount', countYear: 2013, from: 230, to: 235 } as const;
    expect(changeText(sv, 'sv', count)).toBe('medlemmar 2013: 230 → 235');
    expect(changeText(en, 'en', count)).toBe('members 2013: 230 → 235');
    expect(plain(changeText(sv, 'sv', { ...count, from: 1135, to: null }))).toBe('medlemmar 2013: 1 135 → Uppgift saknas');
    expect(changeText(en, 'en', { ...count, from: 1135, to: null })).toBe('members 2013: 1,135 → Not reported');
    // A year is written as a year, never "1 946"; nothing stored is said so.
    expect(changeText(sv, 'sv', { field: 'leftYear', from: 2024, to: null })).toBe('utträdesår: 2024 → (tomt)');
    expect(changeText(en, 'en', { field: 'joinedYear', from: null, to: 1946 })).toBe('year joined: (empty) → 1946');
  });

  it('a row’s changes after its name, or that it changes nothing', () => {
    const herning: Pick<PreviewRow, 'name' | 'outcome' | 'changes'> = {
      name: 'Herning',
      outcome: 'change',
      changes: [
        { field: 'memberCount', countYear: 2013, from: 230, to: 235 },
        { field: 'joinedYear', from: 1946, to: 1947 },
      ],
    };
    expect(rowChangesText(sv, 'sv', herning)).toBe('Herning: medlemmar 2013: 230 → 235; kontaktår: 1946 → 1947');
    expect(rowChangesText(sv, 'sv', { name: 'Nuuk', outcome: 'same', changes: [] })).toBe('Nuuk: ingen ändring');
    expect(rowChangesText(en, 'en', { name: 'Nuuk', outcome: 'same' })).toBe('Nuuk: no change');
    // A new member or a repeated row has no changes to tell, nor a preview that gives no outcome.
    expect(rowChangesText(sv, 'sv', { name: 'Lund', outcome: 'add', changes: [] })).toBeNull();
    expect(rowChangesText(sv, 'sv', { name: 'Lund' })).toBeNull();
  });

  it('each outcome in a word', () => {
    expect(outcomeText(sv, { outcome: 'add' })).toBe('Ny');
    expect(outcomeText(sv, { outcome: 'change' })).toBe('Ändras');
    expect(outcomeText(sv, { outcome: 'same' })).toBe('Oförändrad');
    expect(outcomeText(sv, { outcome: 'duplicate', duplicateOf: 3 })).toBe('Dubblett av rad 3');
    expect(outcomeText(en, { outcome: 'duplicate', duplicateOf: 3 })).toBe('Duplicate of row 3');
    expect(outcomeText(en, { outcome: 'same' })).toBe('No change');
    expect(outcomeText(en, {})).toBeNull();
  });

  it('a same-named place by its region, country and population', () => {
    expect(plain(candidateText(sv, 'sv', PASADENA))).toBe('Pasadena, CA, USA · 142 250 inv.');
    expect(candidateText(en, 'en', PASADENA)).toBe('Pasadena, CA, United States · pop. 142,250');
    expect(plain(candidateText(sv, 'sv', { ...PASADENA, name: 'Bergen', areaCode: 'DE', region: null, population: 4731 }))).toBe(
      'Bergen, Tyskland · 4 731 inv.',
    );
  });
});
