import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import { EXCHANGE_FORMAT } from '../../electron/services/sync/exchange';
import { EXCHANGE_MAX_BYTES } from '../../shared/contract';
import { EVENT_CHANNEL } from '../../shared/ipc-channels';
import { contextOf } from '../helpers/documents';
import { callMain, FAKE_PDF, FAKE_PNG, sharedFakeElectron as fake, startFakeMain } from '../helpers/fake-electron';

/**
 * The desktop's own file actions (the parts the browser host answers "unsupported" to): the real
 * electron/main.ts under a recording fake of Electron, called through its IPC handler as the
 * app's page calls it. What each writes is read back: the report PDF as printToPDF made it, a copy
 * that is a whole chain document, exports in each format, the map image.
 */

vi.mock('electron', async () => (await import('../helpers/fake-electron')).sharedFakeElectron.electron);

let base = '';
beforeAll(async () => {
  ({ base } = await startFakeMain(fake, () => import('../../electron/main')));
});
afterAll(() => {
  fake.electron.app.emit('window-all-closed');
  if (base) rmSync(base, { recursive: true, force: true });
});
beforeEach(() => {
  fake.record.saveDialogAnswers.length = 0;
  fake.record.saveDialogOptions.length = 0;
});

const call = (method: string, input: unknown) => callMain(fake, method, input, 'app://atlas/index.html#/report');

const out = (name: string) => join(base, name);
const webContents = () => fake.record.webContents[0]!;

