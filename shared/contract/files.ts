import { z } from 'zod';
import { IMPORT_FIELDS } from '../importing/columns';
import type { ImportFilePreview } from '../importing/preview';
import { idSchema, isStorableLine, yearSchema } from '../validation';
import { action, edit, empty, type EditAnswer } from './method';
import { languageSchema } from './document';

/** The largest spreadsheet the window may send for import: 20 MB, as base64. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const importFile = {
  fileName: z.string().trim().min(1, { error: 'validation.invalid' }).max(260, { error: 'validation.invalid' }),
  contentBase64: z.string().max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4, { error: 'validation.importTooLarge' }),
  /** The field of each column; when left out (or not fitting the file) it is guessed from the headers. */
  mapping: z
    .array(z.enum(IMPORT_FIELDS, { error: 'validation.invalid' }))
    .max(1000)
    .optional(),
  /** The dialog's year of the member counts (a count-year column overrides it for its rows). */
  countYear: yearSchema.optional(),
  /** "Empty cells clear values": off, an empty cell never clears a stored fact. */
  emptyClears: z.boolean().default(false),
  /** The user's pick among same-named places, by row. */
  placeChoices: z
    .array(z.object({ rowNumber: z.number().int().min(1).max(10_000_000), geonameId: z.number().int().min(1) }).strict())
    .max(1_000_000)
    .default([]),
};

/** The export's formats, and the CSV's delimiters: semicolon (what Nordic Excel expects), comma, tab. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'geojson'] as const;
export const EXPORT_DELIMITERS = [';', ',', '\t'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportDelimiter = (typeof EXPORT_DELIMITERS)[number];

/** What an export asks for: the window's File > Export, its Export dialog, and the browser host's download. */
export const exportRequestSchema = z
  .object({
    chainId: idSchema,
    format: z.enum(EXPORT_FORMATS, { error: 'validation.invalid' }),
    delimiter: z.enum(EXPORT_DELIMITERS, { error: 'validation.invalid' }).default(';'),
  })
  .strict();

/** Files: importing members from a spreadsheet, and what the desktop's file dialogs do. */
export const fileMethods = {
  /** Reads a spreadsheet the user picked and says what an import would do; writes nothing. */
  'import.preview': action<ImportFilePreview>()(
    z
      .object({
        ...importFile,
        /** The chain the rows would go into: each row's outcome and changes are worked out against it. */
        chainId: idSchema.optional(),
      })
      .strict(),
  ),
  /**
   * Imports the file's rows into a chain (one undo step); refused while a row that is not excluded has
   * a problem. Counts the members added and updated, and the rows that changed nothing.
   */
  'import.apply': edit<EditAnswer & { added: number; updated: number; unchanged: number }>()(
    z
      .object({
        ...importFile,
        chainId: idSchema,
        countYear: yearSchema,
        excludeRows: z.array(z.number().int().min(1).max(10_000_000)).max(1_000_000).default([]),
        excludeRowsWithProblems: z.boolean().default(false),
      })
      .strict(),
  ),
  /** File actions need the desktop's dialogs; the browser host answers "unsupported". */
  'file.new': action<{ opened: boolean }>()(empty),
  'file.open': action<{ opened: boolean }>()(empty),
  'file.saveCopy': action<{ savedTo: string | null }>()(empty),
  /** Sharing, Send changes…: this laptop's changes file (sync.send) saved where the user picks. */
  'file.saveChanges': action<{ savedTo: string | null; changes: number; bytes: number }>()(
    z.object({ all: z.boolean().optional() }).strict(),
  ),
  /** Exports the chain to a file the user picks (CSV, XLSX or GeoJSON). */
  'file.export': action<{ savedTo: string | null }>()(exportRequestSchema),
  /** Prints the report shown in the window to an A4 PDF the user saves. */
  'file.saveReportPdf': action<{ savedTo: string | null }>()(
    z
      .object({
        title: z.string().max(300).refine(isStorableLine, { error: 'validation.textControl' }),
        language: languageSchema,
      })
      .strict(),
  ),
  /** Saves a PNG of the given part of the window (the map with its legend). */
  'file.exportMapImage': action<{ savedTo: string | null }>()(
    z
      .object({
        x: z.number().int().min(0),
        y: z.number().int().min(0),
        width: z.number().int().min(1).max(20_000),
        height: z.number().int().min(1).max(20_000),
      })
      .strict(),
  ),
  /** The desktop window in or out of full screen (the presentation); the browser host uses the Fullscreen API instead. */
  'window.setFullScreen': action<{ fullScreen: boolean }>()(z.object({ fullScreen: z.boolean() }).strict()),
} as const;
