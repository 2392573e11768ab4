/**
 * Locks in the window. A lock left by another computer that has not been heard from for minutes
 * (it crashed, or was shut with the document open): the window shows the document read-only,
 * offers "Öppna ändå" with a warning, and after the click the document is editable here and the
 * lock is this one's. A lock that another instance took while the window was editing: the next
 * edit is refused in words, and the window shows the document read-only.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentHolder } from '../../electron/db/lock';
import { startHost } from '../../electron/transport/web-host';
import { startInstance } from '../helpers/child';
import { createDemoDocument, plantLock, removeLocks } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('a stale lock from another computer', () => {
  it('is offered for takeover ("Öppna ändå"), and after it the document is editable here', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const dbPath = join(dir, 'chain.vanort');
    (await createDemoDocument(dbPath)).close();
    plantLock(dbPath, { host: 'kansliets-dator', token: 'crashed' }, 5 * 60_000);
    suite.host = await startHost({ dbPath, settingsPath: join(dir, 'settings.json') });
    await page.goto(suite.host.url);
    await page.getByRole('table').first().waitFor();
    const notice = page.getByTestId('read-only-notice');
    await expect.poll(() => notice.textContent()).toContain('Dokumentet är redan öppet i Vänortsatlas på kansliets-dator');
    expect(await notice.textContent()).toContain('Om dokumentet fortfarande är öppet på kansliets-dator kan ändringar');
    const openAnyway = page.getByRole('button', { name: 'Öppna ändå' });
    expect(await openAnyway.getAttribute('aria-describedby')).toBe('take-over-warning');
    expect(await page.locator('.cell-button').count()).toBe(0);
    await suite.browser.screenshot('lock-open-anyway-sv');

    await openAnyway.click();
    await notice.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Dokumentet är nu öppet för ändring här.' }).count())
      .toBe(1);
    expect(currentHolder(dbPath)).toMatchObject({ host: hostname(), pid: process.pid });

    // Editable: a count typed in the table is saved.
    const cell = page.getByRole('button', { name: 'Ändra Medlemmar 2013 för Herning' });
    await cell.click();
    const input = page.getByRole('textbox', { name: 'Ändra Medlemmar 2013 för Herning' });
    await input.fill('999');
    await input.press('Enter');
    await expect.poll(() => page.locator('tbody tr[data-member="Herning"] td').nth(2).textContent().then(normalise)).toBe('999');
    expect(await page.getByRole('button', { name: 'Ångra' }).isDisabled()).toBe(false);
    await suite.browser.screenshot('lock-open-anyway-done-sv');
  });

  it('a lock another instance took meanwhile: the next edit is refused in words, and the window turns read-only', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const dbPath = join(dir, 'chain.vanort');
    (await createDemoDocument(dbPath)).close();
    suite.host = await startHost({ dbPath, settingsPath: join(dir, 'settings.json') });
    await page.goto(suite.host.url);
    await page.getByRole('table').first().waitFor();
    expect(await page.getByTestId('read-only-notice').count()).toBe(0);

    // Someone removes the lock files, and another instance (on "another laptop") opens the document.
    removeLocks(dbPath);
    const other = await startInstance(dbPath, tempDir(), { ATLAS_TEST_LOCK_FOLDER: tempDir() });
    try {
      expect(other.opened).toMatchObject({ ok: true, value: { readOnly: false } });
      await page.getByRole('button', { name: 'Ändra Medlemmar 2013 för Herning' }).click();
      const input = page.getByRole('textbox', { name: 'Ändra Medlemmar 2013 för Herning' });
      await input.fill('999');
      await input.press('Enter');
      await expect.poll(() => page.getByText('så ändringen sparades inte här').count()).toBeGreaterThan(0);
      await expect
        .poll(() => page.getByTestId('read-only-notice').textContent())
        .toContain(`Dokumentet är redan öppet i Vänortsatlas på ${hostname()}`);
      await expect.poll(() => page.locator('.cell-button').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Öppna ändå' }).count()).toBe(0);
      await suite.browser.screenshot('lock-lost-sv');
    } finally {
      await other.stop();
    }
    expect(await page.locator('tbody tr[data-member="Herning"] td').nth(2).textContent().then(normalise)).toBe('230');
  });
});
