/**
 * Hostile text in every user field, through the real router on a real file: markup and script,
 * 10 000 characters, right-to-left marks, combining marks, emoji with ZWJ, formula-like text.
 * It is stored and read back exactly (less surrounding white space, which every field trims), or,
 * for what cannot be kept as text (NUL and other control characters, halves of surrogate pairs),
 * refused at the field with validation.textControl. Exports never turn it into a formula.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { unsupportedFileActions } from '../../electron/router';
import { exportTables, tablesToXlsx, tableToCsv } from '../../electron/services/exporting';
import { protectFormula } from '../../shared/importing/formula';
import type { ChainHistory, ChainMembers, ChainSummary, FactAlternative } from '../../shared/contract';
import { createI18n } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { contextOf } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import {
  demoTemplate,
  fuzzParameters,
  fuzzRuns,
  fuzzTimeout,
  HOSTILE_TEXTS,
  hostileText,
  integrityProblems,
  openFuzzDocument,
  REFUSED_TEXTS,
  type FuzzDocument,
} from '../helpers/fuzz';

const tempDir = useTempDir();

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Demo {
  chainId: string;
  herning: { placeId: string; membershipId: string };
  husby: { placeId: string; membershipId: string };
  meetingId: string;
}

async function demo(doc: FuzzDocument): Promise<Demo> {
  const [chain] = value<ChainSummary[]>(await doc.router.call('chains.list', {}));
  const members = value<ChainMembers>(await doc.router.call('members.list', { chainId: chain!.id }));
  const pick = (name: string) => {
    const member = members.members.find((item) => item.name === name)!;
    return { placeId: member.placeId, membershipId: member.membershipId };
  };
  const history = value<ChainHistory>(await doc.router.call('chains.history', { chainId: chain!.id }));
  return { chainId: chain!.id, herning: pick('Herning'), husby: pick('Husby'), meetingId: history.meetings[0]!.id };
}

const membersOf = async (doc: FuzzDocument, d: Demo, year?: number) =>
  value<ChainMembers>(await doc.router.call('members.list', { chainId: d.chainId, ...(year ? { year } : {}) }));
const memberOf = async (doc: FuzzDocument, d: Demo, placeId: string, year?: number) =>
  (await membersOf(doc, d, year)).members.find((item) => item.placeId === placeId)!;
const historyOf = async (doc: FuzzDocument, d: Demo) =>
  value<ChainHistory>(await doc.router.call('chains.history', { chainId: d.chainId }));

/** Every user text field: how to write a text into it, and how to read it back through the API. */
interface TextField {
  field: string;
  write(d: Demo, text: string): [string, unknown];
  read(doc: FuzzDocument, d: Demo, written: unknown): Promise<string | null | undefined>;
}

