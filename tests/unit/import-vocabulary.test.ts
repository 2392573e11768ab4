import { describe, expect, it } from 'vitest';
import { fieldOfHeader, guessMapping } from '../../shared/importing/columns';
import { areaCodeOf } from '../../shared/importing/countries';
import { importedArea, importedCount, importedYear, isTotalLine } from '../../shared/importing/values';

describe('headers in every Nordic language, English and German', () => {
  it('maps the Danish sheet "Venskabsby;Land;Tilsluttet;Medlemstal" whole', () => {
    expect(guessMapping(['Venskabsby', 'Land', 'Tilsluttet', 'Medlemstal'])).toEqual([
      'name',
      'area',
      'joinedYear',
      'memberCount',
    ]);
  });

  it('takes "Land (eller område)" and other headers with parentheses, case and punctuation as their field', () => {
    expect(fieldOfHeader('Land (eller område)')).toBe('area');
    expect(fieldOfHeader('LAND.')).toBe('area');
    expect(fieldOfHeader('Medlemmar (2013)')).toBe('memberCount');
    expect(fieldOfHeader('Venskabsby / Twin town')).toBe('name');
    expect(fieldOfHeader('Year-joined')).toBe('joinedYear');
  });

  it.each([
    [
      'sv',
      [
        'Vänort',
        'Land eller område',
        'Inträdesår',
        'Utträdesår',
        'Medlemsantal',
        'Uppgiftsår',
        'Latitud',
        'Longitud',
        'Anteckning',
      ],
    ],
    [
      'da',
      ['Venskabsby', 'Land', 'Tilsluttet', 'Udtrådt', 'Medlemstal', 'Opgørelsesår', 'Breddegrad', 'Længdegrad', 'Bemærkning'],
    ],
    ['nb', ['Vennskapsby', 'Land', 'Innmeldt', 'Utmeldt', 'Medlemstall', 'Telleår', 'Breddegrad', 'Lengdegrad', 'Merknad']],
    [
      'nn',
      ['Vennskapsby', 'Land', 'Innmeldingsår', 'Utmeldingsår', 'Medlemstal', 'Teljeår', 'Breddegrad', 'Lengdegrad', 'Merknad'],
    ],
    [
      'fi',
      [
        'Ystävyyskunta',
        'Maa',
        'Liittymisvuosi',
        'Eroamisvuosi',
        'Jäsenmäärä',
        'Laskentavuosi',
        'Leveysaste',
        'Pituusaste',
        'Huomautus',
      ],
    ],
    [
      'is',
      ['Vinabær', 'Land', 'Ár', 'Úrsögn', 'Fjöldi félagsmanna', 'Talningarár', 'Breiddargráða', 'Lengdargráða', 'Athugasemd'],
    ],
    [
      'en',
      ['Twin town', 'Country or area', 'Year joined', 'Year left', 'Member count', 'Count year', 'Latitude', 'Longitude', 'Note'],
    ],
    ['de', ['Partnerstadt', 'Land', 'Beitritt', 'Austritt', 'Mitglieder', 'Stichjahr', 'Breitengrad', 'Längengrad', 'Bemerkung']],
  ])('%s: place, country, years, count, count year, position and note', (_language, headers) => {
    expect(guessMapping(headers)).toEqual([
      'name',
      'area',
      'joinedYear',
      'leftYear',
      'memberCount',
      'countYear',
      'latitude',
      'longitude',
      'note',
    ]);
  });

  it('leaves an unknown header unmapped, and a second column of one field ignored', () => {
    expect(guessMapping(['Vänort', 'Kontaktperson', 'Ort'])).toEqual(['name', 'ignore', 'ignore']);
  });
});

