import { writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
// exceljs takes 1–2 s to load: it is loaded when a spreadsheet is first read or written, not
// with every data worker.
import type { TFunction } from 'i18next';
import Papa from 'papaparse';
import type { ExportDelimiter, ExportFormat } from '../../shared/contract';
import { protectFormula, protectTextCell } from '../../shared/importing/formula';
import type { DocumentContext } from './context';
import { chainMeetings } from './history';
import { notFound } from './context';

/**
 * Export of a chain to open formats: CSV (UTF-8 with BOM, semicolon, comma or tab; Nordic Excel
 * expects semicolons), XLSX (one sheet per table) and GeoJSON (RFC 7946). A count that was not
 * reported is written as exportHeaders.notReported ("Uppgift saknas"), never as 0; a member whose
 * branch has reported no count at all has an empty count and count year. The import reads every
 * column of the members table back (the chain's name aside: it imports into the chain shown).
 */
export type { ExportFormat } from '../../shared/contract';
export type Delimiter = ExportDelimiter;

type Cell = string | number | null;
interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

function chainOf(ctx: DocumentContext, chainId: string | undefined): { id: string; name: string } {
  // Only the id and name: listChains would also count every chain's members.
  const chain = ctx.db
    .prepare(
      `SELECT id, name FROM chain WHERE deleted_at IS NULL AND (@chainId IS NULL OR id = @chainId) ORDER BY created_at, rowid LIMIT 1`,
    )
    .get({ chainId: chainId ?? null }) as { id: string; name: string } | undefined;
  if (!chain) throw notFound(`chain ${chainId ?? '(none)'}`);
  return chain;
}

/** One period of a place in the chain, as the export writes it. */
interface ExportedMember {
  membershipId: string;
  name: string;
  areaCode: string;
  joinedYear: number | null;
  leftYear: number | null;
  /** The branch's latest count and its year; a null count of a year is "not reported". */
  memberCount: number | null;
  countYear: number | null;
  latitude: number | null;
  longitude: number | null;
  geonameId: number | null;
  note: string | null;
}

/**
 * Every member the chain has had, those who left included (the members table shows one year's
 * chain; an export is the whole of it), each with its branch's latest count.
 */
function exportedMembers(ctx: DocumentContext, chainId: string): ExportedMember[] {
  return ctx.db
    .prepare(
      `SELECT m.id AS membershipId, p.name, p.area_code AS areaCode, m.joined_year AS joinedYear, m.left_year AS leftYear,
              latest.count AS memberCount, latest.year AS countYear, p.latitude, p.longitude,
              p.geonames_id AS geonameId, m.note
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
         LEFT JOIN member_count latest ON latest.id = (
           SELECT mc.id FROM member_count mc JOIN branch b ON b.id = mc.branch_id
            WHERE b.place_id = p.id AND b.deleted_at IS NULL AND mc.deleted_at IS NULL
            ORDER BY mc.year DESC LIMIT 1)
        WHERE m.chain_id = ? AND m.deleted_at IS NULL
        ORDER BY m.joined_year, p.name, m.id`,
    )
    .all(chainId) as ExportedMember[];
}

/** The chain's tables, headed in the language of `t` (the export's, not necessarily the window's). */
export function exportTables(ctx: DocumentContext, options: { chainId?: string; t: TFunction }): Table[] {
  const { t } = options;
  const chain = chainOf(ctx, options.chainId);
  const notReported = t('exportHeaders.notReported');
  const memberRows = exportedMembers(ctx, chain.id).map((member) => [
    chain.name,
    member.name,
    member.areaCode,
    member.joinedYear,
    member.leftYear,
    // Not reported that year is said in words; no count at all is an empty cell, so that an
    // import does not make a "not reported" of a year the branch was never asked about.
    member.memberCount ?? (member.countYear === null ? null : notReported),
    member.countYear,
    member.latitude,
    member.longitude,
    member.geonameId,
    member.note,
  ]);
  const counts = ctx.db
    .prepare(
      `SELECT p.name, mc.year, mc.count FROM member_count mc
         JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
         JOIN place p ON p.id = b.place_id AND p.deleted_at IS NULL
        WHERE mc.deleted_at IS NULL AND p.id IN (SELECT place_id FROM membership WHERE chain_id = ? AND deleted_at IS NULL)
        ORDER BY p.name, mc.year`,
    )
    .all(chain.id) as Array<{ name: string; year: number; count: number | null }>;
  return [
    {
      name: t('exportHeaders.members'),
      columns: [
        t('exportHeaders.chain'),
        t('exportHeaders.member'),
        t('exportHeaders.area'),
        t('exportHeaders.joined'),
        t('exportHeaders.left'),
        t('exportHeaders.count'),
        t('exportHeaders.countYear'),
        t('exportHeaders.lat'),
        t('exportHeaders.lon'),
        t('exportHeaders.geonameId'),
        t('exportHeaders.note'),
      ],
      rows: memberRows,
    },
    {
      name: t('exportHeaders.counts'),
      columns: [t('exportHeaders.member'), t('exportHeaders.year'), t('exportHeaders.count')],
      rows: counts.map((row) => [row.name, row.year, row.count ?? notReported]),
    },
    {
      name: t('exportHeaders.meetings'),
      columns: [t('exportHeaders.year'), t('exportHeaders.host'), t('exportHeaders.kind')],
      rows: chainMeetings(ctx, chain.id).map((meeting) => [meeting.year, meeting.hostName, meeting.kind]),
    },
  ];
}

export function tableToCsv(table: Table, delimiter: Delimiter): string {
  const data = table.rows.map((row) => row.map((cell) => (typeof cell === 'string' ? protectFormula(cell) : (cell ?? ''))));
  // Every text field in quotes: a spreadsheet that splits on the other separator ("x,=2+5" in a
  // semicolon file) must not see a field that begins with a formula.
  const quotes = (value: unknown) => typeof value === 'string' && value !== '';
  // BOM first, so that Excel reads UTF-8 (å ä ö ð); CRLF line ends, as Excel writes them.
  return `\uFEFF${Papa.unparse({ fields: table.columns, data }, { delimiter, newline: '\r\n', quotes })}\r\n`;
}

/** CSV holds one table a file: the members in the chosen file, each other table beside it. */
export function csvFiles(tables: Table[], path: string, delimiter: Delimiter): Array<{ path: string; text: string }> {
  const stem = path.replace(/\.csv$/i, '');
  return tables.map((table, index) => ({
    path: index === 0 ? path : `${stem}-${table.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}.csv`,
    text: tableToCsv(table, delimiter),
  }));
}

/**
 * One sheet per table, written with exceljs's streaming WorkbookWriter: each row is turned into
 * XML as it is added and compressed as it goes, instead of a whole workbook of cell objects built
 * in memory first (100,000 members took some 20 s and hundreds of MB that way).
 */
export async function tablesToXlsx(tables: Table[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Without cell styles: exceljs's style bookkeeping per cell tripled the time of a 100,000-row
  // export (5.3 s against 1.7 s). The header row is frozen instead of bold, so it stays in view.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: false,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  workbook.creator = 'Vänortsatlas';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map(() => ({ width: 18 }));
    sheet.addRow(table.columns).commit();
    // Strings are written as text cells, never as formulas, whatever they begin with.
    for (const row of table.rows)
      sheet.addRow(row.map((cell) => (typeof cell === 'string' ? protectTextCell(cell) : cell))).commit();
    sheet.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}

/**
 * RFC 7946: a FeatureCollection of Points, coordinates in longitude, latitude order, WGS 84. A
 * member without a position is left out (it has no point to be); the CSV and XLSX hold it.
 * Properties are JSON values, so no text needs an apostrophe here.
 */
export function chainToGeoJson(ctx: DocumentContext, options: { chainId?: string }): object {
  const chain = chainOf(ctx, options.chainId);
  return {
    type: 'FeatureCollection',
    features: exportedMembers(ctx, chain.id)
      .filter((member) => member.latitude !== null && member.longitude !== null)
      .map((member) => ({
        type: 'Feature',
        id: member.membershipId,
        geometry: { type: 'Point', coordinates: [member.longitude, member.latitude] },
        properties: {
          chain: chain.name,
          name: member.name,
          areaCode: member.areaCode,
          joinedYear: member.joinedYear,
          leftYear: member.leftYear,
          // null: not reported (unknown), never 0; with a null countYear too, no count at all
          memberCount: member.memberCount,
          countYear: member.countYear,
          geonameId: member.geonameId,
          note: member.note,
        },
      })),
  };
}

/** The file name an export of the chain gets: the chain's name, without what a file system refuses. */
function exportFileName(chainName: string, format: ExportFormat): string {
  return `${chainName.replace(/[\\/:*?"<>|\p{Cc}]/gu, '-').trim() || 'chain'}.${format}`;
}

/**
 * The export as one file's bytes (CSV: the members table, the file the import reads back), for
 * a download where there is no folder to write the other tables beside it.
 */
export async function exportChainBytes(
  ctx: DocumentContext,
  options: { chainId: string; format: ExportFormat; delimiter: Delimiter; t: TFunction },
): Promise<{ fileName: string; bytes: Buffer }> {
  const { chainId, format, delimiter, t } = options;
  const fileName = exportFileName(chainOf(ctx, chainId).name, format);
  if (format === 'geojson') return { fileName, bytes: Buffer.from(JSON.stringify(chainToGeoJson(ctx, { chainId }), null, 2)) };
  const tables = exportTables(ctx, { chainId, t });
  if (format === 'xlsx') return { fileName, bytes: await tablesToXlsx(tables) };
  return { fileName, bytes: Buffer.from(tableToCsv(tables[0]!, delimiter)) };
}

/**
 * Writes the chain at `path` in the format asked for (CSV: the other tables in files beside it).
 * The window's File > Export and Export dialog, and the command line, all export through here.
 */
export async function exportChainToFile(
  ctx: DocumentContext,
  options: { chainId: string; format: ExportFormat; delimiter: Delimiter; t: TFunction; path: string },
): Promise<void> {
  const { path, ...request } = options;
  if (request.format !== 'csv') {
    await writeFile(path, (await exportChainBytes(ctx, request)).bytes);
    return;
  }
  for (const file of csvFiles(exportTables(ctx, request), path, request.delimiter)) await writeFile(file.path, file.text);
}
