import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listChains } from '../../electron/services/chains';
import { previewImport, previewImportFile } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { readTableBytes } from '../../electron/services/importing/read';
import { contextOf, createDemoDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

describe('imported values go through the same field rules as typed ones', () => {
  it('a name with a control character, a line break or over 200 characters is a problem at its row', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    const huge = 'Å'.repeat(14 * 1024 * 1024);
    const rows = [
      ['Nul\u0000by', 'SE'],
      ['Esc\u001Bby', 'SE'],
      ['Bel\u0007by', 'SE'],
      ['"Two\nlines"', 'SE'],
      [huge, 'SE'],
      ['Lund', 'SE'],
    ];
    const csv = `Vänort;Land;Kontaktår;Latitud;Longitud\n${rows.map(([name, area]) => `${name};${area};1990;55.7;13.2`).join('\n')}\n`;
    const table = await readTableBytes('names.csv', Buffer.from(csv));
    const preview = previewImport(ctx, table);
    const problems = preview.rows.map((row) => row.problems.map((problem) => problem.message));
    expect(problems).toEqual([
      ['validation.textControl'],
      ['validation.textControl'],
      ['validation.textControl'],
      ['validation.textControl'],
      ['validation.nameTooLong'],
      [],
    ]);
    // The preview shows what the file has, but never megabytes of it, and control characters visibly.
    const shown = preview.rows.map((row) => row.problems[0]?.value ?? null);
    expect(shown[0]).toBe('Nul\\u0000by');
    expect(shown[4]!.length).toBeLessThanOrEqual(201);
    // Nothing with a problem can be written; the valid row can.
    const chainId = listChains(ctx)[0]!.id;
    expect(() => applyImport(ctx, chainId, preview, { countYear: 2013 })).toThrow();
    const valid = { ...preview, rows: preview.rows.filter((row) => row.problems.length === 0) };
    expect(applyImport(ctx, chainId, valid, { countYear: 2013 }).added).toBe(1);
    expect(
      document.db.prepare(`SELECT COUNT(*) FROM place WHERE name GLOB '*[' || char(0, 7, 27, 10) || ']*'`).pluck().get(),
    ).toBe(0);
    document.close();
  });

  it('a header of megabytes reaches the dialog cut, its control characters visible, and is still mapped', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const header = `Vänort${' '.repeat(10)}${'x'.repeat(5 * 1024 * 1024)}`;
    const csv = `"${header}";"Land\u0007";Kontaktår\nLund;SE;1990\n`;
    const preview = await previewImportFile(contextOf(document), { fileName: 'wide.csv', bytes: Buffer.from(csv) }, {});
    expect(preview.headers.map((shown) => shown.length)).toEqual([201, 'Land\\u0007'.length, 'Kontaktår'.length]);
    expect(preview.headers[1]).toBe('Land\\u0007');
    expect(preview.mapping[2]).toBe('joinedYear');
    document.close();
  });

  it('refuses a row that joins in the future, as the window does; a former member keeps its count', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    const thisYear = Number(ctx.now().slice(0, 4));
    const csv = [
      'Vänort;Land;Kontaktår;Lämnade;Medlemsantal;Uppgiftsår;Latitud;Longitud',
      `Lund;SE;${thisYear + 1};;;;55.7;13.2`,
      'Malmö;SE;1990;2010;50;2013;55.6;13.0',
      'Ystad;SE;1990;2014;50;2013;55.4;13.8',
      'Trelleborg;SE;1990;2010;;;55.4;13.2',
    ].join('\n');
    const preview = previewImport(ctx, await readTableBytes('contradicting.csv', Buffer.from(csv)), { countYear: 2013 });
    expect(preview.rows.map((row) => row.problems)).toEqual([
      [{ field: 'joinedYear', message: 'validation.joinedInFuture', params: { year: thisYear }, value: String(thisYear + 1) }],
      // Its last count known, as many sheets of former members have: kept, and warned of in "Att granska".
      [],
      [],
      [],
    ]);
    document.close();
  });
});