const FIELDS: TextField[] = [
  {
    field: 'name',
    write: (d, text) => ['members.rename', { placeId: d.herning.placeId, name: text }],
    read: async (doc, d) => (await memberOf(doc, d, d.herning.placeId)).name,
  },
  {
    field: 'place.name',
    write: (d, text) => [
      'members.add',
      { chainId: d.chainId, joinedYear: 2014, place: { name: text, areaCode: 'FO', latitude: 62, longitude: -7 } },
    ],
    read: async (doc, d, written) =>
      (await membersOf(doc, d, 2014)).members.find((item) => item.placeId === (written as { placeId: string }).placeId)?.name,
  },
  {
    field: 'leaveReason',
    write: (d, text) => ['members.setLeft', { membershipId: d.husby.membershipId, leftYear: 2014, leaveReason: text }],
    read: async (doc, d) => (await memberOf(doc, d, d.husby.placeId, 2013)).leaveReason,
  },
  {
    field: 'sponsorBond',
    write: (d, text) => ['members.setHosting', { membershipId: d.herning.membershipId, canHost: true, sponsorBond: text }],
    read: async (doc, d) => (await memberOf(doc, d, d.herning.placeId)).sponsorBond,
  },
  {
    field: 'source',
    write: (d, text) => ['facts.setSourceNote', { table: 'membership', rowId: d.herning.membershipId, source: text, note: null }],
    read: async (doc, d) => (await memberOf(doc, d, d.herning.placeId)).source,
  },
  {
    field: 'note',
    write: (d, text) => ['facts.setSourceNote', { table: 'membership', rowId: d.husby.membershipId, source: null, note: text }],
    read: async (doc, d) => (await memberOf(doc, d, d.husby.placeId, 2013)).note,
  },
  {
    field: 'fact.source',
    write: (d, text) => [
      'facts.add',
      {
        table: 'membership',
        rowId: d.herning.membershipId,
        field: 'joined_year',
        value: 1946,
        source: text,
        note: null,
        show: false,
      },
    ],
    read: async (doc, d) =>
      value<FactAlternative[]>(
        await doc.router.call('facts.alternatives', { table: 'membership', rowId: d.herning.membershipId, field: 'joined_year' }),
      ).at(-1)?.source,
  },
  {
    field: 'meeting.location',
    write: (d, text) => [
      'meetings.update',
      {
        meetingId: d.meetingId,
        meeting: { year: 1950, hostPlaceId: null, kind: 'other', startDate: null, endDate: null, location: text, note: null },
      },
    ],
    read: async (doc, d) => (await historyOf(doc, d)).meetings.find((item) => item.id === d.meetingId)?.location,
  },
  {
    field: 'meeting.note',
    write: (d, text) => [
      'meetings.update',
      {
        meetingId: d.meetingId,
        meeting: { year: 1950, hostPlaceId: null, kind: 'other', startDate: null, endDate: null, location: null, note: text },
      },
    ],
    read: async (doc, d) => (await historyOf(doc, d)).meetings.find((item) => item.id === d.meetingId)?.note,
  },
];
// An event's title, reference and source, as the timeline shows them; each event is told apart by
// a marker in another of its fields.
let eventNumber = 0;
for (const [field, key] of [
  ['record.title', 'title'],
  ['record.reference', 'reference'],
  ['record.source', 'source'],
] as const) {
  const markerKey = key === 'title' ? 'reference' : 'title';
  FIELDS.push({
    field,
    write: (d, text) => {
      const record: Record<string, unknown> = {
        kind: 'event',
        date: '1901-01-01',
        title: 'Beslut',
        body: null,
        reference: null,
        description: null,
        placeId: null,
        source: null,
      };
      record[key] = text;
      record[markerKey] = `händelse ${(eventNumber += 1)}`;
      return ['records.add', { chainId: d.chainId, record }];
    },
    read: async (doc, d) =>
      (await historyOf(doc, d)).timeline.find(
        (entry) => entry.kind === 'event' && entry[markerKey] === `händelse ${eventNumber}`,
      )?.[key],
  });
}

/** What the field keeps of a text: every field trims surrounding white space. */
const kept = (text: string) => text.trim();
const oneLine = (field: string) => field.endsWith('name') || field === 'record.title';
const limitOf = (field: string) =>
  field.endsWith('name') ? 200 : field === 'record.title' ? 300 : field === 'fact.source' ? 500 : 2000;
const CONTROL =
  // eslint-disable-next-line no-control-regex -- the characters the app must refuse
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a field must do with a text: keep it, or refuse it and say why. */
function expected(field: string, text: string): { stored: string } | { refused: RegExp } {
  const value = kept(text);
  const control = CONTROL.test(value) || (oneLine(field) && /[\t\n\r]/.test(value));
  const tooLong = value.length > limitOf(field);
  // A text with both faults is refused for one of them: the schema names the first it checks.
  if (control && tooLong) return { refused: /^validation\.(textControl|textTooLong|nameTooLong)$/ };
  if (control) return { refused: /^validation\.textControl$/ };
  if (tooLong) return { refused: /^validation\.(textTooLong|nameTooLong)$/ };
  if (value.length === 0 && (oneLine(field) || field === 'fact.source'))
    return { refused: /^validation\.(nameEmpty|titleEmpty|sourceEmpty)$/ };
  return { stored: value };
}

async function expectKeptOrRefused(doc: FuzzDocument, d: Demo, { field, write, read }: TextField, text: string): Promise<void> {
  const [method, input] = write(d, text);
  const answer = await doc.router.call(method, input);
  const label = `${method} ${field} ${JSON.stringify(text.slice(0, 40))}`;
  const outcome = expected(field, text);
  if ('refused' in outcome) {
    expect(answer, label).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(outcome.refused) },
    });
    // Said at the field, so the form shows it there.
    expect((answer as { error: { field?: string } }).error.field, label).toBeTruthy();
  } else {
    expect(answer.ok, `${label}: ${JSON.stringify(answer)}`).toBe(true);
    // An empty optional text is no text.
    const back = await read(doc, d, (answer as { value: unknown }).value);
    if (outcome.stored === '') expect([null, ''], label).toContain(back);
    else expect(back, label).toBe(outcome.stored);
  }
}

