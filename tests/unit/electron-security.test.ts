import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isTrustedFrame, isTrustedUrl, webPreferences } from '../../electron/security-policy';

const root = fileURLToPath(new URL('../../', import.meta.url));
const electronSources = readdirSync(join(root, 'electron'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(root, 'electron', name), 'utf8') }));

describe('the window is locked down', () => {
  it('runs the renderer isolated and sandboxed, without Node', () => {
    expect(webPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('every BrowserWindow the app makes uses those settings', () => {
    const windows = electronSources.flatMap(({ name, text }) => [...text.matchAll(/new BrowserWindow\(\{[\s\S]*?\n {2}\}\);/g)].map((match) => ({ name, code: match[0] })));
    expect(windows.length).toBeGreaterThan(0);
    for (const { code } of windows) expect(code).toMatch(/webPreferences: webPreferences\(/);
    for (const { name, text } of electronSources) {
      expect(text, name).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
    }
  });

  it('binds IPC in one place only, and checks the sender frame there', () => {
    const binders = electronSources.filter(({ text }) => /ipcMain\.(handle|on|once)\(/.test(text));
    expect(binders.map(({ name }) => name)).toEqual(['ipc.ts']);
    const ipc = binders[0]!.text;
    expect(ipc.indexOf('isTrustedFrame(event.senderFrame)')).toBeGreaterThan(ipc.indexOf('ipcMain.handle('));
  });

  it('the preload exposes one object and nothing else', () => {
    const preload = readFileSync(join(root, 'electron', 'preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('accepts calls only from the app\'s own top-level page', () => {
    expect(isTrustedUrl('app://atlas/index.html', undefined)).toBe(true);
    expect(isTrustedUrl('https://example.org/', undefined)).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd', undefined)).toBe(false);
    expect(isTrustedUrl('app://other/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedUrl('not a url', undefined)).toBe(false);
    expect(isTrustedFrame({ url: 'app://atlas/index.html', parent: null }, undefined)).toBe(true);
    expect(isTrustedFrame({ url: 'app://atlas/index.html', parent: {} }, undefined)).toBe(false);
    expect(isTrustedFrame(null, undefined)).toBe(false);
  });

  it('has a strict Content-Security-Policy, in the header and in the page', () => {
    const meta = readFileSync(join(root, 'renderer', 'index.html'), 'utf8').match(/content="(default-src[^"]+)"/)?.[1] ?? '';
    for (const policy of [CONTENT_SECURITY_POLICY, meta]) {
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(policy).toContain("connect-src 'self'");
    }
  });
});