describe('values as the languages write them', () => {
  it.each([
    ['1250', 1250],
    ['1 250', 1250],
    ['1\u00a0250', 1250],
    ['1\u202f250', 1250],
    ['1.250', 1250],
    ['1.250.000', 1250000],
    ['12', 12],
  ])('the count %j is %d', (text, value) => {
    expect(importedCount(text)).toEqual({ ok: true, value });
  });

  it.each(['1.25', '12.50', '1 25', '1,250', '1.250 000', 'hundra'])('%j is not a count', (text) => {
    expect(importedCount(text)).toEqual({ ok: false, message: 'validation.countNotNumber' });
  });

  it.each(['ca 100', 'ca. 100', 'Ca 1 250', 'cirka 100', 'omkring 100', 'noin 100', 'u.þ.b. 100', 'about 100', '~100'])(
    '%j is a problem that says the count is approximate',
    (text) => {
      expect(importedCount(text)).toEqual({ ok: false, message: 'validation.countApproximate' });
    },
  );

  it.each([
    'Uppgift saknas',
    'ikke oplyst',
    'uoplyst',
    'ikke oppgitt',
    'ikkje oppgitt',
    'ei tiedossa',
    'upplýsingar vantar',
    'Upplysingar vantar.',
    'not reported',
    'NOT REPORTED',
    '',
    '-',
    '?',
  ])('%j is not reported', (text) => {
    expect(importedCount(text)).toEqual({ ok: true, value: null });
  });

  it.each(['1946/47', '1946-47', '1946–1947', '1946 / 1947'])('the year %j asks for one year', (text) => {
    expect(importedYear(text)).toEqual({ ok: false, message: 'validation.yearOneYear' });
  });

  it('a year in digits is still a year, and one out of range still says so', () => {
    expect(importedYear('1946')).toEqual({ ok: true, value: 1946 });
    expect(importedYear('3024')).toEqual({ ok: false, message: 'validation.yearRange' });
    expect(importedYear('nittonhundra')).toEqual({ ok: false, message: 'validation.yearNotNumber' });
  });

  it.each([
    ['Summa', ''],
    ['Total', '1 135'],
    ['I alt', '2.415'],
    ['Yhteensä', '2 370'],
    ['Samtals', ''],
    ['Til sammen', '1 550'],
    ['', '1 135'],
  ])('a row named %j with the count %j is a total line', (name, count) => {
    expect(isTotalLine(name, count)).toBe(true);
  });

  it.each([
    ['Lund', '1 135'],
    ['', ''],
    ['', 'uoplyst'],
    ['Totalsjö', '5'],
  ])('a row named %j with the count %j is not a total line', (name, count) => {
    expect(isTotalLine(name, count)).toBe(false);
  });
});

describe('countries and areas by name (Intl.DisplayNames) or code', () => {
  it.each([
    ['Poland', 'PL'],
    ['Estonia', 'EE'],
    ['Polen', 'PL'],
    ['Puola', 'PL'],
    ['Pólland', 'PL'],
    ['Viro', 'EE'],
    ['pl', 'PL'],
    ['Japan', 'JP'],
    ['Japani', 'JP'],
    ['Sverige', 'SE'],
    ['Ruotsi', 'SE'],
    ['Svíþjóð', 'SE'],
    ['Noreg', 'NO'],
    ['Færøerne', 'FO'],
    ['Faeroerne', 'FO'],
    ['Føroyar', 'FO'],
    ['Faroe Islands', 'FO'],
    ['Kalaallit Nunaat', 'GL'],
    ['Grænland', 'GL'],
    ['Ahvenanmaa', 'AX'],
    ['Aland Islands', 'AX'],
    ['Deutschland', 'DE'],
    ['Bosnien-Hercegovina', 'BA'],
    ['Myanmar', 'MM'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ['UK', 'GB'],
    ['Sydslesvig', 'DE-SYD'],
    ['Southern Schleswig', 'DE-SYD'],
    ['Südschleswig', 'DE-SYD'],
    ['de-syd', 'DE-SYD'],
  ])('%j is %s', (text, code) => {
    expect(areaCodeOf(text)).toBe(code);
    expect(importedArea(text)).toEqual({ ok: true, value: code });
  });

  it.each(['Atlantis', 'XX', 'SU', 'EU', 'ZZ', 'Nippon', 'Kongo'])('%j is no area the app knows (or it is ambiguous)', (text) => {
    expect(areaCodeOf(text)).toBeNull();
    expect(importedArea(text)).toEqual({ ok: false, message: 'validation.areaUnknown' });
  });
});