describe('hostile text in every user field', () => {
  it('is stored and read back exactly, or refused at the field when it holds a control character or half a surrogate pair', async () => {
    const dir = tempDir();
    const doc = await openFuzzDocument(dir, await demoTemplate(dir), 'text', unsupportedFileActions);
    try {
      const d = await demo(doc);
      for (const field of FIELDS) {
        for (const text of [...HOSTILE_TEXTS, ...REFUSED_TEXTS]) await expectKeptOrRefused(doc, d, field, text);
      }
      // Every refused text is refused in every field.
      for (const text of REFUSED_TEXTS) for (const field of FIELDS) expect(expected(field.field, text)).toHaveProperty('refused');
      expect(integrityProblems(doc.db)).toEqual([]);
    } finally {
      doc.close();
    }
  });

  it(
    'keeps any storable text exactly (fast-check), and refuses any with a control character',
    { timeout: fuzzTimeout(150) },
    async () => {
      const dir = tempDir();
      const doc = await openFuzzDocument(dir, await demoTemplate(dir), 'text-property', unsupportedFileActions);
      try {
        const d = await demo(doc);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...FIELDS), hostileText, async (field, text) => {
            await expectKeptOrRefused(doc, d, field, text);
          }),
          fuzzParameters(fuzzRuns(150)),
        );
        expect(integrityProblems(doc.db)).toEqual([]);
      } finally {
        doc.close();
      }
    },
  );

  it('is exported as text: CSV cells never start a formula, XLSX cells are never formulas, and both give the text back', async () => {
    const dir = tempDir();
    const doc = await openFuzzDocument(dir, await demoTemplate(dir), 'export', unsupportedFileActions);
    try {
      const d = await demo(doc);
      const members = (await membersOf(doc, d)).members;
      const names = [
        '=1+1',
        '+SUM(A1:A9)',
        '@SUM(A1)',
        '-2+3',
        '=HYPERLINK("http://example.org","klicka")',
        '<img src=x onerror=alert(1)>',
        '\u202Egnirts desrever\u202C',
        '👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇴 👍🏽',
        "'; DROP TABLE place; --",
      ];
      expect(members.length).toBeGreaterThanOrEqual(names.length);
      // Hostile names on the members (and so on the meetings' hosts).
      const renamed = new Map<string, string>();
      for (const [index, name] of names.entries()) {
        value(await doc.router.call('members.rename', { placeId: members[index]!.placeId, name }));
        renamed.set(members[index]!.placeId, kept(name));
      }
      const ctx = contextOf({ db: doc.db, readOnly: false } as Parameters<typeof contextOf>[0]);
      const tables = exportTables(ctx, { chainId: d.chainId, t: (await createI18n('sv')).t });
      const formulaStart = /^[=+\-@\t\r]/;

      for (const delimiter of [';', ','] as const) {
        for (const table of tables) {
          const csv = tableToCsv(table, delimiter);
          const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true });
          expect(parsed.errors).toEqual([]);
          const cells = parsed.data.slice(1).flat();
          // Only a negative number (a longitude west of Greenwich) may begin with a minus.
          for (const cell of cells) if (formulaStart.test(cell)) expect(cell, `CSV cell ${cell}`).toMatch(/^-\d+(\.\d+)?$/);
          // Each text comes back, behind the apostrophe that keeps a spreadsheet from running it.
          const textCells = table.rows.flat().filter((cell): cell is string => typeof cell === 'string');
          expect(parsed.data.slice(1).flat()).toEqual(expect.arrayContaining(textCells.map(protectFormula)));
        }
      }
      const membersCsv = tableToCsv(tables[0]!, ';');
      for (const name of renamed.values()) expect(membersCsv).toContain(protectFormula(name).replace(/"/g, '""'));

      const xlsx = await tablesToXlsx(tables);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheetNames = workbook.getWorksheet(1)!.getColumn(2).values.slice(2);
      expect(sheetNames).toEqual(expect.arrayContaining([...renamed.values()]));
      for (const sheet of workbook.worksheets) {
        sheet.eachRow((row) =>
          row.eachCell((cell) => expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula)),
        );
      }
      // And in the file itself: no formula element in any sheet; the text is in a text cell (a shared
      // string or an inline string, as the writer chooses), escaped as XML.
      const unzipped = join(dir, 'xlsx');
      mkdirSync(unzipped);
      writeFileSync(join(unzipped, 'export.xlsx'), xlsx);
      execFileSync('unzip', ['-q', 'export.xlsx'], { cwd: unzipped });
      const xml = execFileSync('sh', ['-c', 'cat xl/worksheets/*.xml xl/sharedStrings.xml 2>/dev/null || true'], {
        cwd: unzipped,
        encoding: 'utf8',
      });
      expect(xml).toContain('<sheetData');
      expect(xml).not.toMatch(/<f[ >]/);
      expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(xml).toContain('=1+1');
    } finally {
      doc.close();
    }
  });
});
