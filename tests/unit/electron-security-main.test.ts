import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL } from '../../shared/ipc-channels';
import { CONTENT_SECURITY_POLICY } from '../../electron/security-policy';
import { FakeWebContents, sharedFakeElectron as fake, startFakeMain } from '../helpers/fake-electron';

/**
 * Runs the real main process (electron/main.ts: its windows, IPC, protocol, navigation and
 * permission handlers, its first document) against a recording fake of Electron, then drives
 * each handler it registered as a hostile page would. The Electron binary is never needed.
 */

vi.mock('electron', async () => (await import('../helpers/fake-electron')).sharedFakeElectron.electron);

// Every call that reaches the router, so a refused call can be shown not to have reached it.
const routerCalls = vi.hoisted(() => [] as { method: string; input: unknown }[]);
vi.mock('../../electron/shell-router', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/shell-router')>();
  return {
    ...real,
    createShellRouter: (deps: Parameters<typeof real.createShellRouter>[0]) => {
      const router = real.createShellRouter(deps);
      return {
        call: (method: string, input: unknown) => {
          routerCalls.push({ method, input });
          return router.call(method, input);
        },
        callText: (method: string, input: unknown) => {
          routerCalls.push({ method, input });
          return router.callText(method, input);
        },
      };
    },
  };
});

let base = '';
let appRoot = '';
const DEV_SERVER = 'http://localhost:5173';

beforeAll(async () => {
  // A packaged app must not trust a dev server named in its environment.
  vi.stubEnv('ELECTRON_RENDERER_URL', DEV_SERVER);
  // Files just outside the renderer folder, which no app:// URL may reach.
  ({ base, appRoot } = await startFakeMain(
    fake,
    () => import('../../electron/main'),
    (root) => {
      writeFileSync(join(root, 'out', 'secret.txt'), 'secret');
      writeFileSync(join(root, 'secret.txt'), 'secret');
      mkdirSync(join(root, 'out', 'renderer-evil'));
      writeFileSync(join(root, 'out', 'renderer-evil', 'x.txt'), 'secret');
    },
  ));
});

afterAll(() => {
  fake.electron.app.emit('window-all-closed'); // closes the document
  vi.unstubAllEnvs();
  if (base) rmSync(base, { recursive: true, force: true });
});

const UNTRUSTED_URLS = [
  'https://evil.example/',
  'http://localhost:5173/', // the dev server, which a packaged app ignores
  'file:///etc/passwd',
  'app://evil/index.html',
  'app://atlas.evil.example/index.html',
  'app://atlas:8080/index.html',
  'data:text/html,<script>1</script>',
  'about:blank',
  'javascript:alert(1)',
  'not a url',
];

function navigationEvent(url: string) {
  return { preventDefault: vi.fn(), url };
}

describe('the windows the main process opens', () => {
  it("show the app's icon, a file that is in the app", () => {
    const icon = fake.record.windows[0]?.options.icon;
    expect(icon).toBe(join(appRoot, 'resources', 'build', 'icon.png'));
    expect(existsSync(icon as string)).toBe(true);
  });

  it('are isolated, sandboxed, without Node, with web security and only our preload', () => {
    expect(fake.record.windows.length).toBeGreaterThan(0);
    for (const window of fake.record.windows) {
      const preferences = window.options.webPreferences ?? {};
      expect(preferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        preload: join(appRoot, 'out', 'preload', 'preload.cjs'),
      });
      expect(preferences.webSecurity).not.toBe(false);
      expect(preferences.allowRunningInsecureContent).not.toBe(true);
      expect(preferences.experimentalFeatures).not.toBe(true);
      expect(preferences.enableBlinkFeatures).toBeUndefined();
      // The default session is the one whose permission handlers security.ts sets.
      expect(preferences.partition).toBeUndefined();
      expect(preferences.session).toBeUndefined();
      expect(window.loadedUrl).toBe('app://atlas/index.html');
    }
  });
});

