import Database from 'better-sqlite3';
import { GAZETTEER_PATH } from '../helpers/gazetteer';

const EUROPE = new Set(
  'SE DK NO FI IS FO GL AX DE PL EE LV LT GB IE FR NL BE LU IT ES PT AT CH CZ SK HU SI HR RO BG GR RU UA BY'.split(' '),
);

/**
 * A register of twin towns as the branches keep them: the Nordic municipality's chain, the twin
 * town by name (most without coordinates, so each is looked up in the gazetteer), its country
 * as registers write it (Swedish, English, Danish, Norwegian, Finnish or German name, or the ISO
 * code), the year and the count. Towns from many countries, the same ones in several chains,
 * some spelled without accents (Malmo) or by another name (Åbo). Seeded: the same file each time.
 */
export function realNamesSheet(rows: number, seed = 12): string {
  let state = seed;
  const random = (below: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % below;
  };
  const db = new Database(GAZETTEER_PATH, { readonly: true, fileMustExist: true });
  // Towns, not hamlets: twin towns are municipalities. In GeoNames' order, spread over countries.
  const towns = db
    .prepare('SELECT names, country, latitude, longitude FROM place WHERE population >= 5000 ORDER BY country, geoname_id')
    .all() as Array<{ names: string; country: string; latitude: number; longitude: number }>;
  db.close();
  const languages = ['sv', 'sv', 'sv', 'en', 'en', 'da', 'nb', 'fi', 'de'];
  const displayNames = new Map(languages.map((language) => [language, new Intl.DisplayNames([language], { type: 'region' })]));
  const chains = ['Vänersborg', 'Herning', 'Kangasala', 'Holmestrand', 'Huddinge', 'Göteborg', 'Tórshavn', 'Akureyri'];
  // A register names some 2 rows per town: the same towns turn up in several chains. Half of
  // them Nordic or European, as Nordic municipalities' twins mostly are; the rest from anywhere.
  const european = towns.filter((town) => EUROPE.has(town.country));
  const distinct = Math.max(2, Math.round(rows / 2));
  const spread = (from: typeof towns, count: number) => {
    const step = from.length / count;
    return Array.from({ length: count }, (_, index) => from[Math.floor(index * step + random(Math.max(1, Math.floor(step))))]!);
  };
  const picked = [...spread(european, Math.ceil(distinct / 2)), ...spread(towns, Math.floor(distinct / 2))];
  const lines = ['Kedja;Vänort;Land;Kontaktår;Medlemsantal;Latitud;Longitud'];
  for (let index = 0; index < rows; index += 1) {
    const town = picked[random(picked.length)]!;
    const names = town.names.split('|');
    const spelling = random(20);
    const name =
      spelling < 12
        ? names[0]!
        : spelling < 17
          ? names[0]!.normalize('NFKD').replace(/\p{M}/gu, '')
          : (names.slice(1).find((alternate) => /^\p{Lu}/u.test(alternate) && random(2) === 0) ?? names[0]!);
    const written = random(10);
    const country =
      written < 2 ? town.country : (displayNames.get(languages[random(languages.length)]!)!.of(town.country) ?? town.country);
    const count = random(10) === 0 ? 'Uppgift saknas' : String(10 + random(900));
    const position = random(7) === 0 ? [town.latitude.toFixed(4), town.longitude.toFixed(4)] : ['', ''];
    const cell = /[;"]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
    lines.push([chains[random(chains.length)], cell, country, 1946 + random(75), count, ...position].join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