describe('the desktop file actions', () => {
  it('Save as PDF: prints the report by its own page CSS (A4, footer with page numbers), and writes the PDF where the user chose', async () => {
    fake.record.saveDialogAnswers.push(out('rapport.pdf'));
    expect(await call('file.saveReportPdf', { title: 'Vänersborgs nordiska vänortskedja 2013', language: 'en' })).toEqual({
      ok: true,
      value: { savedTo: out('rapport.pdf') },
    });
    // Chromium's own header and footer would print over the report's @page margin boxes.
    const options = webContents().printed.at(-1)!;
    expect(options).toMatchObject({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(readFileSync(out('rapport.pdf'))).toEqual(FAKE_PDF);
    // The suggested name is the report's title, made safe for a file name.
    expect(String(fake.record.saveDialogOptions.at(-1)!.defaultPath)).toMatch(/Vänersborgs nordiska vänortskedja 2013\.pdf$/);
  });

  it('Present: puts the window in full screen and takes it out again', async () => {
    const window = fake.record.windows[0]!;
    expect(await call('window.setFullScreen', { fullScreen: true })).toEqual({ ok: true, value: { fullScreen: true } });
    expect(window.isFullScreen()).toBe(true);
    expect(await call('window.setFullScreen', { fullScreen: false })).toEqual({ ok: true, value: { fullScreen: false } });
    expect(window.isFullScreen()).toBe(false);
    expect((await call('window.setFullScreen', { fullScreen: 'yes' })).ok).toBe(false);
  });

  it('Save as PDF, cancelled: nothing is written', async () => {
    const before = readdirSync(base);
    expect(await call('file.saveReportPdf', { title: 'x', language: 'sv' })).toEqual({ ok: true, value: { savedTo: null } });
    expect(readdirSync(base)).toEqual(before);
  });

  it('Save a copy as…: a whole chain document that opens on its own', async () => {
    fake.record.saveDialogAnswers.push(out('kopia.vanort'));
    expect(await call('file.saveCopy', {})).toEqual({ ok: true, value: { savedTo: out('kopia.vanort') } });
    const copy = await openDocument(out('kopia.vanort'));
    try {
      expect(listChains(contextOf(copy)).map((chain) => chain.name)).toContain('Vänersborgs nordiska vänortskedja');
    } finally {
      copy.close();
    }
  });

  it('Export: CSV with semicolons (one file per table), XLSX and GeoJSON where the user chose', async () => {
    const chains = (await call('chains.list', {})).value as Array<{ id: string; name: string }>;
    const chainId = chains.find((chain) => chain.name === 'Vänersborgs nordiska vänortskedja')!.id;

    fake.record.saveDialogAnswers.push(out('kedjan.csv'));
    expect(await call('file.export', { chainId, format: 'csv', delimiter: ';' })).toMatchObject({
      ok: true,
      value: { savedTo: out('kedjan.csv') },
    });
    const csv = readdirSync(base).filter((name) => name.startsWith('kedjan') && name.endsWith('.csv'));
    expect(csv.length).toBeGreaterThan(1);
    const members = readFileSync(out(csv.find((name) => name === 'kedjan.csv') ?? csv[0]!), 'utf8');
    expect(members.startsWith('\uFEFF')).toBe(true);
    expect(members).toMatch(/"Herning";.*1946.*;230/);

    fake.record.saveDialogAnswers.push(out('kedjan.xlsx'));
    expect(await call('file.export', { chainId, format: 'xlsx', delimiter: ';' })).toMatchObject({ ok: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out('kedjan.xlsx'));
    expect(workbook.worksheets.length).toBeGreaterThan(1);

    fake.record.saveDialogAnswers.push(out('kedjan.geojson'));
    expect(await call('file.export', { chainId, format: 'geojson', delimiter: ';' })).toMatchObject({ ok: true });
    const geojson = JSON.parse(readFileSync(out('kedjan.geojson'), 'utf8')) as {
      type: string;
      features: Array<{ properties: { name: string }; geometry: { coordinates: number[] } }>;
    };
    expect(geojson.type).toBe('FeatureCollection');
    const herning = geojson.features.find((feature) => feature.properties.name === 'Herning')!;
    // RFC 7946: longitude first (Herning is at 9.0 E, 56.1 N).
    expect(herning.geometry.coordinates[0]).toBeCloseTo(8.97, 0);
    expect(herning.geometry.coordinates[1]).toBeCloseTo(56.14, 0);
  });

  it('Export map image: the captured part of the window as a PNG', async () => {
    fake.record.saveDialogAnswers.push(out('karta.png'));
    const area = { x: 10, y: 60, width: 720, height: 640 };
    expect(await call('file.exportMapImage', area)).toEqual({ ok: true, value: { savedTo: out('karta.png') } });
    expect(webContents().captured.at(-1)).toEqual(area);
    expect(readFileSync(out('karta.png'))).toEqual(FAKE_PNG);
    expect(existsSync(out('karta.png'))).toBe(true);
  });
});

describe('Send changes… on the desktop', () => {
  it('is refused before any dialog while the document is not shared; then saved where the user chose, named after this computer', async () => {
    const dialogs = fake.record.saveDialogOptions.length;
    expect(await call('file.saveChanges', {})).toMatchObject({ ok: false, error: { message: 'errors.notShared' } });
    expect(fake.record.saveDialogOptions.length).toBe(dialogs);

    expect(await call('settings.setLaptopName', { laptopName: 'Herning – Karen' })).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect((await call('sync.status', {})).value).toMatchObject({ laptop: 'Herning – Karen' }));
    expect(await call('sync.enable', {})).toMatchObject({ ok: true });
    fake.record.saveDialogAnswers.push(out('till-kollegorna.vanort-changes'));
    const saved = await call('file.saveChanges', { all: true });
    expect(saved).toMatchObject({ ok: true, value: { savedTo: out('till-kollegorna.vanort-changes') } });
    expect(String(fake.record.saveDialogOptions.at(-1)!.defaultPath).split(/[\\/]/).at(-1)).toBe(
      'Herning – Karen.vanort-changes',
    );
    const bytes = readFileSync(out('till-kollegorna.vanort-changes'));
    expect(bytes.subarray(0, 17).toString('latin1')).toBe(`VANORT-CHANGES ${EXCHANGE_FORMAT}\n`);
    expect(bytes.length).toBe((saved.value as { bytes: number }).bytes);
  });
});

describe("Merge a Colleague's File… on the desktop (File menu)", () => {
  type Item = { label?: string; click?: () => void; submenu?: Item[] };
  const find = (items: Item[], label: RegExp): Item | undefined =>
    items
      .flatMap((item) => [item, ...(item.submenu ? [find(item.submenu, label)].flatMap((x) => x ?? []) : [])])
      .find((item) => label.test(item.label ?? ''));
  const mergeEvents = () =>
    webContents()
      .sent.filter((entry) => entry.channel === EVENT_CHANNEL && (entry.args[0] as { kind?: string }).kind === 'merge-file')
      .map((entry) => entry.args[0] as { fileName: string; contentBase64: string });

  it('sends the picked file to the window to preview; Cancel and a file over 64 MB send nothing', async () => {
    const item = find(fake.record.applicationMenu as Item[], /kollegas fil|colleague's file/i);
    expect(item?.click).toBeTypeOf('function');
    const bytes = Buffer.from('VANORT-CHANGES 2\n{}\n');
    writeFileSync(out('Vänersborg – Lena.vanort-changes'), bytes);
    fake.record.openDialogAnswers.push(out('Vänersborg – Lena.vanort-changes'));
    item!.click!();
    await vi.waitFor(() =>
      expect(mergeEvents().at(-1)).toEqual({
        kind: 'merge-file',
        fileName: 'Vänersborg – Lena.vanort-changes',
        contentBase64: bytes.toString('base64'),
      }),
    );
    const sent = mergeEvents().length;

    // Cancel: nothing.
    item!.click!();
    // Over the limit: a message, and the file is not read.
    const huge = out('huge.vanort-changes');
    closeSync(openSync(huge, 'w'));
    truncateSync(huge, EXCHANGE_MAX_BYTES + 1);
    const boxes = fake.record.messageBoxes.length;
    fake.record.openDialogAnswers.push(huge);
    item!.click!();
    await vi.waitFor(() => expect(fake.record.messageBoxes.length).toBe(boxes + 1));
    expect(String(fake.record.messageBoxes.at(-1)!.detail)).toMatch(/64 MB/);
    expect(mergeEvents().length).toBe(sent);
    rmSync(huge);
  });
});

describe('the names the save dialogs suggest', () => {
  // Every dialog here is cancelled (no answer queued): only what it suggested is read.
  const suggested = () => String(fake.record.saveDialogOptions.at(-1)!.defaultPath).split(/[\\/]/).at(-1);

  it('a copy is named after the document, in the window language', async () => {
    await call('file.saveCopy', {});
    expect(suggested()).toBe('Vänersborgs vänortskedja (kopia).vanort');
    await call('settings.setLanguage', { language: 'en' });
    try {
      await vi.waitFor(async () => {
        await call('file.saveCopy', {});
        expect(suggested()).toBe('Vänersborgs vänortskedja (copy).vanort');
      });
    } finally {
      await call('settings.setLanguage', { language: 'sv' });
    }
  });

  it('a report without a title is named "report" in the language it is printed in', async () => {
    await call('file.saveReportPdf', { title: '', language: 'sv' });
    expect(suggested()).toBe('rapport.pdf');
    await call('file.saveReportPdf', { title: '', language: 'en' });
    expect(suggested()).toBe('report.pdf');
  });
});