describe('IPC from the renderer', () => {
  const frame = (url: string, parent: unknown = null) => ({ url, parent });
  const callAll = async (senderFrame: unknown) => {
    const answers = [];
    for (const [, handler] of fake.record.ipcHandlers) {
      const event = { senderFrame, sender: fake.record.webContents[0], frameId: 1, processId: 1 };
      // The handler answers JSON text, as the preload receives it.
      answers.push(JSON.parse((await (handler as (...args: unknown[]) => Promise<string>)(event, 'chains.list', {})) as string));
    }
    return answers;
  };

  it('is bound on invoke handlers only, no fire-and-forget listeners', () => {
    expect([...fake.record.ipcHandlers.keys()]).toEqual([API_CHANNEL]);
    expect([...fake.record.ipcListeners.keys()]).toEqual([]);
  });

  it("refuses a call from any frame but the app's own top-level page, before the router sees it", async () => {
    const untrustedFrames = [
      frame('app://atlas/index.html', frame('app://atlas/index.html')), // an iframe inside our page
      ...UNTRUSTED_URLS.map((url) => frame(url)),
      null, // the frame navigated away or was destroyed
      undefined,
    ];
    routerCalls.length = 0;
    for (const senderFrame of untrustedFrames) {
      for (const answer of await callAll(senderFrame)) {
        expect(answer, JSON.stringify(senderFrame)).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'unsupported', message: 'errors.unsupported' }),
        });
      }
    }
    expect(routerCalls).toEqual([]);
  });

  it("answers the app's own page through the router", async () => {
    routerCalls.length = 0;
    const [answer] = await callAll(frame('app://atlas/index.html#/report'));
    expect(routerCalls).toEqual([{ method: 'chains.list', input: {} }]);
    expect(answer).toMatchObject({
      ok: true,
      value: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]),
    });
  });
});

describe('every web page the app hosts', () => {
  // The app's window, and one made later (a devtools or other webContents) that must be covered too.
  const allContents = () => {
    const later = new FakeWebContents();
    fake.electron.app.emit('web-contents-created', {}, later);
    return [...fake.record.webContents, later];
  };

  it('cannot navigate or be redirected to another origin', () => {
    for (const contents of allContents()) {
      for (const eventName of ['will-navigate', 'will-redirect']) {
        expect(contents.listenerCount(eventName), eventName).toBeGreaterThan(0);
        for (const url of UNTRUSTED_URLS) {
          const event = navigationEvent(url);
          contents.emit(eventName, event, url, false, true);
          expect(event.preventDefault, `${eventName} ${url}`).toHaveBeenCalled();
        }
        const inApp = navigationEvent('app://atlas/index.html#/report?chain=1');
        contents.emit(eventName, inApp, inApp.url, false, true);
        expect(inApp.preventDefault).not.toHaveBeenCalled();
      }
    }
  });

  it('cannot open a window, and nothing is handed to the OS to open', () => {
    for (const contents of allContents()) {
      expect(contents.windowOpenHandler).not.toBeNull();
      for (const url of [...UNTRUSTED_URLS, 'app://atlas/index.html', 'https://tile.openstreetmap.org/1/1/1.png']) {
        expect(contents.windowOpenHandler!({ url, frameName: '', features: '', disposition: 'new-window' }), url).toEqual({
          action: 'deny',
        });
      }
    }
    // shell.openExternal, if ever used, only for http(s) links.
    for (const url of fake.record.openExternal) expect(new URL(url).protocol).toMatch(/^https?:$/);
  });

  it('cannot attach a webview', () => {
    for (const contents of allContents()) {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'https://evil.example/' });
      expect(event.preventDefault).toHaveBeenCalled();
    }
  });

  it('is refused every permission it asks for or checks', () => {
    const request = fake.record.permissionRequestHandler;
    const check = fake.record.permissionCheckHandler;
    expect(request).not.toBeNull();
    expect(check).not.toBeNull();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'pointerLock',
      'midiSysex',
      'hid',
      'serial',
      'usb',
    ]) {
      const callback = vi.fn();
      request!(fake.record.webContents[0], permission, callback, { requestingUrl: 'app://atlas/index.html' });
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(check!(fake.record.webContents[0], permission, 'app://atlas', {}), permission).toBe(false);
    }
  });
});

