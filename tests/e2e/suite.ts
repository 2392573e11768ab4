import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { startHost, type Host } from '../../electron/transport/web-host';
import { createRegisterDocument } from '../helpers/documents';
import { waitForSymbols } from './map-layout';

/** The first gazetteer search or import preview opens the gazetteer index and starts the worker: seconds on a loaded machine. */
export const GAZETTEER_LOAD_MS = 30_000;

/**
 * One Chromium per test file and a fresh browser host per test. After each test: nothing the
 * page did left this machine, and no error reached the page's console.
 */
export function useBrowserSuite(): {
  readonly browser: BrowserSession;
  host: Host | null;
  /** A browser host on the demo made in `dir`, its page open once the map shows its members. */
  openDemo(dir: string): Promise<void>;
  /** A browser host on a one-chain register of `members` made in `dir`, its page opened. */
  openRegister(dir: string, members: number): Promise<void>;
} {
  let browser: BrowserSession | null = null;
  const suite = {
    get browser(): BrowserSession {
      if (!browser) throw new Error('the browser is not open');
      return browser;
    },
    host: null as Host | null,
    async openDemo(dir: string): Promise<void> {
      suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
      await suite.browser.page.goto(suite.host.url);
      await waitForSymbols(suite.browser.page);
    },
    async openRegister(dir: string, members: number): Promise<void> {
      const path = join(dir, 'register.vanort');
      await createRegisterDocument(path, members);
      suite.host = await startHost({ dbPath: path, settingsPath: join(dir, 'settings.json') });
      await suite.browser.page.goto(suite.host.url);
    },
  };
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await suite.browser.page.goto('about:blank');
    await suite.host?.close();
    suite.host = null;
    expect(suite.browser.outsideRequests.splice(0)).toEqual([]);
    expect(suite.browser.pageErrors.splice(0)).toEqual([]);
  });
  return suite;
}
