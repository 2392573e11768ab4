import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { startHost, type Host } from '../../electron/transport/web-host';
import { childCommand, startChild } from '../helpers/child';
import { createDemoDocument, createRegisterDocument } from '../helpers/documents';
import { sha256 } from '../helpers/files';
import { waitForSymbols } from './map-layout';

/** The first gazetteer search or import preview opens the gazetteer index and starts the worker: seconds on a loaded machine. */
export const GAZETTEER_LOAD_MS = 30_000;

/** A text as a person reads it: no-break and narrow spaces as spaces, runs of white space as one. */
export const normalise = (text: string | null) =>
  (text ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

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
  /**
   * A browser host on a demo made in `dir` that another app instance (a child process) holds
   * open, so the page shows it read-only; `before` is the file's hash before the host opened it.
   * `release` ends the other instance.
   */
  openHeld(dir: string): Promise<{ dbPath: string; before: string; release(): Promise<void> }>;
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
    async openHeld(dir: string) {
      const dbPath = join(dir, 'chain.vanort');
      (await createDemoDocument(dbPath)).close();
      const other = startChild(childCommand('hold', dbPath, dir));
      const release = async () => {
        other.process.stdin!.end();
        await other.exited;
      };
      try {
        await other.waitFor('opened');
        const before = sha256(dbPath);
        suite.host = await startHost({ dbPath, settingsPath: join(dir, 'settings.json') });
        await suite.browser.page.goto(suite.host.url);
        return { dbPath, before, release };
      } catch (error) {
        await release();
        throw error;
      }
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