describe('the app:// protocol', () => {
  const get = (url: string, init?: RequestInit) => {
    const handler = fake.record.protocolHandlers.get('app');
    if (!handler) throw new Error('app:// is not handled');
    return Promise.resolve(handler(new Request(url, init)));
  };

  it('is a standard, secure scheme that does not bypass the CSP', () => {
    const app = fake.record.privilegedSchemes.find(({ scheme }) => scheme === 'app');
    expect(app?.privileges).toMatchObject({ standard: true, secure: true });
    expect(app?.privileges?.bypassCSP).not.toBe(true);
    expect([...fake.record.protocolHandlers.keys()]).toEqual(['app']);
  });

  it('serves the renderer with the Content-Security-Policy header', async () => {
    for (const url of ['app://atlas/', 'app://atlas/index.html', 'app://atlas/assets/app.js']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('app://atlas/')).text()).toContain('<title>atlas</title>');
  });

  it('answers GET only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await get('app://atlas/index.html', { method, body: method === 'DELETE' ? undefined : 'x' });
      expect(response.status, method).toBe(405);
    }
  });

  it('serves nothing outside the renderer folder, however the path is written', async () => {
    const secretOutside = join(appRoot, 'secret.txt');
    const attempts = [
      'app://atlas/../secret.txt',
      'app://atlas/../../secret.txt',
      'app://atlas/%2e%2e/secret.txt',
      'app://atlas/%2E%2E/%2e%2e/secret.txt',
      'app://atlas/..%2fsecret.txt',
      'app://atlas/..%2f..%2fsecret.txt',
      'app://atlas/assets/..%2f..%2fsecret.txt',
      'app://atlas/..%2frenderer-evil%2fx.txt', // a sibling folder whose name starts like ours
      'app://atlas/..%5csecret.txt',
      'app://atlas/..\\secret.txt',
      'app://atlas/assets\\..\\..\\secret.txt',
      'app://atlas/%00/../secret.txt',
      'app://atlas/index.html%00.png',
      `app://atlas/${encodeURIComponent(secretOutside)}`,
      `app://atlas/${secretOutside}`,
      `app://atlas//${secretOutside}`,
      'app://atlas/%E0%A4%A', // malformed percent-encoding
      'app://evil/index.html', // another host of our scheme
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('secret');
    }
  });

  it('serves the basemap from resources/generated with the CSP, an ETag and 304 for a current copy', async () => {
    const response = await get('app://atlas/generated/basemap.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(((await response.json()) as { type: string }).type).toBe('FeatureCollection');
    const again = await get('app://atlas/generated/basemap.json', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await again.text()).toBe('');
    for (const url of [
      'app://atlas/generated/gazetteer.sqlite',
      'app://atlas/generated/../secret.txt',
      'app://atlas/generated/..%2f..%2fsecret.txt',
      'app://atlas/generated/%2e%2e/demo/vanersborg-chain.json',
      'app://evil/generated/basemap.json',
    ]) {
      const refused = await get(url);
      expect(refused.status, url).toBe(404);
      expect(refused.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('sends the CSP and nosniff on refusals too (404, 400, 405)', async () => {
    for (const [url, init] of [
      ['app://atlas/missing.js', undefined],
      ['app://atlas/%E0%A4%A', undefined],
      ['app://evil/index.html', undefined],
      ['app://atlas/index.html', { method: 'POST', body: 'x' }],
    ] as const) {
      const response = await get(url, init);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });
});
