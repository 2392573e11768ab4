import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import type { Host } from '../../electron/transport/web-host';

/** The first gazetteer search or import preview reads the 200,000-place gazetteer: seconds on a loaded machine. */
export const GAZETTEER_LOAD_MS = 30_000;

/**
 * One Chromium per test file and a fresh browser host per test. After each test: nothing the
 * page did left this machine, and no error reached the page's console.
 */
export function useBrowserSuite(): { readonly browser: BrowserSession; host: Host | null } {
  let browser: BrowserSession | null = null;
  const suite = {
    get browser(): BrowserSession {
      if (!browser) throw new Error('the browser is not open');
      return browser;
    },
    host: null as Host | null,
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
