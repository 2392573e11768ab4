/**
 * npm run export -- --db PATH --format csv|xlsx|geojson --out FILE [--chain NAME] [--delimiter ';'|','|tab] [--language sv|da|nb|fi|is|en]
 * The app's export without the window, for IT helpers and scripts. CSV writes one file per
 * table next to FILE (FILE itself holds the members).
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { DocumentError } from '../../electron/db/errors';
import { openDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import { ServiceError, type DocumentContext } from '../../electron/services/context';
import { exportChainToFile, type Delimiter, type ExportFormat } from '../../electron/services/exporting';
import { createI18n, translateKey } from '../../shared/i18n';
import { cliLanguage } from './language';

/** --delimiter: a semicolon, a comma, or a tab (named, since a shell makes a typed tab hard). */
const DELIMITERS: Record<string, Delimiter> = { ';': ';', ',': ',', tab: '\t', '\t': '\t' };

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
// Its messages speak the same language (the usage in the system's, or English, when --language is wrong).
const t: TFunction = (await createI18n(language ?? 'en')).getFixedT(language ?? 'en');
if (
  !values.db ||
  !values.out ||
  !['csv', 'xlsx', 'geojson'].includes(values.format ?? '') ||
  !Object.hasOwn(DELIMITERS, values.delimiter!) ||
  language === null
) {
  console.error(t('cli.export.usage'));
  process.exit(2);
}

/** Why the export did not happen, in the user's words. */
function describe(error: unknown): string {
  if (error instanceof DocumentError)
    return translateKey(t, `errors.${error.code}`, { ...error.params, file: basename(values.db!) }, 'errors.io');
  if (error instanceof ServiceError)
    return t('cli.export.failed', { reason: translateKey(t, error.apiError.message, error.apiError.params) });
  return t('cli.export.failed', { reason: error instanceof Error ? error.message : String(error) });
}

try {
  const document = await openDocument(values.db);
  const ctx: DocumentContext = { db: document.db, readOnly: true, device: 'export', now: () => new Date().toISOString() };
  const chains = listChains(ctx);
  const chain = values.chain ? chains.find((item) => item.name === values.chain) : chains[0];
  if (!chain) {
    document.close();
    const file = basename(values.db);
    console.error(values.chain ? t('cli.export.noChain', { file, name: values.chain }) : t('cli.export.noChains', { file }));
    process.exit(1);
  }
  await exportChainToFile(ctx, {
    chainId: chain.id,
    format: values.format as ExportFormat,
    delimiter: DELIMITERS[values.delimiter!]!,
    t,
    path: values.out,
  });
  document.close();
  console.log(t('cli.export.done', { chain: chain.name, path: values.out }));
} catch (error) {
  console.error(describe(error));
  process.exit(1);
}
