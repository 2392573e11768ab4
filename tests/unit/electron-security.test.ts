import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, EVENT_CHANNEL } from '../../shared/ipc-channels';
import { CLIENT_GLOBAL } from '../../shared/client-global';
import { CONTENT_SECURITY_POLICY, isTrustedFrame, isTrustedUrl } from '../../electron/security-policy';
import { sharedFakeElectron as fake } from '../helpers/fake-electron';

// The main process as a whole (windows, IPC, navigation, permissions, app://) is driven in
// electron-security-main.test.ts; this file covers the pure rules and the preload.
vi.mock('electron', async () => (await import('../helpers/fake-electron')).sharedFakeElectron.electron);

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('trusted URLs and frames', () => {
  it("trusts the app's own origin, and the dev server only when one is given", () => {
    expect(isTrustedUrl('app://atlas/index.html', undefined)).toBe(true);
    expect(isTrustedUrl('app://atlas/index.html#/report?chain=1', undefined)).toBe(true);
    expect(isTrustedUrl('https://example.org/', undefined)).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd', undefined)).toBe(false);
    expect(isTrustedUrl('app://other/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('app://atlas.example.org/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('app://atlas:1/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedUrl('not a url', undefined)).toBe(false);
  });

  it("accepts calls only from the app's own top-level page", () => {
    expect(isTrustedFrame({ url: 'app://atlas/index.html', parent: null }, undefined)).toBe(true);
    expect(isTrustedFrame({ url: 'app://atlas/index.html', parent: {} }, undefined)).toBe(false);
    expect(isTrustedFrame({ url: 'https://example.org/', parent: null }, undefined)).toBe(false);
    expect(isTrustedFrame(null, undefined)).toBe(false);
    expect(isTrustedFrame(undefined, undefined)).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  // The header app:// serves, and the copy in the page (which the browser host's E2E tests get).
  const meta = readFileSync(join(root, 'renderer', 'index.html'), 'utf8').match(/content="(default-src[^"]+)"/)?.[1] ?? '';
  const directives = (policy: string) =>
    new Map(
      policy.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );

  it.each([
    ['header', CONTENT_SECURITY_POLICY],
    ['meta', meta],
  ])('%s: scripts only from the app, no plugins, no base, no forms', (_, policy) => {
    const csp = directives(policy);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The one outside source: OpenStreetMap tiles, images only, when the user turns them on.
    expect([...csp.values()].flat().filter((source) => /^https?:/.test(source))).toEqual(['https://tile.openstreetmap.org']);
  });

  it("the page's copy says the same as the header (frame-ancestors is header-only)", () => {
    expect(directives(meta)).toEqual(
      new Map([...directives(CONTENT_SECURITY_POLICY)].filter(([name]) => name !== 'frame-ancestors')),
    );
  });
});

describe('the preload', () => {
  beforeAll(async () => {
    await import('../../electron/preload');
  });

  it("exposes one object, with the API's two functions and nothing else", () => {
    expect(fake.record.exposedInMainWorld.map(({ name }) => name)).toEqual([CLIENT_GLOBAL]);
    const api = fake.record.exposedInMainWorld[0]!.api as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invoke sends only on the API channel', async () => {
    const api = fake.record.exposedInMainWorld[0]!.api as { invoke(method: string, input: unknown): Promise<unknown> };
    fake.record.rendererInvocations.length = 0;
    // The main process answers JSON text; the page gets the parsed result.
    expect(await api.invoke('chains.list', {})).toEqual({ ok: true, value: null });
    expect(fake.record.rendererInvocations).toEqual([{ channel: API_CHANNEL, args: ['chains.list', {}] }]);
  });

  it("onEvent passes the event's data, never Electron's event object, and unsubscribes", () => {
    const api = fake.record.exposedInMainWorld[0]!.api as { onEvent(listener: (...args: unknown[]) => void): () => void };
    const listener = vi.fn();
    const unsubscribe = api.onEvent(listener);
    const electronEvent = { sender: { send: () => {} }, senderFrame: {} };
    fake.electron.ipcRenderer.emitFromMain(EVENT_CHANNEL, electronEvent, { kind: 'document-changed' });
    expect(listener.mock.calls).toEqual([[{ kind: 'document-changed' }]]);
    unsubscribe();
    expect(fake.electron.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});
