/**
 * npm run import -- --db PATH --file FILE [--chain NAME] [--year YEAR]
 * Imports members from CSV, XLSX or GeoJSON into a chain, without the window. It writes only when
 * every row is valid; otherwise it lists the problems by row and changes nothing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import type { DocumentContext } from '../../electron/services/context';
import { readTable } from '../../electron/services/importing/read';
import { previewImport } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { mapDataFrom } from '../../electron/services/map-data';
import { createI18n, translateKey } from '../../shared/i18n';

const { values } = parseArgs({
  options: { db: { type: 'string' }, file: { type: 'string' }, chain: { type: 'string' }, year: { type: 'string' } },
});
if (!values.db || !values.file || (values.year !== undefined && !/^\d{4}$/.test(values.year))) {
  console.error(
    'Usage: npm run import -- --db PATH --file FILE.csv|.xlsx|.geojson [--chain NAME] [--year YEAR of the member counts]',
  );
  process.exit(2);
}

try {
  const t = (await createI18n('en')).t;
  const document = await openDocument(values.db);
  const ctx: DocumentContext = {
    db: document.db,
    readOnly: document.readOnly,
    device: 'import',
    now: () => new Date().toISOString(),
  };
  const chain = values.chain ? listChains(ctx).find((item) => item.name === values.chain) : listChains(ctx)[0];
  if (!chain) throw new Error(`No chain named ${values.chain ?? '(any)'} in ${values.db}`);
  const gazetteer = mapDataFrom(join(fileURLToPath(new URL('../../', import.meta.url)), 'resources')).gazetteer();
  const preview = previewImport(ctx, await readTable(values.file), { gazetteer });
  const problems = preview.rows.flatMap((row) =>
    row.problems.map(
      (problem) =>
        `row ${row.rowNumber} (${row.name || '—'}): ${problem.field}: ${translateKey(t, problem.message, { min: 1900, max: new Date().getFullYear() + 1 })}`,
    ),
  );
  if (problems.length > 0) {
    console.error(`Nothing was imported; ${problems.length} problem(s):\n${problems.join('\n')}`);
    document.close();
    process.exit(1);
  }
  const result = applyImport(ctx, chain.id, preview, { countYear: Number(values.year ?? new Date().getFullYear()), gazetteer });
  document.close();
  console.log(`Imported into ${chain.name}: ${result.added} added, ${result.updated} updated.`);
} catch (error) {
  console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
