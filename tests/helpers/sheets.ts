import { foldName } from '../../shared/text/fold';

/**
 * The messy spreadsheet of issue 5, as a volunteer's Excel saves it: semicolons, a BOM, Windows
 * line ends, "Uppgift saknas" as a count, a wrong accent (Siglufjordúr), an empty row (5), a year
 * of 3024 (row 6), a count written as text (row 7) and a place no gazetteer has (row 8).
 */
export const MESSY_SHEET =
  '\uFEFFVänort;Land;Kontaktår;Medlemsantal\r\n' +
  'Herning;Danmark;1946;230\r\n' +
  'Siglufjordúr;Island;1949;30\r\n' +
  'Eiði;Färöarna;1978;Uppgift saknas\r\n' +
  ';;;\r\n' +
  'Kangasala;Finland;3024;70\r\n' +
  'Holmestrand;Norge;1947;hundra\r\n' +
  'Xyzzyby;Sverige;1990;5\r\n';

/** A register of `rows` new places with coordinates, years and counts, as a big branch sheet is. */
export function csvOfRows(rows: number, prefix: string): string {
  const lines = ['Vänort;Land;Kontaktår;Medlemsantal;Latitud;Longitud'];
  for (let index = 0; index < rows; index += 1) {
    lines.push(
      `${prefix} ${index};Sverige;${1946 + (index % 70)};${index % 11 === 0 ? 'Uppgift saknas' : 5 + (index % 500)};${(55 + (index % 1000) * 0.01).toFixed(4)};${(10 + Math.floor(index / 1000) * 0.1).toFixed(4)}`,
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A CSV of members by name and country, without coordinates: each name must be looked up. */
export const namesSheet = (rows: readonly string[]): string => ['Vänort;Land;Kontaktår', ...rows].join('\n');

/** Rows of `count` names that no register knows (issue 11: such a file once took 72 s). */
export const unknownPlaceRows = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `Qxzvort ${index} Bjq;Sverige;1990`);

/**
 * Rows of `count` real places spread over the bundled gazetteer (it is in country order, so they
 * come from most countries), each by its main name and country code, no two of one folded name.
 * A name that several places of its country carry (Pasadena in the US) asks the user which one
 * is meant, so only names that one place of the country carries are taken.
 */
export function realPlaceRows(gazetteerTsv: string, count: number): { rows: string[]; countries: number } {
  const seen = new Set<string>();
  const rows: string[] = [];
  const countries = new Set<string>();
  const lines = gazetteerTsv.split('\n');
  const places = new Map<string, number>();
  for (const line of lines) {
    const [, name, , , country] = line.split('\t');
    const key = `${name?.toLowerCase()}\t${country}`;
    places.set(key, (places.get(key) ?? 0) + 1);
  }
  const step = Math.max(1, Math.floor(lines.length / (count * 1.3)));
  for (let index = 0; rows.length < count && index < lines.length; index += step) {
    const [, name, , , country] = lines[index]!.split('\t');
    if (!name || !country || name.length > 200 || seen.has(foldName(name))) continue;
    if (places.get(`${name.toLowerCase()}\t${country}`)! > 1) continue;
    seen.add(foldName(name));
    countries.add(country);
    rows.push(`"${name.replaceAll('"', '""')}";${country};1990`);
  }
  return { rows, countries: countries.size };
}
