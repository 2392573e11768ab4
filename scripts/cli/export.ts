/**
 * npm run export -- --db PATH --format csv|xlsx|geojson --out FILE [--chain NAME] [--delimiter ';'|','] [--language sv|da|nb|fi|is|en]
 * The app's export without the window, for IT helpers and scripts. CSV writes one file per
 * table next to FILE (FILE itself holds the members).
 */
import { parseArgs } from 'node:util';
import { openDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import type { DocumentContext } from '../../electron/services/context';
import { exportChainToFile, type Delimiter, type ExportFormat } from '../../electron/services/exporting';
import { createI18n } from '../../shared/i18n';
import { cliLanguage } from './language';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    chain: { type: 'string' },
    delimiter: { type: 'string', default: ';' },
    language: { type: 'string' },
  },
});
// The file's headers and sheet names: in the language asked for, else the system's, else Swedish (the app's default).
const language = cliLanguage(values.language, 'sv');
const usage =
  'Usage: npm run export -- --db PATH --format csv|xlsx|geojson --out FILE [--chain NAME] [--delimiter ";"|","] [--language sv|da|nb|fi|is|en]';
if (
  !values.db ||
  !values.out ||
  !['csv', 'xlsx', 'geojson'].includes(values.format ?? '') ||
  ![';', ','].includes(values.delimiter!) ||
  language === null
) {
  console.error(usage);
  process.exit(2);
}

try {
  const document = await openDocument(values.db);
  const ctx: DocumentContext = { db: document.db, readOnly: true, device: 'export', now: () => new Date().toISOString() };
  const chain = values.chain ? listChains(ctx).find((item) => item.name === values.chain) : listChains(ctx)[0];
  if (!chain) throw new Error(`No chain named ${values.chain ?? '(any)'} in ${values.db}`);
  await exportChainToFile(ctx, {
    chainId: chain.id,
    format: values.format as ExportFormat,
    delimiter: values.delimiter as Delimiter,
    t: (await createI18n(language!)).getFixedT(language!),
    path: values.out,
  });
  document.close();
  console.log(`Exported ${chain.name} to ${values.out}`);
} catch (error) {
  console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
