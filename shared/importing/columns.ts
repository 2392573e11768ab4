import { foldName } from '../text/fold';

/** What a spreadsheet column holds, guessed from its header in Swedish, Danish, Norwegian, Finnish or English. */
export const IMPORT_FIELDS = [
  'name',
  'area',
  'joinedYear',
  'leftYear',
  'memberCount',
  'latitude',
  'longitude',
  'ignore',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const SYNONYMS: Record<Exclude<ImportField, 'ignore'>, string[]> = {
  name: [
    'vänort',
    'vänorter',
    'venskabsby',
    'vennskapsby',
    'ystävyyskunta',
    'member',
    'name',
    'namn',
    'navn',
    'ort',
    'place',
    'kommun',
    'kommune',
  ],
  area: ['land', 'country', 'område', 'area', 'maa', 'country or area', 'land eller område'],
  joinedYear: ['kontaktår', 'inträde', 'inträdesår', 'year joined', 'joined', 'tilslutningsår', 'innmeldt', 'startår', 'år'],
  leftYear: ['utträde', 'utträdesår', 'year left', 'left', 'udtrådt', 'utmeldt'],
  memberCount: [
    'medlemsantal',
    'medlemmar',
    'medlemmer',
    'members',
    'member count',
    'antal medlemmar',
    'medlemstal',
    'jäsenmäärä',
  ],
  latitude: ['latitud', 'latitude', 'lat', 'breddgrad'],
  longitude: ['longitud', 'longitude', 'lon', 'lng', 'længdegrad', 'lengdegrad'],
};

const LOOKUP = new Map<string, ImportField>(
  Object.entries(SYNONYMS).flatMap(([field, words]) => words.map((word) => [foldName(word), field as ImportField] as const)),
);

/** One field per column; a field is given to the first column that names it, the rest are ignored. */
export function guessMapping(headers: readonly string[]): ImportField[] {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = LOOKUP.get(foldName(header)) ?? 'ignore';
    if (field === 'ignore' || taken.has(field)) return 'ignore';
    taken.add(field);
    return field;
  });
}
