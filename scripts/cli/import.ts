/**
 * npm run import -- --db PATH --file FILE [--chain NAME] [--create] [--year YEAR] [--skip-invalid] [--lang sv|en]
 * Imports members from CSV, XLSX or GeoJSON into a chain, without the window (`--help` lists the
 * options). It writes only when every row is valid, or with --skip-invalid the valid rows;
 * otherwise it lists the problems by row and changes nothing. Every message is translated.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { DOCUMENT_EXTENSION } from '../../electron/db/document-file';
import { DocumentError } from '../../electron/db/errors';
import { createDocument, openDocument, type OpenDocument } from '../../electron/db/open';
import { addChain, createChain, findChain, listChains } from '../../electron/services/chains';
import { ServiceError, type DocumentContext } from '../../electron/services/context';
import { previewOfFile } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { mapDataFrom } from '../../electron/services/map-data';
import type { Language } from '../../shared/format';
import { cliLanguage } from './language';
import { createI18n, translateKey } from '../../shared/i18n';
import { nameSchema } from '../../shared/validation';
import { maxYear, YEAR_MIN } from '../../shared/years';
import { isInvalid, refusals } from './import-report';

/** A refusal to print: the message is already in the user's language. */
class Refusal extends Error {}

const options = {
  db: { type: 'string' },
  file: { type: 'string' },
  chain: { type: 'string' },
  year: { type: 'string' },
  create: { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  language: { type: 'string' },
  // The old spelling, still taken.
  lang: { type: 'string' },
  help: { type: 'boolean' },
} as const;

let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>> | null = null;
try {
  parsed = parseArgs({ options });
} catch {
  // An unknown option or one without its value: the usage says them all.
}
const values = parsed?.values;
const language: Language = cliLanguage(values?.language ?? values?.lang, 'en') ?? 'en';
const t: TFunction = (await createI18n(language)).getFixedT(language);

if (!values || values.help || !values.db || !values.file || cliLanguage(values.language ?? values.lang, 'en') === null) {
  console.error(t('cli.usage'));
  process.exit(values?.help ? 0 : 2);
}
if (values.year !== undefined && !/^\d{4}$/.test(values.year)) {
  console.error(`${t('cli.badYear')}\n\n${t('cli.usage')}`);
  process.exit(2);
}

const dbPath = values.db;
const filePath = values.file;

/** An error from opening, reading or checking, in the user's words. */
function describe(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  if (error instanceof DocumentError) {
    return translateKey(t, `errors.${error.code}`, { ...error.params, file: basename(dbPath) }, 'errors.io');
  }
  if (error instanceof ServiceError) {
    const { message, params } = error.apiError;
    return t('cli.failed', { reason: translateKey(t, message, { min: YEAR_MIN, max: maxYear(), limit: '', ...params }) });
  }
  return t('cli.failed', { reason: error instanceof Error ? error.message : String(error) });
}

/** The name --chain gives, checked as every name is (trimmed, not empty, not too long). */
function chainName(): string | null {
  if (values!.chain === undefined) return null;
  const checked = nameSchema.safeParse(values!.chain);
  if (!checked.success) throw new Refusal(translateKey(t, checked.error.issues[0]?.message ?? 'validation.invalid'));
  return checked.data;
}

/**
 * The document: opened, or with --create made where there is none, as the app's File > New
 * document makes one (its one chain named by --chain, or after the file). An existing file is
 * never replaced.
 */
async function documentFor(wanted: string | null): Promise<{ document: OpenDocument; created: boolean }> {
  if (existsSync(dbPath)) return { document: await openDocument(dbPath), created: false };
  if (!values!.create) throw new Refusal(t('cli.noDocument', { path: dbPath }));
  const name = wanted ?? basename(dbPath, `.${DOCUMENT_EXTENSION}`);
  const document = await createDocument(dbPath, { seed: (db) => void createChain(db, name) });
  return { document, created: true };
}

/** A document this instance may not write is refused before the file is read: nothing is checked in vain. */
function refuseReadOnly(document: OpenDocument): void {
  if (!document.readOnly) return;
  const file = basename(dbPath);
  if (document.readOnlyReason === 'in_use') {
    const holder = document.lockHolder;
    throw new Refusal(
      t('cli.inUse', { file, host: holder?.host ?? '?', since: holder?.since.slice(0, 16).replace('T', ' ') ?? '?' }),
    );
  }
  throw new Refusal(t(document.readOnlyReason === 'folder' ? 'cli.readOnlyFolder' : 'cli.readOnlyFile', { file }));
}

let opened: { document: OpenDocument; created: boolean } | null = null;
let imported = false;
try {
  const wanted = chainName();
  opened = await documentFor(wanted);
  const { document, created } = opened;
  refuseReadOnly(document);
  const ctx = contextOf(document);
  const chain = wanted === null ? listChains(ctx)[0] : findChain(ctx, wanted);
  if (!chain && wanted === null) throw new Refusal(t('cli.noChains'));

  if (!existsSync(filePath)) throw new Refusal(t('cli.noFile', { path: filePath }));
  const gazetteer = mapDataFrom(join(fileURLToPath(new URL('../../', import.meta.url)), 'resources')).gazetteer();
  // Read and checked as the window's import reads a file: the same limits and the same messages.
  const { preview } = await previewOfFile(ctx, { fileName: basename(filePath), bytes: readFileSync(filePath) }, { gazetteer });
  const refused = refusals(t, language, preview.rows);
  const skipInvalid = values['skip-invalid'] === true;
  if (refused.count > 0 && !skipInvalid) {
    throw new Refusal(`${t('cli.problems', { count: refused.count })}\n${refused.lines.join('\n')}`);
  }
  const excludeRows = preview.rows.filter(isInvalid).map((row) => row.rowNumber);
  if (excludeRows.length === preview.rows.length) {
    const listed = refused.count > 0 ? `${t('cli.skipped', { count: excludeRows.length })}\n${refused.lines.join('\n')}\n` : '';
    throw new Refusal(`${listed}${t('validation.importNothing')}`);
  }

  // Made only now that there is something to import into it: a refused import leaves no empty chain.
  const chainId = chain?.id ?? addChain(ctx, wanted!);
  if (!chain) console.log(t('cli.chainCreated', { chain: wanted, path: dbPath }));
  const result = applyImport(ctx, chainId, preview, {
    countYear: Number(values.year ?? new Date().getFullYear()),
    gazetteer,
    excludeRows,
  });
  imported = true;
  // Said once the import is in: a refused import leaves no document behind (see finally).
  if (created) console.log(t('cli.created', { path: dbPath, chain: chain?.name ?? wanted }));
  console.log(
    t('cli.imported', {
      chain: chain?.name ?? wanted,
      added: result.added,
      updated: result.updated,
      unchanged: result.unchanged,
    }),
  );
  if (excludeRows.length > 0) console.log(`${t('cli.skipped', { count: excludeRows.length })}\n${refused.lines.join('\n')}`);
} catch (error) {
  console.error(describe(error));
  process.exitCode = 1;
} finally {
  opened?.document.close();
  // A document this run made and put nothing in goes again: a refused import writes nothing.
  if (opened?.created && !imported) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
}

function contextOf(document: OpenDocument): DocumentContext {
  return { db: document.db, readOnly: document.readOnly, device: 'import', now: () => new Date().toISOString() };
}
