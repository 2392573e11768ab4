import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { csvOfRows } from '../helpers/sheets';
import { startHost } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

describe('a document that does not answer', () => {
  it('while an import runs long the window answers (the language changes); past its limit the document is closed with a plain message', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    // A register just under the row limit: its check takes 5–40 s on this machine, far past the
    // watchdog's import limit set short for the test (the app's is 120 s).
    const file = join(dir, 'register.csv');
    writeFileSync(file, csvOfRows(199_000, 'Ny ort'));
    const limitMs = 1_500;
    suite.host = await startHost({
      dbPath: join(dir, 'demo.vanort'),
      settingsPath: join(dir, 'settings.json'),
      limits: { longCallMs: limitMs },
    });
    await page.goto(suite.host.url);
    await page.getByRole('table').waitFor();
    await page.getByRole('button', { name: 'Importera…' }).click();
    const answered: string[] = [];
    page.on('response', (response) => {
      const method = response.url().split('/api/')[1];
      if (method === 'import.preview' || method === 'settings.setLanguage') answered.push(method);
    });
    // The page reads and encodes the 10 MB file first: seconds on a loaded machine.
    const previewSent = page.waitForRequest((request) => request.url().endsWith('/api/import.preview'), { timeout: 60_000 });
    await page.getByRole('dialog').getByLabel('Fil').setInputFiles(file);
    await previewSent;
    const started = Date.now();
    // The data worker is busy with the file; the shell answers the language menu meanwhile.
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Import…' }).waitFor({ timeout: 10_000 });
    const languageMs = Date.now() - started;
    // Past the limit the worker is ended, and the window says why there is no document.
    const problem = page.locator('.document-problem');
    await problem.waitFor({ timeout: 30_000 });
    const closedMs = Date.now() - started;
    await suite.browser.screenshot('watchdog-closed');
    // The language was answered while the file was still being checked, before the watchdog ended it.
    expect(answered).toEqual(['settings.setLanguage', 'import.preview']);
    expect(await problem.getByRole('heading').textContent()).toBe('The document was closed');
    expect(await problem.locator('.problem-message').textContent()).toBe(
      'The document did not respond and was closed: demo.vanort. What was under way was saved whole or not at all; the file is whole. It will not open by itself next time; open it again from the File menu to try once more.',
    );
    // Within its limit, with room for ending and restarting the worker on a loaded machine.
    expect(closedMs).toBeLessThan(limitMs + 20_000);
    console.log(`language changed after ${languageMs} ms; document closed after ${closedMs} ms (limit ${limitMs} ms)`);
  });
});
