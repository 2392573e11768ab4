import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

/** Every member the demo's first chain (Vänersborg's) has had. */
const FIRST_CHAIN = [
  'Vänersborg',
  'Herning',
  'Husby',
  'Holmestrand',
  'Kangasala',
  'Utajärvi',
  'Eiði',
  'Siglufjörður',
  'Arsuk',
  '15 landkommuner',
];

async function api<T>(method: string, input: object): Promise<T> {
  const answer = await fetch(`${suite.host!.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await answer.json()) as { ok: boolean; value: T };
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  return result.value;
}

describe('Exportera… in the window', () => {
  it('downloads the chain as a semicolon CSV in the browser host, which the import reads back', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    await suite.openDemo(dir);
    await page.getByRole('button', { name: 'Exportera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Exportera kedjan' });
    await dialog.waitFor();
    await dialog.getByLabel('Vänortskedja').selectOption({ label: 'Vänersborgs nordiska vänortskedja' });
    await dialog.getByLabel('Format').selectOption({ label: 'CSV (text för kalkylprogram)' });
    await dialog.getByLabel('Avgränsare').selectOption({ label: 'Semikolon (Excel i Norden)' });
    await suite.browser.screenshot('export-window-dialog');

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Exportera', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Vänersborgs nordiska vänortskedja.csv');
    const path = join(dir, 'export.csv');
    await file.saveAs(path);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Exporten laddades ner' }).count()).toBe(1);

    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    expect(header!.split(';')).toEqual([
      '"Vänortskedja"',
      '"Vänort"',
      '"Land"',
      '"Kontaktår"',
      '"Utträdesår"',
      '"Medlemsantal"',
      '"Uppgiftsår"',
      '"Latitud"',
      '"Longitud"',
      '"GeoNames-id"',
      '"Anteckning"',
    ]);
    const names = rows.map((row) => row.split(';')[1]!.replace(/^"|"$/g, ''));
    expect(names.sort()).toEqual([...FIRST_CHAIN].sort());

    // It reads back: the import preview finds every row, none with a problem, nothing to add.
    const chainId = (await api<Array<{ id: string }>>('chains.list', {}))[0]!.id;
    const preview = await api<{ totalRows: number; rowsWithProblems: number; outcomes: Record<string, number> }>(
      'import.preview',
      { fileName: 'export.csv', contentBase64: bytes.toString('base64'), chainId },
    );
    expect(preview).toMatchObject({ totalRows: FIRST_CHAIN.length, rowsWithProblems: 0 });
    expect(preview.outcomes.add).toBe(0);
  });
});
