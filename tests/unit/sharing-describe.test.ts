import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../../shared/contract';
import { createI18n } from '../../shared/i18n';
import { authorText, changeText, fieldText, thingText, valueText } from '../../shared/sharing/describe';

/** Changes and conflicts in words, as the preview, "What changed" and the command line say them. */

/** Intl's thousands separator (a no-break space in Swedish) as a plain space. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const karen = { device: 'd1a2b3c4d5e6', laptop: 'Herning – Karen' };
const count: FieldChange = {
  row: { table: 'member_count', name: 'Herning', year: 2014 },
  rowKey: 'b1:2014',
  field: 'count',
  old: 1230,
  new: 1235,
  author: karen,
  at: '2026-12-02T10:00:00.000Z',
};

describe('sharing in words', () => {
  it('says who, when, the thing and its field, old → new, with numbers in the language', async () => {
    const sv = (await createI18n('sv')).t;
    const en = (await createI18n('en')).t;
    expect(plain(changeText(sv, 'sv', count))).toBe('Herning – Karen, 2 dec.: Herning, medlemmar 2014: 1 230 → 1 235');
    expect(changeText(en, 'en', count)).toBe('Herning – Karen, 2 Dec: Herning, members 2014: 1,230 → 1,235');
    // A year is not written with a thousands separator.
    expect(
      changeText(sv, 'sv', { ...count, row: { table: 'membership', name: 'Husby' }, field: 'joined_year', old: 1988, new: 1989 }),
    ).toBe('Herning – Karen, 2 dec.: Husby, året då orten gick med: 1988 → 1989');
  });

  it('says a row added or removed of the thing itself, and a meeting by its year and host', async () => {
    const sv = (await createI18n('sv')).t;
    const meeting: FieldChange = {
      ...count,
      row: { table: 'meeting', name: 'Herning', year: 2015 },
      rowKey: 'm1',
      field: '*row',
      old: null,
      new: 'live',
    };
    expect(changeText(sv, 'sv', meeting)).toBe('Herning – Karen, 2 dec.: Årsmöte 2015, Herning: tillagd');
    expect(changeText(sv, 'sv', { ...meeting, old: 'live', new: 'removed' })).toBe(
      'Herning – Karen, 2 dec.: Årsmöte 2015, Herning: borttagen',
    );
    // As a conflict's value (one laptop removed it, another edited it): kept or removed.
    expect(valueText(sv, 'sv', '*row', 'live')).toBe('finns kvar');
    expect(valueText(sv, 'sv', '*row', 'removed')).toBe('borttagen');
    expect(thingText(sv, { table: 'meeting', name: null, year: 2015 })).toBe('Årsmöte 2015');
    expect(thingText(sv, { table: 'agreement', name: null })).toBe('ett avtal');
    expect(fieldText(sv, { row: { table: 'place', name: 'Herning' }, field: 'no_such_column' })).toBe('en uppgift');
  });

  it('names a laptop that never named itself by its device, and the first shared history as such', async () => {
    const sv = (await createI18n('sv')).t;
    expect(authorText(sv, { device: 'd1a2b3c4d5e6', laptop: '' })).toBe('dator d1a2b3c4');
    expect(authorText(sv, { device: '', laptop: '' })).toBe('dokumentet som det var när delningen började');
    expect(plain(changeText(sv, 'sv', { ...count, author: { device: '', laptop: '' }, at: '' }))).toBe(
      'dokumentet som det var när delningen började: Herning, medlemmar 2014: 1 230 → 1 235',
    );
  });
});
